/** Lambda entry: public reads of the catalogue (read-only table grants). */
import { createHandler } from '../api/handler';
import { catalogueReadOperations } from '../api/operations/catalogue-read';
import { createAttendanceStore } from '../store/attendance-store';
import { createCatalogueStore } from '../store/catalogue-store';
import { createChangeStore } from '../store/change-store';
import { createCheckInStore } from '../store/check-in-store';
import { createEngagementStore } from '../store/engagement-store';
import type { CatalogueReadStores } from '../store/stores';
import { apiFunctionEnvironment } from './api-environment';

const { doc, tableName, cursors, settings } = await apiFunctionEnvironment();
const stores: CatalogueReadStores = {
  cursors,
  catalogue: createCatalogueStore(doc, tableName, cursors),
  attendance: createAttendanceStore(doc, tableName, cursors),
  engagement: createEngagementStore(doc, tableName, cursors),
  changes: createChangeStore(doc, tableName),
  checkIns: createCheckInStore(doc, tableName, cursors),
};
export const handler = createHandler(catalogueReadOperations(stores), settings);
