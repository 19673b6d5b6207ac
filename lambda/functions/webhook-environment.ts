/**
 * How the functions that send webhooks (the write function, which tests a
 * new receiver, and the deliverer) reach receivers in AWS; in a file of its
 * own so that the other functions carry none of it.
 */
import { kmsSealer } from '../webhooks/kms-sealer';
import { systemResolve } from '../webhooks/receiver-guard';
import { rememberOpened } from '../webhooks/secret-sealer';
import { ATTEMPT_TIMEOUT_MS, type WebhookSetup } from '../webhooks/setup';

/** In AWS: public https receivers only, secrets sealed by the stack's KMS key (WEBHOOK_SECRET_KEY_ID). */
export function webhookSetupFromEnvironment(): WebhookSetup {
  const keyId = process.env.WEBHOOK_SECRET_KEY_ID;
  if (!keyId) throw new Error('WEBHOOK_SECRET_KEY_ID is not set');
  return { receivers: { resolve: systemResolve }, secrets: rememberOpened(kmsSealer(keyId)), attemptTimeoutMs: ATTEMPT_TIMEOUT_MS };
}
