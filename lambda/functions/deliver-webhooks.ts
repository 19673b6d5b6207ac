/**
 * Lambda entry: delivers webhook jobs from the SQS FIFO queue
 * (lambda/webhooks/delivery-batch.ts). What is not delivered is reported
 * back, so SQS retries it after the visibility timeout; after the queue's
 * maxReceiveCount it moves to the dead-letter queue, and its failure is
 * recorded where GET /events/{e}/webhooks/{w} shows it.
 */
import { logger } from '../api/log';
import { deliverOnce, recordFailedDelivery } from '../webhooks/deliver';
import { createBatchHandler } from '../webhooks/delivery-batch';
import { createWebhookStore } from '../store/webhook-store';
import { tableFromEnvironment, webhookSetupFromEnvironment } from './environment';

const { doc, tableName } = tableFromEnvironment();
const stores = { webhooks: createWebhookStore(doc, tableName) };
const setup = webhookSetupFromEnvironment();

export const handler = createBatchHandler({
  deliver: (job, attempt) => deliverOnce(stores, setup, job, attempt),
  giveUp: (job, attempts, error) => recordFailedDelivery(stores, job, attempts, error),
  maxReceives: Number(process.env.WEBHOOK_MAX_RECEIVES ?? 8),
  attemptTimeoutMs: setup.attemptTimeoutMs,
  log: (message, { error, ...details }) => logger().warn(message, { ...details, error: error as Error }),
});
