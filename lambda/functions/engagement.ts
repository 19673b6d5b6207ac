/** Lambda entry: polls and reviews (votes, reviews, poll creation and moderation). */
import { createHandler } from '../api/handler';
import { engagementOperations } from '../api/operations/engagement';
import { handlerSettingsFromEnvironment, storesFromEnvironment } from './environment';

export const handler = createHandler(engagementOperations(await storesFromEnvironment()), handlerSettingsFromEnvironment());
