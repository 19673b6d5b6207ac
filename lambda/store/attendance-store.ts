/**
 * Access patterns of attendance: seats, the waitlist and reservations (key
 * design in ./keys.ts and docs/data-model.md; bookmarks: ./bookmark-store.ts).
 *
 * The rules that never bend are enforced by DynamoDB itself, in one
 * transaction per change, never by a read followed by a write:
 * - a seat is confirmed only while `taken < capacity` on the session's seat counter;
 * - an attendee's reservation is created only if none exists;
 * - joining the waitlist requires the session to be full, so nobody waits while a seat is free;
 * - freeing a seat hands it to the head of the waitlist in the same transaction,
 *   or decrements `taken` only if nobody is waiting;
 * - a counter is decremented only while it exists and is above zero: after a
 *   session's delete took its counter away, no cancel can bring it back at −1.
 * Each method reports which rule stopped it, so the caller can read again and retry.
 */
import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTransaction, type TransactItem } from './transactions';
import {
  attendeePartition,
  calendarFeedKey,
  calendarFeedOfAttendeeKey,
  releasedKey,
  reservationKey,
  seatKey,
  seatsKey,
  sessionPartition,
  waitKey,
  type Key,
} from './keys';
import { queryAll, createQueryPage, type Page, type PageRequest } from './query-page';
import type { Cursors } from './cursor';


export interface Seats {
  capacity: number | null;
  taken: number;
  waitlisted: number;
  status: 'scheduled' | 'cancelled';
}

/** `released`: the session was cancelled; the attendee's record stays, holding no seat. */
export type ReservationStatus = 'confirmed' | 'waitlisted' | 'released';

export interface ReservationItem {
  pk: string;
  sk: string;
  attendeeId: string;
  eventId: string;
  sessionId: string;
  status: ReservationStatus;
  /** Waitlisted only: the waitlist entry's ticket, which orders the waitlist. */
  ticket?: string;
  createdAt: string;
}

export interface WaitEntry {
  attendeeId: string;
  ticket: string;
}

/** Why a transaction did not happen; `applied` when it did. */
export type Outcome = 'applied' | 'already-holds' | 'full' | 'seat-free' | 'not-open' | 'changed';

const seatNames = { '#capacity': 'capacity', '#taken': 'taken', '#status': 'status' };

