/** Lambda entry: admin writes to the catalogue. */
import { createHandler } from '../api/handler';
import { catalogueWriteOperations } from '../api/operations/catalogue-write';
import { handlerSettingsFromEnvironment, storesFromEnvironment, webhookSetupFromEnvironment } from './environment';

export const handler = createHandler(catalogueWriteOperations(await storesFromEnvironment(), { webhooks: webhookSetupFromEnvironment() }), handlerSettingsFromEnvironment());
