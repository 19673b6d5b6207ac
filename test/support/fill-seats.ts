/**
 * Set-up for tests about what happens to a full session (deleting it,
 * crashing while deleting it): its seats and waitlist filled through the
 * reservation use case, the items the API makes without the HTTP round
 * trips. A few at a time: filling is not the rush under test, and a pile of
 * transactions on one seat counter only costs DynamoDB Local lock timeouts
 * and retries.
 */
import { pool } from '../../bench/support';
import { reserveSeat } from '../../lambda/attendance/reservations';
import type { Stores } from '../../lambda/store/stores';

const IN_FLIGHT = 4;

export async function reserveFor(stores: Stores, eventId: string, sessionId: string, attendeeIds: readonly string[]): Promise<void> {
  await pool(attendeeIds, IN_FLIGHT, async (attendeeId) => {
    await reserveSeat(stores.catalogue, stores.attendance, attendeeId, eventId, sessionId);
  });
}
