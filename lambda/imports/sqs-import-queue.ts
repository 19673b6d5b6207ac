/**
 * Import job messages on an SQS standard queue (AWS), sent with a signed
 * request of our own (lambda/aws/json-call.ts) as the webhook queue is: the
 * API function sends the first message of a job, the runner the next when
 * its time runs short. A message delivered twice is harmless (run-job.ts).
 */
import { callAws, type JsonService } from '../aws/json-call';
import type { ImportQueue } from './import-job';

const SQS: JsonService = { name: 'sqs', target: 'AmazonSQS', version: '1.0', serviceId: 'SQS' };

export function createSqsImportQueue(queueUrl: string): ImportQueue {
  return {
    async send(message) {
      await callAws(SQS, 'SendMessage', { QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }, new URL(queueUrl).origin);
    },
  };
}
