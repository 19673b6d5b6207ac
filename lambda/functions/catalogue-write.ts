/** Lambda entry: admin writes to the catalogue. */
import { createHandler } from '../api/handler';
import { catalogueWriteOperations } from '../api/operations/catalogue-write';
import { createSqsImportQueue } from '../imports/sqs-import-queue';
import { createAttendanceStore } from '../store/attendance-store';
import { createCatalogueStore } from '../store/catalogue-store';
import { createChangeStore } from '../store/change-store';
import { createDeletionStore } from '../store/deletion-store';
import { createImportStore } from '../store/import-store';
import type { CatalogueWriteStores } from '../store/stores';
import { createWebhookStore } from '../store/webhook-store';
import { apiFunctionEnvironment } from './api-environment';
import { webhookSetupFromEnvironment } from './webhook-environment';

const { doc, tableName, cursors, settings } = await apiFunctionEnvironment();
const stores: CatalogueWriteStores = {
  catalogue: createCatalogueStore(doc, tableName, cursors),
  attendance: createAttendanceStore(doc, tableName, cursors),
  changes: createChangeStore(doc, tableName),
  webhooks: createWebhookStore(doc, tableName),
  deletions: createDeletionStore(doc, tableName),
  imports: createImportStore(doc, tableName),
};
export const handler = createHandler(catalogueWriteOperations(stores, { webhooks: webhookSetupFromEnvironment(), imports: createSqsImportQueue(process.env.IMPORT_QUEUE_URL!) }), settings);
