/**
 * Lambda entry: the import job runner, on the import queue (one message at a
 * time). It works through a job's chunks until a minute is left of its
 * timeout, then queues the rest; a failure returns the message to the queue
 * (retried after the visibility timeout, then the dead-letter queue, the job
 * marked failed by the last try), and the retry skips what was committed
 * (lambda/imports/run-job.ts).
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { createCatalogueStore } from '../store/catalogue-store';
import { createCursors } from '../store/cursor';
import { createImportStore } from '../store/import-store';
import { createAttendanceStore } from '../store/attendance-store';
import { createSqsImportQueue } from '../imports/sqs-import-queue';
import { runImportAttempt } from '../imports/run-job';
import type { ImportMessage } from '../imports/import-job';
import { randomBytes } from 'node:crypto';
import type { ImportRunnerStores } from '../store/stores';
import { tableFromEnvironment } from './environment';

const { doc, tableName } = tableFromEnvironment();
// It hands no cursor to anyone: a key of this instance is enough to read lists through.
const cursors = createCursors(randomBytes(32));
const stores: ImportRunnerStores = { catalogue: createCatalogueStore(doc, tableName, cursors), attendance: createAttendanceStore(doc, tableName, cursors), imports: createImportStore(doc, tableName) };
const queue = createSqsImportQueue(process.env.IMPORT_QUEUE_URL!);
const MARGIN_MS = 60_000;

export const handler = async (event: SQSEvent, context: Context) => {
  for (const record of event.Records) {
    const attempt = Number(record.attributes.ApproximateReceiveCount);
    await runImportAttempt(stores, queue, JSON.parse(record.body) as ImportMessage, attempt, () => context.getRemainingTimeInMillis() > MARGIN_MS);
  }
};
