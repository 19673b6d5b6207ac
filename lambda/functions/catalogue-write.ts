/** Lambda entry: admin writes to the catalogue. */
import { createHandler } from '../api/handler';
import { catalogueWriteOperations } from '../api/operations/catalogue-write';
import { apiFunctionEnvironment } from './api-environment';
import { webhookSetupFromEnvironment } from './environment';
import { createSqsImportQueue } from '../imports/sqs-import-queue';

const { stores, settings } = await apiFunctionEnvironment();
export const handler = createHandler(catalogueWriteOperations(stores, { webhooks: webhookSetupFromEnvironment(), imports: createSqsImportQueue(process.env.IMPORT_QUEUE_URL!) }), settings);
