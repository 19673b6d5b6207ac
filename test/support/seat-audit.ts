/**
 * Checks the rules that never bend, from the stored items themselves: the
 * seat counter equals a recount of seats and waitlist entries, confirmed
 * never exceeds capacity, every entry has its attendee's reservation, and
 * nobody holds two.
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
    const confirmed = children.filter((c) => String(c.sk).startsWith('SEAT#')).map((c) => c.attendeeId as string);
    const waiting = children
      .filter((c) => String(c.sk).startsWith('WAIT#'))
      .map((c) => ({ attendeeId: c.attendeeId as string, ticket: c.ticket as string }));
    assert.ok(seats, 'the seat counter exists');
    assert.equal(seats.taken, confirmed.length, 'taken equals a recount of seats');
    assert.equal(seats.waitlisted, waiting.length, 'waitlisted equals a recount of waitlist entries');
    if (seats.capacity !== null) assert.ok(confirmed.length <= seats.capacity, 'never more confirmed than capacity');
    if (seats.capacity !== null && confirmed.length < seats.capacity) assert.equal(waiting.length, 0, 'nobody waits while a seat is free');
    const everyone = [...confirmed, ...waiting.map((w) => w.attendeeId)];
    assert.equal(new Set(everyone).size, everyone.length, 'nobody holds two places');
    for (const attendeeId of confirmed) {
      assert.equal((await attendance.getReservation(attendeeId, eventId, sessionId))?.status, 'confirmed');
    }
    for (const { attendeeId, ticket } of waiting) {
      const reservation = await attendance.getReservation(attendeeId, eventId, sessionId);
      assert.equal(reservation?.status, 'waitlisted');
      assert.equal(reservation?.ticket, ticket);
    }
    return { seats, confirmed, waiting };
  } finally {
    doc.destroy();
  }
}
