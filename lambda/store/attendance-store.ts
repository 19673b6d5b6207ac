/**
 * Access patterns of attendance: seats and reservations, and the waitlist's
 * (./waitlist-store.ts) (key design in ./keys.ts and docs/data-model.md;
 * bookmarks: ./bookmark-store.ts).
 *
 * The rules that never bend are enforced by DynamoDB itself, in one
 * transaction per change, never by a read followed by a write:
 * - a seat is confirmed only while `taken < capacity` on the session's seat counter
 *   and nobody waits (a newcomer never overtakes the line);
 * - an attendee's reservation is created only if none exists;
 * - joining the waitlist requires the session to be full, so nobody waits while a seat is free;
 * - a place in line is taken by an atomic increment and bound by the join's transaction
 *   unless it was given up meanwhile (./waitlist-store.ts);
 * - freeing a seat hands it to the head of the waitlist in the same transaction,
 *   or decrements `taken` only if nobody is waiting;
 * - a counter is decremented only while it exists and is above zero: after a
 *   session's delete took its counter away, no cancel can bring it back at −1.
 * Each method reports which rule stopped it, so the caller can read again and retry.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './transactions';
import { attendeePartition, calendarFeedKey, calendarFeedOfAttendeeKey, releasedKey, reservationKey, seatKey, shardPartition, type Key } from './keys';
import { shardsToLookAt } from '../domain/seat-shards';
import { createReservationWrites, type Outcome, type ReservationItem, type ReservationStatus } from './reservation-writes';
import { createWaitlistStore, lineOf, shardOf, type Line, type WaitEntry } from './waitlist-store';
import { addUpSeatState, CounterChanges, createSeatCounters, seatStateKeys, seatStatesOf, type SeatCounter, type Seats } from './seat-counters';
import { getItems } from './item-reads';
import { queryAll, createQueryPage, type Page, type PageRequest } from './query-page';
import type { Cursors } from './cursor';

export type { Outcome, ReservationItem, ReservationStatus } from './reservation-writes';
export type { Line, TakenPlace, WaitEntry } from './waitlist-store';
export type { SeatCounter, Seats } from './seat-counters';

/** A session as far as its seats go: its keys and its shard count. */
export interface SessionRef {
  eventId: string;
  id: string;
  seatShards?: number | undefined;
}

/** How many sessions' shard counts a warm container remembers (a few bytes each). */
const KNOWN_SHARD_COUNTS = 10_000;

