/**
 * The deletion cleaner's Lambda handler (wired to the environment in
 * lambda/functions/clean-up-deletions.ts). Two triggers: the table's stream,
 * filtered to deletion records (a new deletion, or one handed on to its next
 * round), and a schedule that sweeps up deletions nobody has moved for a
 * while. Each invocation works until `marginMs` before its timeout, then
 * hands the rest on, so no session is too large for one invocation.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import type { StreamRecord } from '../changes/record-changes';
import type { DeletionStore } from '../store/deletion-store';
import { createDeletionConsumer, sweepDeletions } from './session-cleanup';

export interface CleanupHandlerOptions {
  /** Kept back from the timeout for handing the work on and answering. */
  marginMs: number;
  /** The sweep leaves alone a deletion that moved more recently than this: the stream is on it. */
  stalledAfterMs: number;
  log: (message: string, details: Record<string, unknown>) => void;
}

export function createCleanupHandler(deletions: DeletionStore, { marginMs, stalledAfterMs, log }: CleanupHandlerOptions) {
  const consume = createDeletionConsumer(deletions);
  return async (event: DynamoDBStreamEvent | ScheduledEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DynamoDBBatchResponse | void> => {
    const deadline = Date.now() + context.getRemainingTimeInMillis() - marginMs;
    if (!('Records' in event)) {
      const swept = await sweepDeletions(deletions, { deadline, stalledForMs: stalledAfterMs });
      if (swept.pending > 0) log('deleted sessions still being cleaned up', swept);
      return;
    }
    for (const record of event.Records) {
      try {
        await consume(record as StreamRecord, deadline);
      } catch (error) {
        // The deletion was handed on before the error surfaced; Lambda retries from this record too.
        log('could not continue a session deletion', { error, eventID: record.eventID });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
