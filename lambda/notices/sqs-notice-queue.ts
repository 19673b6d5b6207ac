/**
 * Notices to email, on a standard SQS queue (AWS): one message per notice
 * key, sent with a signed request of our own (lambda/aws/json-call.ts). A
 * message sent twice is mailed once: the mailer claims the notice.
 */
import { callAws, type JsonService } from '../aws/json-call';
import type { NoticeQueue } from './outbox';

const SQS: JsonService = { name: 'sqs', target: 'AmazonSQS', version: '1.0', serviceId: 'SQS' };

export function createSqsNoticeQueue(queueUrl: string): NoticeQueue {
  return {
    async enqueue(keys) {
      for (const key of keys) await callAws(SQS, 'SendMessage', { QueueUrl: queueUrl, MessageBody: JSON.stringify(key) }, new URL(queueUrl).origin);
    },
  };
}
