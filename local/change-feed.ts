/**
 * The local change feed as `npm start` and the tests run it: webhook
 * deliveries a previous run left are queued again, then the stream poller
 * hands DynamoDB Local's stream (from its start) to the same consumer as the
 * Lambda on DynamoDB Streams, which queues deliveries on the in-process
 * worker (SQS and a Lambda in AWS), and to the cleanup of deleted sessions
 * (local/stream-consumers.ts). Replayed records change nothing: the change
 * log skips them, recorded deliveries are not made again, and the cleanup
 * acts only on a deletion's newest round.
 */
import type { Stores } from '../lambda/store/stores';
import type { WebhookSetup } from '../lambda/webhooks/setup';
import { startStreamPoller } from './stream-poller';
import { createLocalDeliveryWorker } from './webhook-worker';
import { streamConsumers } from './stream-consumers';
import { createLiveFanOut, type ConnectionPoster } from '../lambda/live/fan-out';
import type { NoticeQueue } from '../lambda/notices/outbox';
import { createTeller } from '../lambda/live/tell';

export async function startLocalChangeFeed(options: {
  /** The local queue's own stores (it looks for deliveries a previous run left); the functions' too unless `storesOf` is given. */
  stores: Stores;
  /** Stores for the stream's consumers and the delivery function, each with its own client (a test checks their grants). */
  storesOf?: (fn: 'changeRecorder' | 'webhookDeliverer' | 'deletionCleaner') => Stores;
  webhooks: WebhookSetup;
  endpoint: string;
  tableName: string;
  intervalMs?: number;
  deliveryAttempts?: number;
  deliveryBaseDelayMs?: number;
  /** Pushes to the live channel's sockets (the local WebSocket server's poster). */
  poster?: ConnectionPoster;
  /** Where written notices go to be mailed (the local outbox's queue). */
  notices?: NoticeQueue;
}) {
  const { stores, storesOf = () => stores, webhooks, endpoint, tableName, intervalMs, deliveryAttempts, deliveryBaseDelayMs, poster, notices } = options;
  const deliveries = createLocalDeliveryWorker(storesOf('webhookDeliverer'), webhooks, { attempts: deliveryAttempts, baseDelayMs: deliveryBaseDelayMs, queueStores: stores });
  const recovered = await deliveries.recover();
  const tell = createTeller({
    push: poster ? createLiveFanOut(storesOf('changeRecorder'), poster) : undefined,
    notices,
    log: (message, error) => process.stderr.write(`${message}: ${error.message}\n`),
  });
  const poller = await startStreamPoller({ endpoint, tableName, intervalMs, onRecord: streamConsumers(storesOf, deliveries, tell) });
  return {
    /** Deliveries queued again at the start. */
    recovered,
    /** Resolves once everything written so far is in the change log. */
    caughtUp: () => poller.caughtUp(),
    /** Resolves once every delivery queued so far is done or given up. */
    idle: () => deliveries.idle(),
    /** Stops reading the stream; deliveries under way go on (see idle). */
    stop: () => poller.stop(),
  };
}
