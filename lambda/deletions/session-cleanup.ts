/**
 * Finishing a session's delete. The DELETE request removes the session and
 * writes a deletion record in one transaction; everything else the session
 * had (seats, waitlist, reservations, bookmarks, polls, votes, reviews) is
 * removed here, in chunks, by whoever gets to it first:
 * - the DELETE request itself, for a short while (most sessions are done before it answers);
 * - the stream consumer, woken by the deletion record's INSERT, which works
 *   until its time budget runs out and then hands on by writing the record's
 *   next round, whose MODIFY wakes a consumer again (bounded work per
 *   invocation, however large the session);
 * - a sweep (every few minutes in AWS, at start and every minute locally) that
 *   picks up any deletion left stalled.
 * Every chunk is idempotent and holds only while the deletion is current, so
 * a crash or timeout anywhere leaves work the next worker simply continues.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StreamRecord } from '../changes/record-changes';
import type { DeletionStore, SessionDeletion } from '../store/deletion-store';

export type CleanupResult = 'done' | 'unfinished' | 'gone';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Removes the deleted session's items chunk by chunk until none is left (`done`) or `deadline` (epoch ms) passes. */
export async function continueDeletion(deletions: DeletionStore, deletion: SessionDeletion, deadline: number): Promise<CleanupResult> {
  for (let conflicts = 0; Date.now() < deadline; ) {
    const outcome = await deletions.removeChunk(deletion);
    if (outcome === 'gone') return 'gone';
    if (outcome === 'empty') {
      await deletions.finishDeletion(deletion);
      return 'done';
    }
    // Another worker is removing the same chunk right now: let it, then go on from what is left.
    if (outcome === 'conflict') await pause(Math.random() * Math.min(500, 20 * 2 ** ++conflicts));
  }
  return 'unfinished';
}

/** Works on a deletion until `deadline`; if it is not done by then, hands it on to the next round. */
async function workOn(deletions: DeletionStore, deletion: SessionDeletion, deadline: number): Promise<CleanupResult> {
  let result: CleanupResult;
  try {
    result = await continueDeletion(deletions, deletion, deadline);
  } catch (error) {
    // Whatever failed, the work is handed on before the error is reported, so it cannot stall.
    await deletions.handOn(deletion);
    throw error;
  }
  if (result === 'unfinished') await deletions.handOn(deletion);
  return result;
}

/**
 * The stream consumer's part. It acts on a deletion record's newest round
 * only: an older record means a newer round was written since, and that
 * record is still to come (a stream keeps one item's records in order).
 */
export function createDeletionConsumer(deletions: DeletionStore) {
  return async function onRecord(record: StreamRecord, deadline: number): Promise<CleanupResult | undefined> {
    const image = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined;
    if (image?.entity !== 'session-deletion') return undefined;
    const current = await deletions.getDeletion(image.eventId as string, image.sessionId as string);
    if (!current || current.deletionId !== image.deletionId || current.round !== image.round) return undefined;
    return workOn(deletions, current, deadline);
  };
}

/**
 * Picks up deletions nobody has moved for `stalledForMs` (a consumer that
 * gave up, a stream record that expired): each is continued until `deadline`
 * and handed on if it is not done by then.
 */
export async function sweepDeletions(
  deletions: DeletionStore,
  options: { deadline: number; stalledForMs: number; now?: Date },
): Promise<{ pending: number; finished: number }> {
  const now = (options.now ?? new Date()).getTime();
  const pending = await deletions.listDeletions(100);
  let finished = 0;
  for (const deletion of pending) {
    if (Date.now() >= options.deadline) break;
    if (now - Date.parse(deletion.updatedAt) < options.stalledForMs) continue;
    if ((await workOn(deletions, deletion, options.deadline)) !== 'unfinished') finished++;
  }
  return { pending: pending.length, finished };
}
