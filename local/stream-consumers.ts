/**
 * What the table's stream feeds, locally: the change feed's consumer, then
 * the cleanup of deleted sessions. In AWS these are two Lambda functions on
 * the same stream (the cleanup one filtered to deletion records); here one
 * poller hands each record to both, the change feed first so that a failing
 * cleanup can never hold the feed back.
 */
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { createChangeRecorder, type StreamRecord } from '../lambda/changes/record-changes';
import { createDeletionConsumer } from '../lambda/deletions/session-cleanup';
import type { Stores } from '../lambda/store/stores';
import type { DeliveryQueue } from '../lambda/webhooks/deliver';

/** How long one record may keep the local poller on a deletion before the work is handed on to a later round. */
const CLEANUP_MS_PER_RECORD = 2000;

/**
 * `storesOf`: each consumer's stores, as each is a Lambda with its own role in AWS. `tell`: the live
 * channel's pushes and the notices' mail queue (lambda/live/tell.ts), first, as in the change feed's Lambda.
 */
export function streamConsumers(
  storesOf: (fn: 'changeRecorder' | 'deletionCleaner') => Stores,
  deliveries?: DeliveryQueue,
  tell?: (record: StreamRecord) => Promise<void>,
): (record: _Record) => Promise<void> {
  const recordChange = createChangeRecorder(storesOf('changeRecorder'), deliveries);
  const cleanUpDeletion = createDeletionConsumer(storesOf('deletionCleaner').deletions);
  return async (record) => {
    await tell?.(record as StreamRecord);
    await recordChange(record as StreamRecord);
    await cleanUpDeletion(record as StreamRecord, Date.now() + CLEANUP_MS_PER_RECORD);
  };
}
