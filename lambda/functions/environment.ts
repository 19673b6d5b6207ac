/** What a function reads from its environment, once per cold start. */
import { createDocumentClient } from '../store/dynamo-client';
import { createStores } from '../store/stores';

export function storesFromEnvironment() {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return createStores(createDocumentClient(), tableName);
}