export function createAttendanceStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors, clock: () => number = Date.now) {
  const queryPage = createQueryPage(doc, tableName, cursors);

  const writes = createReservationWrites(doc, tableName);
  const { attempt, reservationPut, reservationDelete } = writes;
  const waitlist = createWaitlistStore(doc, tableName, writes, clock);
  const counters = createSeatCounters(doc, tableName);

  /** Access pattern: a session's seat state, every shard's counter in one BatchGetItem (addUpSeatState). */
  async function getSeats(session: SessionRef, consistent: boolean): Promise<Seats | undefined> {
    return addUpSeatState(await counters.readCounters(session, consistent));
  }

  /** Access pattern: the seat state of a page of sessions: all their shards' counters in one round of BatchGetItem requests, in the sessions' order. */
  async function getSeatsOf(sessions: readonly SessionRef[]): Promise<(Seats | undefined)[]> {
    const page = seatStatesOf(sessions);
    return page.states(await getItems<Key & Record<string, unknown>>(doc, tableName, page.keys));
  }

  // Shard counts never change while a session holds a reservation, and every counter says it: a container may remember them.
  const knownShards = new Map<string, number>();

  /**
   * Access pattern: what a reservation looks at first: two shards' counters
   * (one with one shard), chosen at random, in one BatchGetItem. The shard
   * count is the one last seen; a counter that says otherwise, or is missing,
   * makes it look again. Undefined when the session has no counter: it is gone.
   */
  async function lookAtSeats(eventId: string, sessionId: string, consistent: boolean): Promise<{ line: Line; looked: SeatCounter[] } | undefined> {
    const known = `${eventId}#${sessionId}`;
    for (let look = 0; look < 3; look++) {
      const shards = knownShards.get(known) ?? 1;
      const chosen = shardsToLookAt(shards);
      const keys = chosen.map((shard) => seatStateKeys({ eventId, id: sessionId, seatShards: shards })[shard]!);
      const items = await getItems<Key & Record<string, unknown>>(doc, tableName, keys, consistent);
      const looked = items.map((item, i) => (item ? ({ ...item, shard: chosen[i]! } as unknown as SeatCounter) : undefined));
      const says = looked.find((c) => c !== undefined)?.shards ?? (looked.some((c) => c !== undefined) ? 1 : undefined);
      if (says === shards && looked.every((c) => c !== undefined)) {
        return { line: { eventId, sessionId, shards }, looked: looked as SeatCounter[] };
      }
      if (knownShards.size >= KNOWN_SHARD_COUNTS) knownShards.clear();
      if (says !== undefined) knownShards.set(known, says);
      else if (shards === 1) return undefined; // shard 0 itself is missing
      else knownShards.delete(known);
    }
    return undefined;
  }

  /** Access pattern: one attendee's reservation for one session. */
  async function getReservation(attendeeId: string, eventId: string, sessionId: string): Promise<ReservationItem | undefined> {
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: reservationKey(attendeeId, eventId, sessionId), ConsistentRead: true }),
    );
    return Item as ReservationItem | undefined;
  }

  const counterItems = (line: Line, changes: CounterChanges) => changes.items(tableName, line);

  /**
   * Confirms a seat on shard `shard`: +1 taken there while below its share,
   * nobody waits there, the line is closed (so nobody waits anywhere) and
   * the session is open; and the attendee's reservation.
   */
  async function confirmSeat(attendeeId: string, line: Line, shard: number, createdAt: string): Promise<Outcome> {
    const { eventId, sessionId } = line;
    const counter = new CounterChanges().on(shard, {
      add: { taken: 1 },
      when: ['scheduled', 'seat-free', 'nobody-waits', ...(line.shards > 1 ? (['line-closed'] as const) : [])],
    });
    return attempt(
      [
        ...counterItems(line, counter),
        reservationPut({ attendeeId, eventId, sessionId, status: 'confirmed', createdAt, ...shardOf(line, shard) }),
        // `since`: a seat given before a no-show release's deadline may be released; one given after it, never.
        { Put: { TableName: tableName, Item: { ...seatKey(eventId, sessionId, attendeeId, shard), entity: 'seat', attendeeId, since: createdAt } } },
      ],
      { 0: 'full', 1: 'already-holds' },
    );
  }

  /** Several shards: every seat is taken, so the line opens, on every counter at once. `changed` when a seat is free somewhere. */
  async function openLine(line: Line): Promise<Outcome> {
    const changes = new CounterChanges();
    for (let shard = 0; shard < line.shards; shard++) changes.on(shard, { set: { line: true }, when: ['scheduled', 'full', 'line-closed'] });
    return attempt(counterItems(line, changes), {});
  }

  /** Several shards: nobody is in line any more and seats are free, so the line closes, on every counter at once, while nobody waits on any. */
  async function closeLine(line: Line): Promise<Outcome> {
    return attempt(counterItems(line, lineClosing(line, new CounterChanges())), {});
  }

  const lineClosing = (line: Line, changes: CounterChanges) => {
    for (let shard = 0; shard < line.shards; shard++) changes.on(shard, { set: { line: false }, when: ['nobody-waits'] });
    return changes;
  };

  /**
   * Frees a confirmed seat: the attendee cancelled it, or (`as: 'no-show'`)
   * they were not checked in by the session's release deadline, and their
   * reservation stays as `released`, named by a RELEASED# item, like a
   * cancelled session's. With `head`, the seat goes to them in the same
   * transaction (taken unchanged, their shard's waitlisted −1); without,
   * taken −1 only if nobody is waiting, and, several shards with an open
   * line, the line closes with it. The seat must be checked in as read (a
   * no-show never is): a check-in in between makes it `changed`, and its
   * count goes with the seat. `changed` means read again and retry.
   */
  async function releaseSeat(held: ReservationItem, next: { head?: WaitEntry | undefined; open: boolean }, as: 'cancelled' | 'no-show' = 'cancelled'): Promise<Outcome> {
    const line = lineOf(held);
    const shard = held.shard ?? 0;
    const changes = new CounterChanges();
    const checkedIn = held.checkedInAt !== undefined;
    if (checkedIn) changes.on(shard, { add: { checkedIn: -1 } });
    const mine: TransactItem[] = [
      as === 'no-show' ? reservationReleased(held.attendeeId, held.eventId, held.sessionId, 'confirmed') : reservationDelete(held.attendeeId, held.eventId, held.sessionId, 'confirmed'),
      {
        Delete: {
          TableName: tableName,
          Key: seatKey(held.eventId, held.sessionId, held.attendeeId, shard),
          ConditionExpression: checkedIn ? 'attribute_exists(checkedInAt)' : 'attribute_not_exists(checkedInAt)',
        },
      },
      ...(as === 'no-show' ? [releasedMarker(held.eventId, held.sessionId, held.attendeeId)] : []),
    ];
    if (next.head) mine.push(...waitlist.promotion(line, next.head, shard, changes));
    else if (line.shards > 1 && next.open) lineClosing(line, changes.on(shard, { add: { taken: -1 }, when: ['seat-held'] }));
    else changes.on(shard, { add: { taken: -1 }, when: ['seat-held', 'nobody-waits', ...(line.shards > 1 ? (['line-closed'] as const) : [])] });
    return attempt([...mine, ...counterItems(line, changes)], { 0: 'already-holds' });
  }

  /** The attendee's reservation kept as `released` (it held `from`), holding no seat or place. */
  const reservationReleased = (attendeeId: string, eventId: string, sessionId: string, from?: ReservationStatus): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: reservationKey(attendeeId, eventId, sessionId),
      UpdateExpression: 'SET #status = :released REMOVE place',
      ...(from ? { ConditionExpression: '#status = :from' } : {}),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':released': 'released', ...(from ? { ':from': from } : {}) },
    },
  });

  /** Names a released reservation in the session's partition, so a later delete of the session finds it. */
  const releasedMarker = (eventId: string, sessionId: string, attendeeId: string): TransactItem => ({
    Put: { TableName: tableName, Item: { ...releasedKey(eventId, sessionId, attendeeId), entity: 'released', attendeeId } },
  });

  /**
   * A cancelled session releases a seat or waitlist place: the entry goes,
   * the counter follows, and the attendee's reservation stays as `released`,
   * named in the session's partition by a RELEASED# item (how a later delete
   * of the session finds it).
   */
  async function releasePlace(line: Line, child: { sk: string; pk: string; attendeeId: string; place?: number; shard?: number; checkedInAt?: string }): Promise<Outcome> {
    const { eventId, sessionId } = line;
    const changes = new CounterChanges();
    const items: TransactItem[] = [reservationReleased(child.attendeeId, eventId, sessionId), releasedMarker(eventId, sessionId, child.attendeeId)];
    if (child.sk.startsWith('SEAT#')) {
      const shard = shardOfPartition(line, child.pk);
      items.push({
        Delete: {
          TableName: tableName,
          Key: { pk: child.pk, sk: child.sk },
          ConditionExpression: child.checkedInAt ? 'attribute_exists(checkedInAt)' : 'attribute_exists(pk) AND attribute_not_exists(checkedInAt)',
        },
      });
      changes.on(shard, { add: { taken: -1, ...(child.checkedInAt ? { checkedIn: -1 } : {}) }, when: ['seat-held'] });
    } else {
      items.push(...waitlist.placeLeft(line, { attendeeId: child.attendeeId, place: child.place!, shard: child.shard ?? 0 }, 'released', changes));
    }
    return attempt([...items, ...counterItems(line, changes)], {});
  }
  /** Forgets a released reservation when its holder cancels it. */
  async function deleteReleased(attendeeId: string, eventId: string, sessionId: string): Promise<Outcome> {
    return attempt(
      [reservationDelete(attendeeId, eventId, sessionId, 'released'), { Delete: { TableName: tableName, Key: releasedKey(eventId, sessionId, attendeeId) } }],
      { 0: 'changed' },
    );
  }

  /** Access pattern: an attendee's reservations (partition ATTENDEE#{a}, sk RESERVATION#…). */
  async function listReservations(attendeeId: string, page: PageRequest, eventId?: string): Promise<Page<ReservationItem>> {
    return queryPage<ReservationItem>({
      partition: { name: 'pk', value: attendeePartition(attendeeId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': `RESERVATION#${eventId ? `${eventId}#` : ''}` } },
      identity: ['reservations', eventId],
      consistent: true,
    }, page);
  }

  /** Access pattern: every bookmark and reservation (with its status) of an attendee, across events (for the calendar feed). */
  async function listAllAgendaRefs(attendeeId: string): Promise<{ eventId: string; sessionId: string; status?: ReservationStatus }[]> {
    const refs: { eventId: string; sessionId: string; status?: ReservationStatus }[] = [];
    for (const prefix of ['BOOKMARK#', 'RESERVATION#']) {
      let cursor: string | undefined;
      do {
        const page = await queryPage<{ eventId: string; sessionId: string; status?: ReservationStatus }>({
          partition: { name: 'pk', value: attendeePartition(attendeeId) },
          sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': prefix } },
          identity: ['agenda-refs', prefix],
          consistent: true,
        }, { limit: 1000, cursor });
        refs.push(...page.items.map(({ eventId, sessionId, status }) => ({ eventId, sessionId, ...(status ? { status } : {}) })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return refs;
  }

  /** Access pattern: the attendee a calendar feed token (by its hash) belongs to. */
  async function attendeeOfCalendarFeed(tokenHash: string): Promise<string | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: calendarFeedKey(tokenHash), ConsistentRead: true }));
    return Item?.attendeeId as string | undefined;
  }

  /**
   * Gives the attendee a new feed token and kills the old one in the same
   * transaction, so no moment exists in which both, or neither, work.
   */
  async function rotateCalendarFeed(attendeeId: string, tokenHash: string, createdAt: string): Promise<Outcome> {
    const { Item: current } = await doc.send(
      new GetCommand({ TableName: tableName, Key: calendarFeedOfAttendeeKey(attendeeId), ConsistentRead: true }),
    );
    const previous = current?.tokenHash as string | undefined;
    return attempt(
      [
        {
          Put: {
            TableName: tableName,
            Item: { ...calendarFeedOfAttendeeKey(attendeeId), entity: 'calendar-feed', tokenHash, createdAt },
            ConditionExpression: previous ? 'tokenHash = :previous' : 'attribute_not_exists(pk)',
            ...(previous ? { ExpressionAttributeValues: { ':previous': previous } } : {}),
          },
        },
        { Put: { TableName: tableName, Item: { ...calendarFeedKey(tokenHash), entity: 'calendar-feed-token', attendeeId, createdAt } } },
        ...(previous ? [{ Delete: { TableName: tableName, Key: calendarFeedKey(previous) } }] : []),
      ],
      { 0: 'changed' },
    );
  }

  /** Access pattern: everything in a session's partitions (seats, waitlist, …, over every shard), for a cancellation and for audits. */
  async function sessionChildren(line: Line): Promise<Record<string, unknown>[]> {
    const partitions = await Promise.all(
      Array.from({ length: line.shards }, (_, shard) =>
        queryAll<Record<string, unknown>>(doc, {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': shardPartition(line.eventId, line.sessionId, shard) },
          ConsistentRead: true,
        }),
      ),
    );
    return partitions.flat();
  }

  return {
    getSeats,
    getSeatsOf,
    lookAtSeats,
    getReservation,
    confirmSeat,
    openLine,
    closeLine,
    takePlace: waitlist.takePlace,
    joinWaitlist: waitlist.joinWaitlist,
    givePlaceUp: waitlist.givePlaceUp,
    waitlistHead: waitlist.waitlistHead,
    placesGivenUp: waitlist.placesGivenUp,
    lineState: waitlist.lineState,
    waitlistPosition: waitlist.waitlistPosition,
    leaveWaitlist: waitlist.leaveWaitlist,
    promoteHead: waitlist.promoteHead,
    releaseSeat,
    listReservations,
    sessionChildren,
    releasePlace,
    listAllAgendaRefs,
    attendeeOfCalendarFeed,
    rotateCalendarFeed,
    deleteReleased,
  };
}

/** Which shard a partition of the line's session is. */
function shardOfPartition(line: Line, pk: string): number {
  const shard = /#SHARD#(\d+)$/.exec(pk);
  return shard ? Number(shard[1]) : 0;
}

export type AttendanceStore = ReturnType<typeof createAttendanceStore>;
