/**
 * Local webhook deliveries: the stand-in for the SQS FIFO queue and the
 * delivery Lambda. Jobs for one webhook and one object run one after another
 * (order per object); others run side by side. A failing delivery is retried
 * with exponential backoff and, after the last attempt, recorded as failed
 * where an admin sees it (GET /events/{e}/webhooks/{w}). Nothing here runs on
 * the request path, so a slow receiver never slows the API.
 */
import { deliverOnce, recordFailedDelivery, type DeliveryJob, type DeliveryQueue } from '../lambda/webhooks/deliver';
import { ATTEMPT_TIMEOUT_MS, type WebhookSetup } from '../lambda/webhooks/setup';
import { systemResolve } from '../lambda/webhooks/receiver-guard';
import { aesGcmSealer } from '../lambda/webhooks/secret-sealer';
import type { Stores } from '../lambda/store/stores';
import type { localSettings } from './settings';
import { loadCursorKey } from './cursor-key';

/**
 * Webhooks under `npm start` as in AWS (public https receivers, sealed
 * secrets), the key beside the data; receivers on this machine only with the
 * explicit development setting, and never the local run's own ports.
 */
export function localWebhookSetup(settings: ReturnType<typeof localSettings>): WebhookSetup {
  return {
    receivers: {
      resolve: systemResolve,
      ...(settings.webhooksAllowLoopback ? { loopback: { refusedPorts: [settings.port, settings.dynamoDbPort] } } : {}),
    },
    // A key file of its own, made and kept the way the cursor key is.
    secrets: aesGcmSealer(loadCursorKey(settings.webhookSecretKeyFile)),
    attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
  };
}

export interface LocalDeliveryWorker extends DeliveryQueue {
  /** Resolves when every job enqueued so far has been delivered or given up. */
  idle(): Promise<void>;
  /**
   * Queues again what a previous run left undelivered: every change after a
   * webhook's subscription that has no delivery record yet. Jobs live in memory
   * here (SQS holds them in AWS), so this is how a restart loses nothing; a
   * delivery with a record is never made again (lambda/webhooks/deliver.ts).
   */
  recover(): Promise<number>;
}

export function createLocalDeliveryWorker(
  stores: Stores,
  setup: WebhookSetup,
  /** `queueStores`: what recover() reads with, as SQS keeps the jobs in AWS (no function does it there); by default `stores`. */
  options: { attempts?: number; baseDelayMs?: number; queueStores?: Stores } = {},
): LocalDeliveryWorker {
  const { attempts = 6, baseDelayMs = 200, queueStores = stores } = options;
  const chains = new Map<string, Promise<void>>();

  async function run(job: DeliveryJob): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await deliverOnce(stores, setup, job, attempt);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          await recordFailedDelivery(stores, job, attempt, error).catch(() => undefined);
          return;
        }
        await new Promise((r) => setTimeout(r, baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  return {
    async enqueue(jobs) {
      for (const job of jobs) {
        const key = `${job.eventId}|${job.webhookId}|${job.objectKey}`;
        const next = (chains.get(key) ?? Promise.resolve()).then(() => run(job));
        chains.set(key, next);
        void next.finally(() => {
          if (chains.get(key) === next) chains.delete(key);
        });
      }
    },
    async idle() {
      while (chains.size > 0) await Promise.all(chains.values());
    },
    async recover() {
      const jobs: DeliveryJob[] = [];
      let cursor: string | undefined;
      do {
        const events = await queueStores.catalogue.listEvents({ limit: 100, cursor });
        for (const event of events.items) {
          for (const webhook of await queueStores.webhooks.listWebhooks(event.id)) {
            const done = new Set((await queueStores.webhooks.listDeliveries(event.id, webhook.id, 1000)).map((d) => d.seq));
            for (let since = webhook.fromSeq; ; ) {
              const changes = await queueStores.changes.listChanges(event.id, since, 100);
              if (changes.length === 0) break;
              for (const change of changes) {
                if (!done.has(change.seq)) {
                  jobs.push({ eventId: event.id, webhookId: webhook.id, seq: change.seq, objectKey: `${change.type}:${change.id}` });
                }
              }
              since = changes[changes.length - 1]!.seq;
            }
          }
        }
        cursor = events.nextCursor ?? undefined;
      } while (cursor);
      await this.enqueue(jobs);
      return jobs.length;
    },
  };
}
