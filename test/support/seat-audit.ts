/**
 * Checks the rules that never bend, from the stored items themselves: the
 * seat counter equals a recount of seats and waitlist entries, confirmed
 * never exceeds capacity, every entry has its attendee's reservation, nobody
 * holds two, and the position computed from the counter and the LEFT#
 * markers is each place's rank in the line.
 */
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';

export async function auditSeats(tableName: string, eventId: string, sessionId: string) {
  const doc = createDocumentClient();
  try {
    const { attendance } = createStores(doc, tableName);
    const seats = await attendance.getSeats(eventId, sessionId, true);
    const children = await attendance.sessionChildren(eventId, sessionId);
    const of = (prefix: string) => children.filter((c) => String(c.sk).startsWith(prefix));
    const confirmed = of('SEAT#').map((c) => c.attendeeId as string);
    // The line, in the order of its places.
    const waiting = of('WAIT#').map((c) => ({ attendeeId: c.attendeeId as string, place: c.place as number }));
    const left = of('LEFT#').map((c) => c.place as number);
    assert.ok(seats, 'the seat counter exists');
    assert.equal(seats.taken, confirmed.length, 'taken equals a recount of seats');
    assert.equal(seats.waitlisted, waiting.length, 'waitlisted equals a recount of waitlist entries');
    if (seats.capacity !== null) assert.ok(confirmed.length <= seats.capacity, 'never more confirmed than capacity');
    if (seats.capacity !== null && confirmed.length < seats.capacity) assert.equal(waiting.length, 0, 'nobody waits while a seat is free');
    const everyone = [...confirmed, ...waiting.map((w) => w.attendeeId)];
    assert.equal(new Set(everyone).size, everyone.length, 'nobody holds two places');
    const passed = seats.passed ?? 0;
    if (left.length > 0) assert.ok((seats.givenUp ?? 0) >= 1, 'the counter knows that places were given up');
    for (const [rank, { place }] of waiting.entries()) {
      assert.ok(place > passed && place <= (seats.granted ?? 0), `place ${place} lies after passed ${passed}, at most granted ${seats.granted}`);
      const position = place - passed - left.filter((l) => l > passed && l < place).length;
      assert.equal(position, rank + 1, `place ${place} is position ${rank + 1} in line`);
    }
    const reservationOf = (attendeeId: string) => attendance.getReservation(attendeeId, eventId, sessionId);
    await Promise.all([
      ...confirmed.map(async (attendeeId) => assert.equal((await reservationOf(attendeeId))?.status, 'confirmed')),
      ...waiting.map(async ({ attendeeId, place }) => {
        const reservation = await reservationOf(attendeeId);
        assert.deepEqual([reservation?.status, reservation?.place], ['waitlisted', place]);
      }),
    ]);
    return { seats, confirmed, waiting };
  } finally {
    doc.destroy();
  }
}
