/**
 * Access patterns of the door: a session's roster over every seat shard,
 * and checking a seat in (docs/reservations.md, "Check-in"; key design in
 * ./keys.ts and docs/data-model.md). A check-in is recorded on the seat
 * itself (`SEAT#{a}`: `checkedInAt`, `scannedAt`, `scanId`), on the
 * attendee's reservation (so their agenda shows it) and counted on the
 * seat's shard counter (`checkedIn`), in one transaction that holds only
 * while the seat exists, is not checked in yet, and the reservation is the
 * confirmed one of the code's version: concurrent scans of one code check
 * in exactly once.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reservationKey, seatKey, sessionPartition, sessionPartitions } from './keys';
import { CounterChanges } from './seat-counters';
import { queryAll, createQueryPage, type Page, type PageRequest } from './query-page';
import { createMergedQueryPage } from './merged-query-page';
import { runTransaction } from './transactions';
import { invalidCursor, queryFingerprint, type Cursors } from './cursor';
import { CatalogueError } from '../domain/errors';
import type { Line } from './waitlist-store';

/** A seat as the door sees it: whose, on which shard, and whether it was checked in. */
export interface SeatHolder {
  attendeeId: string;
  shard: number;
  /** When the check-in was recorded, and when the door scanned it (earlier when a queued scan was sent later). */
  checkedInAt?: string;
  scannedAt?: string;
  /** The door's id of the scan that checked it in: the same scan sent again is answered as it was. */
  scanId?: string;
  /** When the seat became this attendee's (absent on seats from before it was kept). */
  since?: string;
}

export type RosterRow =
  | ({ status: 'confirmed' } & Omit<SeatHolder, 'scanId' | 'since'>)
  | { status: 'waitlisted'; attendeeId: string; place: number };

export interface CheckInRecord {
  checkedInAt: string;
  scannedAt: string;
  scanId?: string | undefined;
}

/** `checked-in` the seat was already; `changed` the reservation is not the code's (cancelled, released, another version). */
export type CheckInOutcome = 'applied' | 'checked-in' | 'changed';

