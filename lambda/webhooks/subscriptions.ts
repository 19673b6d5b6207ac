/**
 * Webhook subscriptions: subscribe a receiver (checked as every delivery
 * checks it), rotate its signing secret, show it without the secret. The
 * secret is made here and shown once, in the answer that creates it.
 */
import { CatalogueError, notFound } from '../domain/errors';
import { requireEvent } from '../catalogue/sessions';
import type { Stores } from '../store/stores';
import type { DeliveryRecord, Webhook } from '../store/webhook-store';
import { checkReceiver, ReceiverRefused } from './receiver-guard';
import { secretContext } from './secret-sealer';
import type { WebhookSetup } from './setup';
import { newSecret } from './signature';

export interface WebhookView {
  id: string;
  eventId: string;
  url: string;
  createdAt: string;
  secretRotatedAt?: string;
  /** While a rotated-out secret still signs beside the new one. */
  previousSecretExpiresAt?: string;
}

export function webhookView(hook: Webhook, now = new Date()): WebhookView {
  const { id, eventId, url, createdAt, secretRotatedAt, previousSecretExpiresAt } = hook;
  const previousValid = previousSecretExpiresAt !== undefined && new Date(previousSecretExpiresAt) > now;
  return { id, eventId, url, createdAt, ...(secretRotatedAt ? { secretRotatedAt } : {}), ...(previousValid ? { previousSecretExpiresAt } : {}) };
}

export const deliveryView = ({ seq, status, attempts, at, lastError }: DeliveryRecord) => ({ seq, status, attempts, at, ...(lastError ? { lastError } : {}) });

/** Creates the webhook (answering its secret) or points an existing one at `url` (secret unchanged, not shown). */
export async function subscribe(stores: Pick<Stores, 'catalogue' | 'changes' | 'webhooks'>, setup: WebhookSetup, eventId: string, webhookId: string, url: string) {
  await requireEvent(stores.catalogue, eventId);
  try {
    await checkReceiver(url, setup.receivers);
  } catch (error) {
    if (!(error instanceof ReceiverRefused)) throw error;
    throw new CatalogueError('invalid', 'The body is not valid', [{ path: 'body.url', message: error.message }]);
  }
  const updated = await stores.webhooks.setWebhookUrl(eventId, webhookId, url);
  if (updated) return { created: false, webhook: webhookView(updated) };
  const secret = newSecret();
  const hook: Webhook = {
    eventId,
    id: webhookId,
    url,
    sealedSecret: await setup.secrets.seal(secret, secretContext(eventId, webhookId)),
    createdAt: new Date().toISOString(),
    fromSeq: await stores.changes.lastChangeSeq(eventId),
  };
  if (await stores.webhooks.createWebhook(hook)) return { created: true, webhook: webhookView(hook), secret };
  // Another PUT created it a moment ago: this one only sets the URL, and that secret stays the one shown.
  const raced = await stores.webhooks.setWebhookUrl(eventId, webhookId, url);
  if (!raced) throw new CatalogueError('conflict', `Webhook ${webhookId} was created and removed meanwhile; send the PUT again`);
  return { created: false, webhook: webhookView(raced) };
}

/** A new secret, shown once; the old one keeps signing beside it for `keepPreviousSeconds` (0: stops at once). */
export async function rotateSecret(stores: Pick<Stores, 'catalogue' | 'changes' | 'webhooks'>, setup: WebhookSetup, eventId: string, webhookId: string, keepPreviousSeconds: number) {
  const hook = await stores.webhooks.getWebhook(eventId, webhookId);
  if (!hook) throw notFound(`Webhook ${webhookId}`);
  const secret = newSecret();
  const now = new Date();
  const rotation = {
    expectedSealed: hook.sealedSecret,
    sealedSecret: await setup.secrets.seal(secret, secretContext(eventId, webhookId)),
    previousExpiresAt: new Date(now.getTime() + keepPreviousSeconds * 1000).toISOString(),
    at: now.toISOString(),
  };
  if (!(await stores.webhooks.rotateSecret(eventId, webhookId, rotation))) {
    throw new CatalogueError('conflict', `The secret of webhook ${webhookId} was rotated meanwhile, or the webhook removed; read it and rotate again`);
  }
  const view = webhookView({ ...hook, secretRotatedAt: rotation.at, previousSecretExpiresAt: rotation.previousExpiresAt }, now);
  return { ...view, secret };
}
