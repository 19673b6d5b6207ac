/**
 * Webhook deliveries. Each change of an event after a webhook's subscription
 * is POSTed to it as JSON, signed the Standard Webhooks way (./signature.ts)
 * under a delivery id that stays the same on every retry and every restart
 * (`webhook-id: {event}.{webhook}.{change}`), so receivers drop repeats.
 * Deliveries run apart from the API and the change feed, through a queue
 * (SQS FIFO in AWS, an in-process worker locally), so a slow or dead receiver
 * slows neither; their order is kept per object. A delivery that has an
 * outcome recorded is never made again, whatever replays the queue or the
 * stream bring.
 */
import type { Stores } from '../store/stores';
import type { Webhook } from '../store/webhook-store';
import { postToReceiver } from './post';
import { checkReceiver } from './receiver-guard';
import { secretContext } from './secret-sealer';
import type { WebhookSetup } from './setup';
import { standardWebhookHeaders } from './signature';

export interface DeliveryJob {
  eventId: string;
  webhookId: string;
  seq: number;
  /** `session:graviton`: deliveries of one object keep their order. */
  objectKey: string;
}

export interface DeliveryQueue {
  enqueue(jobs: readonly DeliveryJob[]): Promise<void>;
}

/** A failed attempt, with the only reasons a webhook's owner is shown: nothing that maps the network. */
export class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
  static unreachable = (cause: unknown) => new DeliveryFailed('unreachable', { cause });
  static status = (status: number) => new DeliveryFailed(`delivery failed (status ${status})`);
}

export const deliveryIdOf = (job: Pick<DeliveryJob, 'eventId' | 'webhookId' | 'seq'>) => `${job.eventId}.${job.webhookId}.${job.seq}`;

/** A webhook is sent the changes after its subscription, never one from before. */
export const coversChange = (webhook: Pick<Webhook, 'fromSeq'>, seq: number) => seq > webhook.fromSeq;

/** The secrets a delivery is signed with: the current one, and a rotated-out one until it expires. */
async function signingSecrets(setup: WebhookSetup, webhook: Webhook, now: Date): Promise<string[]> {
  const context = secretContext(webhook.eventId, webhook.id);
  const sealed = [webhook.sealedSecret];
  if (webhook.previousSealedSecret && webhook.previousSecretExpiresAt && new Date(webhook.previousSecretExpiresAt) > now) {
    sealed.push(webhook.previousSealedSecret);
  }
  return Promise.all(sealed.map((s) => setup.secrets.open(s, context)));
}

/** Rejects after `ms` with `error`, whatever `promise` does (a name lookup cannot be cancelled). */
function within<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One attempt. Resolves when the receiver took it (2xx), or when there is
 * nothing to deliver: the webhook is gone, the change predates it, or the
 * delivery has an outcome already. Throws DeliveryFailed otherwise.
 */
export async function deliverOnce(stores: Pick<Stores, 'webhooks'>, setup: WebhookSetup, job: DeliveryJob, attempt: number): Promise<void> {
  const [webhook, change, recorded] = await Promise.all([
    stores.webhooks.getWebhook(job.eventId, job.webhookId),
    stores.webhooks.getChange(job.eventId, job.seq),
    stores.webhooks.getDelivery(job.eventId, job.webhookId, job.seq),
  ]);
  if (!webhook || !change || recorded || !coversChange(webhook, job.seq)) return;
  const now = new Date();
  const deadline = now.getTime() + setup.attemptTimeoutMs;
  const secrets = await signingSecrets(setup, webhook, now);
  const { seq, type, id, action, version, at, data } = change;
  const deliveryId = deliveryIdOf(job);
  const body = JSON.stringify({ deliveryId, eventId: job.eventId, change: { seq, type, id, action, version, at, data } });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'session-catalogue-webhooks/2',
    ...standardWebhookHeaders(secrets, deliveryId, Math.floor(now.getTime() / 1000), body),
  };
  let status: number;
  try {
    // Checked again at every attempt, and the POST goes to the address checked now.
    const receiver = await within(checkReceiver(webhook.url, setup.receivers), setup.attemptTimeoutMs, () => new Error('name resolution timed out'));
    status = await postToReceiver(receiver, headers, body, deadline);
  } catch (error) {
    throw DeliveryFailed.unreachable(error);
  }
  if (status < 200 || status > 299) throw DeliveryFailed.status(status);
  await stores.webhooks.recordDelivery(job.eventId, job.webhookId, { seq: job.seq, status: 'delivered', attempts: attempt, at: new Date().toISOString() });
}

/** After the last attempt: the failure is kept where an admin can see it, in words that map nothing. */
export async function recordFailedDelivery(stores: Pick<Stores, 'webhooks'>, job: DeliveryJob, attempts: number, error: unknown): Promise<void> {
  await stores.webhooks.recordDelivery(job.eventId, job.webhookId, {
    seq: job.seq,
    status: 'failed',
    attempts,
    at: new Date().toISOString(),
    lastError: error instanceof DeliveryFailed ? error.message : 'delivery failed (internal error)',
  });
}

/** The deliveries a new change makes: one per webhook of its event subscribed before it. */
export async function deliveriesOf(stores: Pick<Stores, 'webhooks'>, eventId: string, seq: number, objectKey: string): Promise<DeliveryJob[]> {
  const webhooks = await stores.webhooks.listWebhooks(eventId);
  return webhooks.filter((w) => coversChange(w, seq)).map((w) => ({ eventId, webhookId: w.id, seq, objectKey }));
}
