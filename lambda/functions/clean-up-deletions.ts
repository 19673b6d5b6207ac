/**
 * Lambda entry: finishes the cleanup of deleted sessions
 * (lambda/deletions/session-cleanup.ts). Two triggers: the table's stream,
 * filtered to deletion records (a new deletion, or one handed on to its next
 * round), and a schedule that sweeps up deletions nobody has moved for a
 * while. Each invocation works until shortly before its timeout, then hands
 * the rest on, so no session is too large for one invocation.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { logger } from '../api/handler';
import type { StreamRecord } from '../changes/record-changes';
import { createDeletionConsumer, sweepDeletions } from '../deletions/session-cleanup';
import { storesFromEnvironment } from './environment';

const { deletions } = await storesFromEnvironment();
const consume = createDeletionConsumer(deletions);
/** Kept back from the timeout for handing the work on and answering. */
const MARGIN_MS = 2500;
/** The sweep leaves alone a deletion that moved more recently than this: the stream is on it. */
const STALLED_AFTER_MS = 5 * 60_000;

export const handler = async (event: DynamoDBStreamEvent | ScheduledEvent, context: Context): Promise<DynamoDBBatchResponse | void> => {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS;
  if (!('Records' in event)) {
    const swept = await sweepDeletions(deletions, { deadline, stalledForMs: STALLED_AFTER_MS });
    if (swept.pending > 0) logger.info('deleted sessions still being cleaned up', swept);
    return;
  }
  for (const record of event.Records) {
    try {
      await consume(record as StreamRecord, deadline);
    } catch (error) {
      // The deletion was handed on before the error surfaced; Lambda retries from this record too.
      logger.error('could not continue a session deletion', { error: error as Error, eventID: record.eventID });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};
