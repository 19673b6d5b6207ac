/**
 * Webhook deliveries through an SQS FIFO queue (AWS). The message group is
 * the webhook and the object, so one object's changes arrive in order while
 * others go on; the deduplication id is the delivery id, so a change
 * recorded twice is queued once. Sent with a signed request of our own to
 * the queue's URL (lambda/aws/json-call.ts), checking each message's MD5 as
 * the SQS client does.
 */
import { createHash } from 'node:crypto';
import { callAws, type JsonService } from '../aws/json-call';
import type { DeliveryJob, DeliveryQueue } from './deliver';
import { deliveryIdOf } from './deliver';

const SQS: JsonService = { name: 'sqs', target: 'AmazonSQS', version: '1.0', serviceId: 'SQS' };

interface SendMessageBatchResult {
  Successful?: { Id: string; MD5OfMessageBody: string }[];
  Failed?: { Id: string; Code: string; Message?: string }[];
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export function createSqsDeliveryQueue(queueUrl: string): DeliveryQueue {
  return {
    async enqueue(jobs) {
      for (let i = 0; i < jobs.length; i += 10) {
        const entries = jobs.slice(i, i + 10).map((job: DeliveryJob, n) => ({
          Id: String(n),
          MessageBody: JSON.stringify(job),
          MessageGroupId: `${job.webhookId}|${job.objectKey}`.slice(0, 128),
          MessageDeduplicationId: deliveryIdOf(job).slice(0, 128),
        }));
        const result = await callAws<SendMessageBatchResult>(SQS, 'SendMessageBatch', { QueueUrl: queueUrl, Entries: entries }, new URL(queueUrl).origin);
        // Throwing makes the stream consumer retry the record; the dedup id keeps the retry from doubling.
        if (result.Failed?.length) throw new Error(`could not queue ${result.Failed.length} webhook deliveries`);
        for (const sent of result.Successful ?? []) {
          if (sent.MD5OfMessageBody !== md5(entries[Number(sent.Id)]!.MessageBody)) throw new Error(`SQS received webhook delivery ${sent.Id} altered (its MD5 differs)`);
        }
      }
    },
  };
}
