/**
 * Checks the rules that never bend, from the stored items themselves, over
 * every seat shard of the session: each shard's counter equals a recount of
 * its seats, its seats checked in and its waitlist entries and holds no more than its share, the
 * shares add up to the capacity, nobody waits while a seat is free (and,
 * over several shards, the line flag is the same everywhere and open while
 * anyone waits), every entry has its attendee's reservation, nobody holds
 * two, the line's replicas agree, and the position computed from the line's
 * state is each place's rank in the line plus the places of shards' blocks
 * not handed out yet ahead of it (none with one shard: there the position is
 * the rank).
 *
 * `abandoned`: how many requests failed (503s in a simulated throttle). Each
 * may leave the place it took neither bound nor given up, when its give-up
 * fails too; that gap stays until the head of the line reaches it (by
 * design: docs/reservations.md), so up to that many are allowed and counted
 * in the positions behind them. `endpoint`: a DynamoDB Local other than the
 * test's (DYNAMODB_ENDPOINT).
 */
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { entryShard, lineReplicas } from '../../lambda/domain/seat-shards';
import { shardPartition } from '../../lambda/store/keys';

export async function auditSeats(tableName: string, eventId: string, sessionId: string, { abandoned = 0, endpoint }: { abandoned?: number; endpoint?: string } = {}) {
  const doc = createDocumentClient(endpoint ? { endpoint } : {});
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
    // The line, in the order of its places, over every shard; each entry counted by the shard it joined through.
    const entries = of('WAIT#');
    const isBound = (c: Record<string, unknown>) => typeof c.attendeeId === 'string';
    const waiting = entries
      .filter(isBound)
      .map((c) => ({ attendeeId: c.attendeeId as string, place: c.place as number, shard: (c.shard as number | undefined) ?? 0 }))
      .sort((a, b) => a.place - b.place);
    for (const entry of entries) assert.equal(shardOf(entry), entryShard(entry.place as number, shards), `place ${entry.place}'s entry is in its partition`);
    const granted = total.shards[0]!.granted ?? 0;

    for (const counter of total.shards) {
      const mine = (items: Record<string, unknown>[]) => items.filter((c) => shardOf(c) === counter.shard);
      assert.equal(counter.taken, mine(seats).length, `shard ${counter.shard}: taken equals a recount of its seats`);
      assert.equal(counter.waitlisted, waiting.filter((w) => w.shard === counter.shard).length, `shard ${counter.shard}: waitlisted equals a recount of the entries it counts`);
      assert.equal(counter.checkedIn ?? 0, mine(seats).filter((seat) => seat.checkedInAt !== undefined).length, `shard ${counter.shard}: checkedIn equals a recount of its seats checked in`);
      if (counter.capacity !== null) assert.ok(counter.taken <= counter.capacity, `shard ${counter.shard}: never more confirmed than its share`);
    }
    for (const { place, shard } of waiting) {
      assert.ok(place <= granted, `place ${place} was handed out by the line's counter`);
      if (shards > 1) assert.ok(place <= (total.shards[shard]!.blockEnd ?? 0), `place ${place} came from a block of shard ${shard}`);
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
    // A marker names one place, or a range of them (what an expired block had left).
    const markersOf = (replica: number) => [
      ...new Set(
        of('LEFT#')
          .filter((c) => shardOf(c) === replica)
          .flatMap((c) => Array.from({ length: ((c.to as number | undefined) ?? (c.place as number)) - (c.place as number) + 1 }, (_, i) => (c.place as number) + i)),
      ),
    ].sort((a, b) => a - b);
    for (const replica of replicas) {
      assert.deepEqual([replica.passed, replica.givenUp, markersOf(replica.shard)], [replicas[0]!.passed, replicas[0]!.givenUp, markersOf(0)], `line replica ${replica.shard} agrees with replica 0`);
    }
    const passed = replicas[0]!.passed ?? 0;
    const left = markersOf(0);
    if (left.length > 0 && shards === 1) assert.ok((replicas[0]!.givenUp ?? 0) >= 1, 'the counter knows that places were given up');
    // Places of a block that its shard has not handed out yet (to the end of the block, expired or not: it is given up at the next refill).
    const inOpenBlock = (place: number) => total.shards.some((c) => c.blockNext !== undefined && place >= c.blockNext && place <= c.blockEnd!);
    const bound = new Set(entries.map((e) => e.place as number));
    const gaps = new Set<number>();
    const positions = waiting.map(({ place }, rank) => {
      assert.ok(place > passed, `place ${place} lies after passed ${passed}`);
      const position = place - passed - left.filter((l) => l > passed && l < place).length;
      let unbound = 0;
      for (let ahead = passed + 1; ahead < place; ahead++) {
        if (bound.has(ahead) || left.includes(ahead)) continue;
        if (!inOpenBlock(ahead)) gaps.add(ahead);
        assert.ok(gaps.size <= abandoned, `place ${ahead}, ahead of ${place}, was handed out and is neither bound nor given up (${abandoned} requests failed)`);
        unbound++;
      }
      assert.equal(position, rank + 1 + unbound, `place ${place} is position ${rank + 1} in line, plus ${unbound} places not handed out yet or abandoned`);
      return position;
    });

    const reservationOf = (attendeeId: string) => attendance.getReservation(attendeeId, eventId, sessionId);
    await Promise.all([
      ...seats.map(async (seat) => {
        const reservation = await reservationOf(seat.attendeeId as string);
        assert.deepEqual([reservation?.status, reservation?.shard ?? 0, reservation?.checkedInAt], ['confirmed', shardOf(seat), seat.checkedInAt], `${seat.attendeeId}'s reservation and seat agree`);
      }),
      ...waiting.map(async ({ attendeeId, place, shard }) => {
        const reservation = await reservationOf(attendeeId);
        assert.deepEqual([reservation?.status, reservation?.place, reservation?.shard ?? 0], ['waitlisted', place, shard]);
      }),
    ]);
    return {
      seats: { capacity: total.capacity, taken: total.taken, waitlisted: total.waitlisted, granted: total.shards[0]!.granted, passed: replicas[0]!.passed, givenUp: replicas[0]!.givenUp },
      confirmed,
      waiting: waiting.map(({ attendeeId, place }) => ({ attendeeId, place })),
      /** What the line's state says each waiting attendee's position is, in line order. */
      positions,
    };
  } finally {
    doc.destroy();
  }
}
