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
import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './transactions';
import {
  attendeePartition,
  calendarFeedKey,
  calendarFeedOfAttendeeKey,
  releasedKey,
  reservationKey,
  seatKey,
  seatsKey,
  sessionPartition,
  type Key,
} from './keys';
import { createReservationWrites, type Outcome, type ReservationItem, type ReservationStatus } from './reservation-writes';
import { createWaitlistStore, type WaitEntry } from './waitlist-store';
import { queryAll, createQueryPage, type Page, type PageRequest } from './query-page';
import type { Cursors } from './cursor';


export interface Seats {
  capacity: number | null;
  taken: number;
  waitlisted: number;
  status: 'scheduled' | 'cancelled';
  /** The last place in line granted (absent: none yet); see ./waitlist-store.ts. */
  granted?: number;
  /** Every place in line up to this one has left it (absent: none). */
  passed?: number;
  /** Places given up so far (LEFT# markers written); absent: none, so positions need no marker count. */
  givenUp?: number;
}

export type { Outcome, ReservationItem, ReservationStatus } from './reservation-writes';
export type { WaitEntry } from './waitlist-store';

export function createAttendanceStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);

  const writes = createReservationWrites(doc, tableName);
  const { attempt, reservationPut, reservationDelete } = writes;
  const waitlist = createWaitlistStore(doc, tableName, writes);

  /** Access pattern: a session's seat counter. */
  async function getSeats(eventId: string, sessionId: string, consistent: boolean): Promise<Seats | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: seatsKey(eventId, sessionId), ConsistentRead: consistent }));
    return Item as Seats | undefined;
  }

  /** Access pattern: the seat counters of a page of sessions (BatchGetItem). */
  async function getSeatsOf(refs: readonly { eventId: string; id: string }[]): Promise<Map<string, Seats>> {
    const result = new Map<string, Seats>();
    for (let i = 0; i < refs.length; i += 100) {
      let keys: Key[] = refs.slice(i, i + 100).map((r) => seatsKey(r.eventId, r.id));
      keys = [...new Map(keys.map((k) => [k.pk, k])).values()];
      for (let tries = 0; keys.length > 0 && tries < 8; tries++) {
        if (tries > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** tries));
        const out = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        for (const item of out.Responses?.[tableName] ?? []) result.set(item.pk as string, item as Seats);
        keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
      }
    }
    return result;
  }

  /** Access pattern: one attendee's reservation for one session. */
  async function getReservation(attendeeId: string, eventId: string, sessionId: string): Promise<ReservationItem | undefined> {
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: reservationKey(attendeeId, eventId, sessionId), ConsistentRead: true }),
    );
    return Item as ReservationItem | undefined;
  }

  /** Confirms a seat: +1 taken while below capacity, nobody waits and the session is open, and the attendee's reservation. */
  async function confirmSeat(attendeeId: string, eventId: string, sessionId: string, createdAt: string): Promise<Outcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #taken :one',
            ConditionExpression: '#status = :scheduled AND (attribute_type(#capacity, :null) OR #taken < #capacity) AND #waitlisted = :zero',
            ExpressionAttributeNames: { '#capacity': 'capacity', '#taken': 'taken', '#status': 'status', '#waitlisted': 'waitlisted' },
            ExpressionAttributeValues: { ':one': 1, ':scheduled': 'scheduled', ':null': 'NULL', ':zero': 0 },
          },
        },
        reservationPut({ attendeeId, eventId, sessionId, status: 'confirmed', createdAt }),
        { Put: { TableName: tableName, Item: { ...seatKey(eventId, sessionId, attendeeId), entity: 'seat', attendeeId } } },
      ],
      { 0: 'full', 1: 'already-holds' },
    );
  }

  /**
   * Frees a confirmed seat. With `head`, the seat goes to them in the same
   * transaction (taken unchanged, waitlisted −1); without, taken −1 only if
   * nobody is waiting. `changed` means the waitlist moved: read it and retry.
   */
  async function releaseSeat(attendeeId: string, eventId: string, sessionId: string, head: WaitEntry | undefined): Promise<Outcome> {
    const mine: TransactItem[] = [
      reservationDelete(attendeeId, eventId, sessionId, 'confirmed'),
      { Delete: { TableName: tableName, Key: seatKey(eventId, sessionId, attendeeId) } },
    ];
    const counter: TransactItem = {
      Update: {
        TableName: tableName,
        Key: seatsKey(eventId, sessionId),
        UpdateExpression: head ? 'ADD #waitlisted :minusOne SET #passed = :place' : 'ADD #taken :minusOne',
        ConditionExpression: head ? '#waitlisted > :zero' : '#waitlisted = :zero AND #taken > :zero',
        ExpressionAttributeNames: head ? { '#waitlisted': 'waitlisted', '#passed': 'passed' } : { '#taken': 'taken', '#waitlisted': 'waitlisted' },
        ExpressionAttributeValues: head ? { ':minusOne': -1, ':zero': 0, ':place': head.place } : { ':minusOne': -1, ':zero': 0 },
      },
    };
    return attempt([...mine, counter, ...(head ? waitlist.promotion(eventId, sessionId, head) : [])], { 0: 'already-holds' });
  }

  /**
   * A cancelled session releases a seat or waitlist place: the entry goes,
   * the counter follows, and the attendee's reservation stays as `released`,
   * named in the session's partition by a RELEASED# item (how a later delete
   * of the session finds it).
   */
  async function releasePlace(eventId: string, sessionId: string, child: { sk: string; attendeeId: string; place?: number }): Promise<Outcome> {
    const released: TransactItem[] = [
      {
        Update: {
          TableName: tableName,
          Key: reservationKey(child.attendeeId, eventId, sessionId),
          UpdateExpression: 'SET #status = :released REMOVE place',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'released' },
        },
      },
      { Put: { TableName: tableName, Item: { ...releasedKey(eventId, sessionId, child.attendeeId), entity: 'released', attendeeId: child.attendeeId } } },
    ];
    if (!child.sk.startsWith('SEAT#')) return attempt([...released, ...waitlist.placeLeft(eventId, sessionId, child.place!)], {});
    return attempt(
      [
        ...released,
        { Delete: { TableName: tableName, Key: seatKey(eventId, sessionId, child.attendeeId), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #taken :minusOne',
            ConditionExpression: '#taken > :zero',
            ExpressionAttributeNames: { '#taken': 'taken' },
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          },
        },
      ],
      {},
    );
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

  /** Access pattern: everything in a session's partition (seats, waitlist, …), for a cancellation and for audits. */
  async function sessionChildren(eventId: string, sessionId: string): Promise<Record<string, unknown>[]> {
    return queryAll<Record<string, unknown>>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId) },
      ConsistentRead: true,
    });
  }

  return {
    getSeats,
    getSeatsOf,
    getReservation,
    confirmSeat,
    takePlace: waitlist.takePlace,
    joinWaitlist: waitlist.joinWaitlist,
    givePlaceUp: waitlist.givePlaceUp,
    waitlistHead: waitlist.waitlistHead,
    placesGivenUp: waitlist.placesGivenUp,
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

export type AttendanceStore = ReturnType<typeof createAttendanceStore>;
