/** What a function reads from its environment, once per cold start. */
import { createDocumentClient } from '../store/dynamo-client';
import { createStores } from '../store/stores';
import { kmsSealer } from '../webhooks/kms-sealer';
import { systemResolve } from '../webhooks/receiver-guard';
import { rememberOpened } from '../webhooks/secret-sealer';
import { ATTEMPT_TIMEOUT_MS, type WebhookSetup } from '../webhooks/setup';

/**
 * The stores over the function's table. `cursorKey` signs the cursors handed
 * to clients: the deployment's secret for the functions that page lists
 * (./api-environment.ts); the others page only within one call.
 */
export function storesFromEnvironment(cursorKey?: Uint8Array) {
  const { doc, tableName } = tableFromEnvironment();
  return createStores(doc, tableName, cursorKey);
}

/**
 * The function's table (TABLE_NAME) and a client for it, for a background
 * function that makes only the stores it uses: what it leaves out is left
 * out of its bundle too.
 */
export function tableFromEnvironment() {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { doc: createDocumentClient(), tableName };
}

/** In AWS: public https receivers only, secrets sealed by the stack's KMS key (WEBHOOK_SECRET_KEY_ID). */
export function webhookSetupFromEnvironment(): WebhookSetup {
  const keyId = process.env.WEBHOOK_SECRET_KEY_ID;
  if (!keyId) throw new Error('WEBHOOK_SECRET_KEY_ID is not set');
  return { receivers: { resolve: systemResolve }, secrets: rememberOpened(kmsSealer(keyId)), attemptTimeoutMs: ATTEMPT_TIMEOUT_MS };
}
