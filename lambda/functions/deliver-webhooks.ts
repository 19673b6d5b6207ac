/**
 * Lambda entry: delivers webhook jobs from the SQS FIFO queue. A failed
 * delivery (and every later message of its group in the batch, to keep the
 * order) is reported back, so SQS retries it after the visibility timeout;
 * after the queue's maxReceiveCount it moves to the dead-letter queue, and
 * its failure is recorded where GET /events/{e}/webhooks/{w} shows it.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../api/handler';
import { deliverOnce, recordFailedDelivery, type DeliveryJob } from '../webhooks/deliver';
import { storesFromEnvironment } from './environment';

const stores = await storesFromEnvironment();
const MAX_RECEIVES = Number(process.env.WEBHOOK_MAX_RECEIVES ?? 8);

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: { itemIdentifier: string }[] = [];
  const blockedGroups = new Set<string>();
  for (const message of event.Records) {
    const group = message.attributes.MessageGroupId ?? '';
    if (blockedGroups.has(group)) {
      failures.push({ itemIdentifier: message.messageId });
      continue;
    }
    const job = JSON.parse(message.body) as DeliveryJob;
    const attempt = Number(message.attributes.ApproximateReceiveCount ?? 1);
    try {
      await deliverOnce(stores, job, attempt);
    } catch (error) {
      logger.warn('webhook delivery failed', { error: error as Error, job, attempt });
      if (attempt >= MAX_RECEIVES) await recordFailedDelivery(stores, job, attempt, error);
      blockedGroups.add(group);
      failures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures: failures };
};
