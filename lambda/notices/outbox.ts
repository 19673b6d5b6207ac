/**
 * The outbox's reader side: a notice written (by a promotion's transaction)
 * is handed to the mail queue, from the table's stream. Handing the same
 * notice over twice (a stream retry) is harmless: the mailer claims it once.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StreamRecord } from '../changes/record-changes';
import type { Key } from '../store/keys';

/** Where notices wait for the mailer: SQS in AWS (./sqs-notice-queue.ts), a worker in the process under npm start. */
export interface NoticeQueue {
  enqueue(keys: readonly Key[]): Promise<void>;
}

/** The notice a stream record writes, if it writes one (not the mailer's later marks on it). */
export function noticeWritten(record: StreamRecord): Key | undefined {
  const image = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined;
  if (image?.entity !== 'notice') return undefined;
  const old = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage) : undefined;
  if (old && old.createdAt === image.createdAt) return undefined;
  return { pk: String(image.pk), sk: String(image.sk) };
}
