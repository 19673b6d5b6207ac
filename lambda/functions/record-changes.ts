/**
 * Lambda entry: the DynamoDB Streams consumer that writes each event's change
 * log. Records are handled in order; on a failure it reports that record, so
 * Lambda retries from there (ReportBatchItemFailures) and nothing is skipped.
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

const { doc, tableName } = tableFromEnvironment();
const stores = {
  changes: createChangeStore(doc, tableName),
  // It reads lists through within one call: cursors under a key of this instance only.
  catalogue: createCatalogueStore(doc, tableName, createCursors(randomBytes(32))),
  webhooks: createWebhookStore(doc, tableName),
};
const queueUrl = process.env.WEBHOOK_QUEUE_URL;
const recordChange = createChangeRecorder(stores, queueUrl ? createSqsDeliveryQueue(queueUrl) : undefined);

export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  startInvocation(context);
  for (const record of event.Records) {
    try {
      await recordChange(record as StreamRecord);
    } catch (error) {
      logger().error('could not record a change; Lambda will retry from this record', { error: error as Error, eventID: record.eventID });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
