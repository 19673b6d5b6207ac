/**
 * Lambda entry: emails notices from the outbox through SES, from the SQS
 * queue the stream consumer fills (lambda/notices/mail-notice.ts). A notice
 * that failed, or that another invocation holds, is reported back: SQS tries
 * it again after the visibility timeout, then the dead-letter queue keeps it.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger, startInvocation } from '../api/log';
import { createNoticeMailer } from '../notices/mail-notice';
import { sesSender } from '../notices/ses-sender';
import { createCatalogueStore } from '../store/catalogue-store';
import { createCursors } from '../store/cursor';
import { createNoticeStore } from '../store/notice-store';
import type { Key } from '../store/keys';
import { randomBytes } from 'node:crypto';
import { tableFromEnvironment } from './environment';

const { doc, tableName } = tableFromEnvironment();
const stores = { notices: createNoticeStore(doc, tableName), catalogue: createCatalogueStore(doc, tableName, createCursors(randomBytes(32))) };
// No sender configured (the stack's mailFrom): every notice is marked skipped.
const mail = createNoticeMailer(stores, process.env.MAIL_FROM ? sesSender(process.env.MAIL_FROM) : undefined, process.env.PUBLIC_BASE_URL ?? '');

export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  startInvocation(context);
  const failures: { itemIdentifier: string }[] = [];
  for (const message of event.Records) {
    try {
      if ((await mail(JSON.parse(message.body) as Key)) === 'busy') failures.push({ itemIdentifier: message.messageId });
    } catch (error) {
      logger().warn('could not mail a notice; SQS will try again', { error: error as Error, messageId: message.messageId });
      failures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures: failures };
};
