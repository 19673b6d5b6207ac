/**
 * Checks the rules that never bend, from the stored items themselves, over
 * every seat shard of the session: each shard's counter equals a recount of
 * its seats and waitlist entries and holds no more than its share, the
 * shares add up to the capacity, nobody waits while a seat is free (and,
 * over several shards, the line flag is the same everywhere and open while
 * anyone waits), every entry has its attendee's reservation, nobody holds
 * two, the line's replicas agree, and the position computed from the line's
 * state is each place's rank in the line plus the places not handed out yet
 * ahead of it (none with one shard: there the position is the rank).
 */
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { handoutOfPlace, lineReplicas, shardOfPlace } from '../../lambda/domain/seat-shards';
import { shardPartition } from '../../lambda/store/keys';

export async function auditSeats(tableName: string, eventId: string, sessionId: string) {
  const doc = createDocumentClient();
  try {
    const { attendance, catalogue } = createStores(doc, tableName);
    const session = await catalogue.getSession(eventId, sessionId, true);
    const shards = session?.seatShards ?? 1;
    const total = await attendance.getSeats({ eventId, id: sessionId, seatShards: shards }, true);
    assert.ok(total, 'the seat counters exist');
    assert.equal(total.shards.length, shards, 'one counter per shard');
    const children = await attendance.sessionChildren({ eventId, sessionId, shards });
    const shardOf = (item: Record<string, unknown>) => Array.from({ length: shards }, (_, s) => shardPartition(eventId, sessionId, s)).indexOf(String(item.pk));
    const of = (prefix: string) => children.filter((c) => String(c.sk).startsWith(prefix));
    const seats = of('SEAT#');
    const confirmed = seats.map((c) => c.attendeeId as string);
    // The line, in the order of its places, over every shard.
    const entries = of('WAIT#');
    const waiting = entries
      .filter((c) => typeof c.attendeeId === 'string')
      .map((c) => ({ attendeeId: c.attendeeId as string, place: c.place as number }))
      .sort((a, b) => a.place - b.place);
    for (const entry of entries) {
      assert.equal(shardOf(entry), shardOfPlace(entry.place as number, shards), `place ${entry.place} is on the shard that hands it out`);
    }

    for (const counter of total.shards) {
      const mine = (items: Record<string, unknown>[]) => items.filter((c) => shardOf(c) === counter.shard);
      assert.equal(counter.taken, mine(seats).length, `shard ${counter.shard}: taken equals a recount of its seats`);
      assert.equal(counter.waitlisted, mine(entries.filter((c) => typeof c.attendeeId === 'string')).length, `shard ${counter.shard}: waitlisted equals a recount of its entries`);
      if (counter.capacity !== null) assert.ok(counter.taken <= counter.capacity, `shard ${counter.shard}: never more confirmed than its share`);
      // (A place may be given up before its shard hands it out: a gap the head of the line reached.)
      for (const entry of mine(entries.filter((c) => typeof c.attendeeId === 'string'))) {
        assert.ok(handoutOfPlace(entry.place as number, shards) <= (counter.granted ?? 0), `place ${entry.place} was handed out by its shard`);
      }
    }
    const capacity = session?.capacity ?? total.capacity;
    assert.equal(total.capacity, capacity, 'the shares add up to the capacity');
    if (capacity !== null) assert.ok(confirmed.length <= capacity, 'never more confirmed than capacity');
    if (total.shards.some((c) => c.capacity === null || c.taken < c.capacity)) assert.equal(waiting.length, 0, 'nobody waits while a seat is free');
    if (shards > 1) {
      assert.equal(new Set(total.shards.map((c) => c.line === true)).size, 1, 'the line flag is the same on every shard');
      if (waiting.length > 0) assert.ok(total.shards[0]!.line, 'the line is open while anyone waits');
    }
    const everyone = [...confirmed, ...waiting.map((w) => w.attendeeId)];
    assert.equal(new Set(everyone).size, everyone.length, 'nobody holds two places');

    // The line's replicas agree: passed, givenUp, the markers.
    const replicas = total.shards.slice(0, lineReplicas(shards));
    const markersOf = (replica: number) => of('LEFT#').filter((c) => shardOf(c) === replica).map((c) => c.place as number).sort((a, b) => a - b);
    for (const replica of replicas) {
      assert.deepEqual([replica.passed, replica.givenUp, markersOf(replica.shard)], [replicas[0]!.passed, replicas[0]!.givenUp, markersOf(0)], `line replica ${replica.shard} agrees with replica 0`);
    }
    const passed = replicas[0]!.passed ?? 0;
    const left = markersOf(0);
    if (left.length > 0) assert.ok((replicas[0]!.givenUp ?? 0) >= 1, 'the counter knows that places were given up');
    const handedOut = (place: number) => handoutOfPlace(place, shards) <= (total.shards[shardOfPlace(place, shards)]!.granted ?? 0);
    const bound = new Set(entries.map((e) => e.place as number));
    const positions = waiting.map(({ place }, rank) => {
      assert.ok(place > passed, `place ${place} lies after passed ${passed}`);
      const position = place - passed - left.filter((l) => l > passed && l < place).length;
      let notYetHandedOut = 0;
      for (let ahead = passed + 1; ahead < place; ahead++) {
        if (bound.has(ahead) || left.includes(ahead)) continue;
        assert.ok(!handedOut(ahead), `place ${ahead}, ahead of ${place}, was handed out and is neither bound nor given up`);
        notYetHandedOut++;
      }
      assert.equal(position, rank + 1 + notYetHandedOut, `place ${place} is position ${rank + 1} in line, plus ${notYetHandedOut} places not handed out yet`);
      return position;
    });

    const reservationOf = (attendeeId: string) => attendance.getReservation(attendeeId, eventId, sessionId);
    await Promise.all([
      ...seats.map(async (seat) => {
        const reservation = await reservationOf(seat.attendeeId as string);
        assert.deepEqual([reservation?.status, reservation?.shard ?? 0], ['confirmed', shardOf(seat)]);
      }),
      ...waiting.map(async ({ attendeeId, place }) => {
        const reservation = await reservationOf(attendeeId);
        assert.deepEqual([reservation?.status, reservation?.place, reservation?.shard ?? 0], ['waitlisted', place, shardOfPlace(place, shards)]);
      }),
    ]);
    const granted = total.shards.some((c) => c.granted !== undefined) ? total.shards.reduce((sum, c) => sum + (c.granted ?? 0), 0) : undefined;
    return {
      seats: { capacity: total.capacity, taken: total.taken, waitlisted: total.waitlisted, granted, passed: replicas[0]!.passed, givenUp: replicas[0]!.givenUp },
      confirmed,
      waiting,
      /** What the line's state says each waiting attendee's position is, in line order. */
      positions,
    };
  } finally {
    doc.destroy();
  }
}