const shardOfPk = (pk: string) => Number(/#SHARD#(\d+)$/.exec(pk)?.[1] ?? 0);

const holderOf = (item: Record<string, unknown>): SeatHolder => ({
  attendeeId: item.attendeeId as string,
  shard: shardOfPk(String(item.pk)),
  ...(item.checkedInAt ? { checkedInAt: item.checkedInAt as string, scannedAt: item.scannedAt as string } : {}),
  ...(item.scanId ? { scanId: item.scanId as string } : {}),
  ...(item.since ? { since: item.since as string } : {}),
});

export function createCheckInStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);
  const mergedQueryPage = createMergedQueryPage(queryPage, cursors);

  /** Access pattern: every seat of a session, over every shard (one Query per shard partition, `begins_with(sk, 'SEAT#')`). */
  async function seatHolders(line: Line): Promise<SeatHolder[]> {
    const partitions = await Promise.all(
      sessionPartitions(line.eventId, line.sessionId, line.shards).map((pk) =>
        queryAll<Record<string, unknown>>(doc, {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seat)',
          ExpressionAttributeValues: { ':pk': pk, ':seat': 'SEAT#' },
          ConsistentRead: true,
        }),
      ),
    );
    return partitions.flat().map(holderOf);
  }

  /** Access pattern: the attendees whose reservation of the session was released (Query `RELEASED#` of the session's partition). */
  async function releasedAttendees(line: Line): Promise<string[]> {
    const items = await queryAll<{ attendeeId: string }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :released)',
      ExpressionAttributeValues: { ':pk': sessionPartition(line.eventId, line.sessionId), ':released': 'RELEASED#' },
      ProjectionExpression: 'attendeeId',
    });
    return items.map((item) => item.attendeeId);
  }

  /** Access pattern: one seat (GetItem, consistent). */
  async function getSeatHolder(line: Line, shard: number, attendeeId: string): Promise<SeatHolder | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: seatKey(line.eventId, line.sessionId, attendeeId, shard), ConsistentRead: true }));
    return Item ? holderOf(Item) : undefined;
  }

  /** Checks a seat in: the seat, the reservation (of the code's version) and the shard's `checkedIn`, in one transaction. */
  async function checkIn(line: Line, seat: { attendeeId: string; shard: number }, version: string, record: CheckInRecord): Promise<CheckInOutcome> {
    const { eventId, sessionId } = line;
    const counter = new CounterChanges().on(seat.shard, { add: { checkedIn: 1 }, when: ['exists'] });
    const result = await runTransaction(doc, [
      {
        Update: {
          TableName: tableName,
          Key: seatKey(eventId, sessionId, seat.attendeeId, seat.shard),
          UpdateExpression: `SET checkedInAt = :at, scannedAt = :scanned${record.scanId ? ', scanId = :scan' : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(checkedInAt)',
          ExpressionAttributeValues: { ':at': record.checkedInAt, ':scanned': record.scannedAt, ...(record.scanId ? { ':scan': record.scanId } : {}) },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: reservationKey(seat.attendeeId, eventId, sessionId),
          UpdateExpression: 'SET checkedInAt = :at',
          ConditionExpression: '#status = :confirmed AND createdAt = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': record.checkedInAt, ':confirmed': 'confirmed', ':version': version },
        },
      },
      ...counter.items(tableName, line),
    ]);
    if (result.applied) return 'applied';
    if (result.conflict) throw new CatalogueError('unavailable', 'This seat is changing; send the scan again');
    return result.failed.includes(0) && (await getSeatHolder(line, seat.shard, seat.attendeeId))?.checkedInAt ? 'checked-in' : 'changed';
  }

  /**
   * Access pattern: a page of the roster: the confirmed seats (by attendee
   * id, merged over every shard's `SEAT#` range), then the waitlist in line
   * order (merged over the entry partitions' `WAIT#` ranges, places that
   * left the line filtered out). A cursor is one of the two lists' own
   * signed cursors, or a signed mark for "the waitlist from its start".
   */
  async function rosterPage(line: Line, page: PageRequest): Promise<Page<RosterRow>> {
    const { eventId, sessionId, shards } = line;
    const seats = {
      partitions: { name: 'pk', values: sessionPartitions(eventId, sessionId, shards) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'SEAT#' } },
      identity: ['roster-seats', eventId, sessionId],
      consistent: true,
    };
    const waiting = {
      partitions: { name: 'pk', values: sessionPartitions(eventId, sessionId, shards) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': 'WAIT#' } },
      filter: { expression: 'attribute_exists(attendeeId)' },
      identity: ['roster-waitlist', eventId, sessionId],
      consistent: true,
    };
    const waitlistStart = queryFingerprint(['roster-waitlist-start', eventId, sessionId, shards]);
    const waitRows = (items: Record<string, unknown>[]): RosterRow[] =>
      items.map((item) => ({ status: 'waitlisted', attendeeId: item.attendeeId as string, place: item.place as number }));

    const { cursor } = page;
    let section: 'seats' | 'waitlist' = 'seats';
    let inner = cursor;
    if (cursor !== undefined) {
      if (tryOpen(() => cursors.decodeOffset(cursor, waitlistStart)) !== undefined) [section, inner] = ['waitlist', undefined];
      else if (positionOf(cursor).startsWith('WAIT#')) section = 'waitlist';
    }
    if (section === 'waitlist') {
      const found = await mergedQueryPage<Record<string, unknown>>(waiting, { limit: page.limit, cursor: inner });
      return { items: waitRows(found.items), nextCursor: found.nextCursor };
    }
    const held = await mergedQueryPage<Record<string, unknown>>(seats, { limit: page.limit, cursor: inner });
    const rows: RosterRow[] = held.items.map((item) => {
      const { scanId: _scan, since: _since, ...holder } = holderOf(item);
      return { status: 'confirmed', ...holder };
    });
    if (held.nextCursor) return { items: rows, nextCursor: held.nextCursor };
    if (rows.length === page.limit) return { items: rows, nextCursor: cursors.encodeOffset(0, waitlistStart) };
    const next = await mergedQueryPage<Record<string, unknown>>(waiting, { limit: page.limit - rows.length });
    return { items: [...rows, ...waitRows(next.items)], nextCursor: next.nextCursor };
  }

  return { seatHolders, releasedAttendees, getSeatHolder, checkIn, rosterPage };
}

/** The value a signed cursor opens to, or undefined when it is not of that kind (its MAC and fingerprint are checked by `open`). */
function tryOpen<T>(open: () => T): T | undefined {
  try {
    return open();
  } catch (error) {
    if (error instanceof CatalogueError && error.kind === 'invalid') return undefined;
    throw error;
  }
}

/**
 * The sort key a list cursor resumes after, read without checking: it only
 * picks which list to give the cursor to, and that list checks its MAC and
 * its query as for any cursor.
 */
function positionOf(cursor: string): string {
  try {
    const { k } = JSON.parse(Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8')) as { k?: { sk?: unknown } };
    return typeof k?.sk === 'string' ? k.sk : '';
  } catch {
    throw invalidCursor();
  }
}

export type CheckInStore = ReturnType<typeof createCheckInStore>;
