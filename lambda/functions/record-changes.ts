/**
 * Lambda entry: the DynamoDB Streams consumer that writes each event's change
 * log, and first tells people what a record means: pushes on the live
 * channel, promotions to the mailer's queue (lambda/live/tell.ts). Records
 * are handled in order; on a failure it reports that record, so Lambda
 * retries from there (ReportBatchItemFailures) and nothing is skipped.
 */
import { randomBytes } from 'node:crypto';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger, startInvocation } from '../api/log';
import { createChangeRecorder, type StreamRecord } from '../changes/record-changes';
import { createSqsDeliveryQueue } from '../webhooks/sqs-queue';
import { createCatalogueStore } from '../store/catalogue-store';
import { createChangeStore } from '../store/change-store';
import { createCursors } from '../store/cursor';
import { createWebhookStore } from '../store/webhook-store';
import { tableFromEnvironment } from './environment';
import { createTeller } from '../live/tell';
import { createLiveFanOut } from '../live/fan-out';
import { apiGatewayPoster } from '../live/api-gateway-poster';
import { createLiveStore } from '../store/live-store';
import { createAttendanceStore } from '../store/attendance-store';
import { createSqsNoticeQueue } from '../notices/sqs-notice-queue';

const { doc, tableName } = tableFromEnvironment();
const stores = {
  changes: createChangeStore(doc, tableName),
  // It reads lists through within one call: cursors under a key of this instance only.
  catalogue: createCatalogueStore(doc, tableName, createCursors(randomBytes(32))),
  webhooks: createWebhookStore(doc, tableName),
};
const queueUrl = process.env.WEBHOOK_QUEUE_URL;
const recordChange = createChangeRecorder(stores, queueUrl ? createSqsDeliveryQueue(queueUrl) : undefined);
const liveCallbackUrl = process.env.LIVE_CALLBACK_URL;
const noticeQueueUrl = process.env.NOTICE_QUEUE_URL;
const tell = createTeller({
  push: liveCallbackUrl
    ? createLiveFanOut({ live: createLiveStore(doc, tableName), attendance: createAttendanceStore(doc, tableName, createCursors(randomBytes(32))), catalogue: stores.catalogue }, apiGatewayPoster(liveCallbackUrl))
    : undefined,
  notices: noticeQueueUrl ? createSqsNoticeQueue(noticeQueueUrl) : undefined,
  log: (message, error) => logger().warn(message, { error }),
});

export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  startInvocation(context);
  for (const record of event.Records) {
    try {
      await tell(record as StreamRecord);
      await recordChange(record as StreamRecord);
    } catch (error) {
      logger().error('could not record a change; Lambda will retry from this record', { error: error as Error, eventID: record.eventID });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
