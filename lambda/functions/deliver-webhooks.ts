/**
 * Lambda entry: delivers webhook jobs from the SQS FIFO queue
 * (lambda/webhooks/delivery-batch.ts). What is not delivered is reported
 * back, so SQS retries it after the visibility timeout; after the queue's
 * maxReceiveCount it moves to the dead-letter queue, and its failure is
 * recorded where GET /events/{e}/webhooks/{w} shows it.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { logger, startInvocation } from '../api/log';
import { count, metricNames, publishMetrics } from '../api/metrics';
import { deliverOnce, recordFailedDelivery } from '../webhooks/deliver';
import { createBatchHandler } from '../webhooks/delivery-batch';
import { createWebhookStore } from '../store/webhook-store';
import { tableFromEnvironment } from './environment';
import { webhookSetupFromEnvironment } from './webhook-environment';

const { doc, tableName } = tableFromEnvironment();
const stores = { webhooks: createWebhookStore(doc, tableName) };
const setup = webhookSetupFromEnvironment();

const deliverBatch = createBatchHandler({
  deliver: (job, attempt) =>
    deliverOnce(stores, setup, job, attempt).catch((error: unknown) => {
      count(metricNames.webhookFailures);
      throw error;
    }),
  giveUp: (job, attempts, error) => {
    count(metricNames.webhookGiveUps);
    return recordFailedDelivery(stores, job, attempts, error);
  },
  maxReceives: Number(process.env.WEBHOOK_MAX_RECEIVES ?? 8),
  attemptTimeoutMs: setup.attemptTimeoutMs,
  log: (message, { error, ...details }) => logger().warn(message, { ...details, error: error as Error }),
});

export const handler = async (event: SQSEvent, context: Context) => {
  startInvocation(context);
  try {
    return await deliverBatch(event, context);
  } finally {
    publishMetrics();
  }
};
