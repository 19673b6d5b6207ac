/** Lambda entry: polls and reviews (votes, reviews, poll creation and moderation). */
import { createHandler } from '../api/handler';
import { engagementOperations } from '../api/operations/engagement';
import { createCatalogueStore } from '../store/catalogue-store';
import { createEngagementStore } from '../store/engagement-store';
import { apiFunctionEnvironment } from './api-environment';

const { doc, tableName, cursors, settings } = await apiFunctionEnvironment();
export const handler = createHandler(engagementOperations({ catalogue: createCatalogueStore(doc, tableName, cursors), engagement: createEngagementStore(doc, tableName, cursors) }), settings);
