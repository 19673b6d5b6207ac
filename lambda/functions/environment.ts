/** What a function reads from its environment, once per cold start. */
import { createDocumentClient } from '../store/dynamo-client';

/**
 * The function's table (TABLE_NAME) and a client for it. Each function
 * makes only the stores it uses from them: what it leaves out is left out of
 * its bundle too.
 */
export function tableFromEnvironment() {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { doc: createDocumentClient(), tableName };
}
