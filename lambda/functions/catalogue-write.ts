/** Lambda entry: admin writes to the catalogue. */
import { createHandler } from '../api/handler';
import { catalogueWriteOperations } from '../api/operations/catalogue-write';
import { apiFunctionEnvironment } from './api-environment';
import { webhookSetupFromEnvironment } from './environment';

const { stores, settings } = await apiFunctionEnvironment();
export const handler = createHandler(catalogueWriteOperations(stores, { webhooks: webhookSetupFromEnvironment() }), settings);
