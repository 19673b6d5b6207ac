/**
 * Webhook deliveries. Each change of an event is POSTed to each of the
 * event's webhooks as JSON, signed with HMAC-SHA256 over the exact body
 * (`X-Signature: sha256=<hex>`), with a delivery id that stays the same on
 * every retry (`X-Delivery-Id: <webhook>.<change>`) so receivers can drop
 * repeats. Deliveries run apart from the API and the change feed, through a
 * queue (SQS FIFO in AWS, an in-process worker locally), so a slow or dead
 * receiver slows neither; their order is kept per object.
 */
import { createHmac } from 'node:crypto';
import type { Stores } from '../store/stores';

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

/** How long a receiver has to answer. */
const TIMEOUT_MS = 5000;

export const signatureOf = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
export const deliveryIdOf = (job: Pick<DeliveryJob, 'webhookId' | 'seq'>) => `${job.webhookId}.${job.seq}`;

/** One attempt. Resolves when the receiver took it (2xx) or the webhook is gone; throws otherwise. */
export async function deliverOnce(stores: Stores, job: DeliveryJob, attempt: number): Promise<void> {
  const [webhook, change] = await Promise.all([
    stores.webhooks.getWebhook(job.eventId, job.webhookId),
    stores.webhooks.getChange(job.eventId, job.seq),
  ]);
  if (!webhook || !change) return; // unsubscribed meanwhile: nothing to deliver
  const { seq, type, id, action, version, at, data } = change;
  const deliveryId = deliveryIdOf(job);
  const body = JSON.stringify({ deliveryId, eventId: job.eventId, change: { seq, type, id, action, version, at, data } });
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'session-catalogue-webhooks/1',
      'x-delivery-id': deliveryId,
      'x-signature': signatureOf(body, webhook.secret),
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`the receiver answered ${response.status}`);
  await stores.webhooks.recordDelivery(job.eventId, job.webhookId, { seq: job.seq, status: 'delivered', attempts: attempt, at: new Date().toISOString() });
}

/** After the last attempt: the failure is kept where an admin can see it. */
export async function recordFailedDelivery(stores: Stores, job: DeliveryJob, attempts: number, error: unknown): Promise<void> {
  await stores.webhooks.recordDelivery(job.eventId, job.webhookId, {
    seq: job.seq,
    status: 'failed',
    attempts,
    at: new Date().toISOString(),
    lastError: (error as Error).message?.slice(0, 500) ?? String(error),
  });
}

/** The deliveries a new change makes: one per webhook of its event. */
export async function deliveriesOf(stores: Stores, eventId: string, seq: number, objectKey: string): Promise<DeliveryJob[]> {
  const webhooks = await stores.webhooks.listWebhooks(eventId);
  return webhooks.map((w) => ({ eventId, webhookId: w.id, seq, objectKey }));
}