export function createAttendanceStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);

  /** Runs a transaction; maps a cancelled one to the rule (by item index) that stopped it. */
  async function attempt(items: TransactItem[], reasons: Record<number, Outcome>): Promise<Outcome> {
    const result = await runTransaction(doc, items);
    if (result.applied) return 'applied';
    if (result.conflict) return 'changed';
    const failed = result.failed.map((index) => reasons[index] ?? 'changed');
    // The attendee's own reservation existing outranks the rest: a retry of a write that went through.
    return failed.includes('already-holds') ? 'already-holds' : failed[0]!;
  }

  const reservationPut = (r: Omit<ReservationItem, 'pk' | 'sk'>): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: { ...reservationKey(r.attendeeId, r.eventId, r.sessionId), entity: 'reservation', ...r },
      // A released reservation (its session was cancelled, then scheduled again) may be taken up anew.
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':released': 'released' },
    },
  });

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

  /** Confirms a seat: +1 taken while below capacity and the session is open, and the attendee's reservation. */
  async function confirmSeat(attendeeId: string, eventId: string, sessionId: string, createdAt: string): Promise<Outcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #taken :one',
            ConditionExpression: '#status = :scheduled AND (attribute_type(#capacity, :null) OR #taken < #capacity)',
            ExpressionAttributeNames: seatNames,
            ExpressionAttributeValues: { ':one': 1, ':scheduled': 'scheduled', ':null': 'NULL' },
          },
        },
        reservationPut({ attendeeId, eventId, sessionId, status: 'confirmed', createdAt }),
        { Put: { TableName: tableName, Item: { ...seatKey(eventId, sessionId, attendeeId), entity: 'seat', attendeeId } } },
      ],
      { 0: 'full', 1: 'already-holds' },
    );
  }

  /** Joins the waitlist, which only a full session has: the ticket orders it. */
  async function joinWaitlist(attendeeId: string, eventId: string, sessionId: string, ticket: string, createdAt: string): Promise<Outcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #waitlisted :one',
            ConditionExpression: '#status = :scheduled AND NOT attribute_type(#capacity, :null) AND #taken >= #capacity',
            ExpressionAttributeNames: { ...seatNames, '#waitlisted': 'waitlisted' },
            ExpressionAttributeValues: { ':one': 1, ':scheduled': 'scheduled', ':null': 'NULL' },
          },
        },
        reservationPut({ attendeeId, eventId, sessionId, status: 'waitlisted', ticket, createdAt }),
        { Put: { TableName: tableName, Item: { ...waitKey(eventId, sessionId, ticket), entity: 'wait', attendeeId, ticket } } },
      ],
      { 0: 'seat-free', 1: 'already-holds' },
    );
  }

  /** Access pattern: the first attendee on a session's waitlist (its entries sort by ticket). */
  async function waitlistHead(eventId: string, sessionId: string): Promise<WaitEntry | undefined> {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
        ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId), ':wait': 'WAIT#' },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    return Items?.[0] as WaitEntry | undefined;
  }

  /** Access pattern: a waitlist position, counted (not stored) so that a cancellation closes the gap at once. */
  async function waitlistPosition(eventId: string, sessionId: string, ticket: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :mine',
          ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId), ':first': 'WAIT#', ':mine': `WAIT#${ticket}` },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      count += out.Count ?? 0;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  const reservationDelete = (attendeeId: string, eventId: string, sessionId: string, status: ReservationStatus): TransactItem => ({
    Delete: {
      TableName: tableName,
      Key: reservationKey(attendeeId, eventId, sessionId),
      ConditionExpression: '#status = :held',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':held': status },
    },
  });

  /** Hands the seat to the head of the waitlist: their entry goes, their reservation becomes confirmed. */
  const promotion = (eventId: string, sessionId: string, head: WaitEntry): TransactItem[] => [
    { Delete: { TableName: tableName, Key: waitKey(eventId, sessionId, head.ticket), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: tableName,
        Key: reservationKey(head.attendeeId, eventId, sessionId),
        UpdateExpression: 'SET #status = :confirmed REMOVE ticket',
        ConditionExpression: '#status = :waitlisted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted' },
      },
    },
    { Put: { TableName: tableName, Item: { ...seatKey(eventId, sessionId, head.attendeeId), entity: 'seat', attendeeId: head.attendeeId } } },
  ];

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
        UpdateExpression: head ? 'ADD #waitlisted :minusOne' : 'ADD #taken :minusOne',
        ConditionExpression: head ? '#waitlisted > :zero' : '#waitlisted = :zero AND #taken > :zero',
        ExpressionAttributeNames: head ? { '#waitlisted': 'waitlisted' } : { '#taken': 'taken', '#waitlisted': 'waitlisted' },
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      },
    };
    return attempt([...mine, counter, ...(head ? promotion(eventId, sessionId, head) : [])], { 0: 'already-holds' });
  }

  /** Leaves the waitlist: the entry and the reservation go, waitlisted −1. */
  async function leaveWaitlist(attendeeId: string, eventId: string, sessionId: string, ticket: string): Promise<Outcome> {
    return attempt(
      [
        reservationDelete(attendeeId, eventId, sessionId, 'waitlisted'),
        { Delete: { TableName: tableName, Key: waitKey(eventId, sessionId, ticket), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #waitlisted :minusOne',
            ConditionExpression: '#waitlisted > :zero',
            ExpressionAttributeNames: { '#waitlisted': 'waitlisted' },
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          },
        },
      ],
      { 0: 'already-holds' },
    );
  }

  /** Gives a seat that is free (after capacity grew) to the head of the waitlist. */
  async function promoteHead(eventId: string, sessionId: string, head: WaitEntry): Promise<Outcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #taken :one, #waitlisted :minusOne',
            ConditionExpression: '(attribute_type(#capacity, :null) OR #taken < #capacity) AND #waitlisted > :zero',
            ExpressionAttributeNames: { '#taken': 'taken', '#waitlisted': 'waitlisted', '#capacity': 'capacity' },
            ExpressionAttributeValues: { ':one': 1, ':minusOne': -1, ':null': 'NULL', ':zero': 0 },
          },
        },
        ...promotion(eventId, sessionId, head),
      ],
      { 0: 'full' },
    );
  }

  /**
   * A cancelled session releases a seat or waitlist place: the entry goes,
   * the counter follows, and the attendee's reservation stays as `released`,
   * named in the session's partition by a RELEASED# item (how a later delete
   * of the session finds it).
   */
  async function releasePlace(eventId: string, sessionId: string, child: { sk: string; attendeeId: string }): Promise<Outcome> {
    const counter = child.sk.startsWith('SEAT#') ? 'taken' : 'waitlisted';
    return attempt(
      [
        { Delete: { TableName: tableName, Key: { pk: sessionPartition(eventId, sessionId), sk: child.sk }, ConditionExpression: 'attribute_exists(pk)' } },
        {
          Update: {
            TableName: tableName,
            Key: reservationKey(child.attendeeId, eventId, sessionId),
            UpdateExpression: 'SET #status = :released REMOVE ticket',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':released': 'released' },
          },
        },
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #counter :minusOne',
            ConditionExpression: '#counter > :zero',
            ExpressionAttributeNames: { '#counter': counter },
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          },
        },
        { Put: { TableName: tableName, Item: { ...releasedKey(eventId, sessionId, child.attendeeId), entity: 'released', attendeeId: child.attendeeId } } },
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
    joinWaitlist,
    waitlistHead,
    waitlistPosition,
    releaseSeat,
    leaveWaitlist,
    promoteHead,
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
