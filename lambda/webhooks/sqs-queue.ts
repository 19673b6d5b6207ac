/**
 * Webhook deliveries through an SQS FIFO queue (AWS). The message group is
 * the webhook and the object, so one object's changes arrive in order while
 * others go on; the deduplication id is the delivery id, so a change
 * recorded twice is queued once.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryJob, DeliveryQueue } from './deliver';
import { deliveryIdOf } from './deliver';

export function createSqsDeliveryQueue(queueUrl: string, client = new SQSClient({})): DeliveryQueue {
  return {
    async enqueue(jobs) {
      for (let i = 0; i < jobs.length; i += 10) {
        const batch = jobs.slice(i, i + 10);
        const result = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((job: DeliveryJob, n) => ({
              Id: String(n),
              MessageBody: JSON.stringify(job),
              MessageGroupId: `${job.webhookId}|${job.objectKey}`.slice(0, 128),
              MessageDeduplicationId: deliveryIdOf(job).slice(0, 128),
            })),
          }),
        );
        // Throwing makes the stream consumer retry the record; the dedup id keeps the retry from doubling.
        if (result.Failed?.length) throw new Error(`could not queue ${result.Failed.length} webhook deliveries`);
      }
    },
  };
}
