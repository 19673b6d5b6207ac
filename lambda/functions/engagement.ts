/** Lambda entry: polls and reviews (votes, reviews, poll creation and moderation). */
import { createHandler } from '../api/handler';
import { engagementOperations } from '../api/operations/engagement';
import { apiFunctionEnvironment } from './api-environment';

const { stores, settings } = await apiFunctionEnvironment();
export const handler = createHandler(engagementOperations(stores), settings);
