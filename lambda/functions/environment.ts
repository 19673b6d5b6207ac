/** What a function reads from its environment, once per cold start. */
import { createDocumentClient } from '../store/dynamo-client';
import { createCatalogueStore } from '../store/catalogue-store';

export function storeFromEnvironment() {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createCatalogueStore(createDocumentClient(), tableName);
}
