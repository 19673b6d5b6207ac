/**
 * A session's seat counters, one per shard (key design in ./keys.ts;
 * docs/reservations.md, "Shards"): which items hold a session's seat state
 * and how they add up, the conditions the rules put on a counter, and how a
 * session write sets the counters. Every transaction that changes seats
 * builds its counter updates here, merged per counter (a transaction may
 * name an item once).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogueError } from '../domain/errors';
import { addUpShards, shareCapacity, type ShardSeats } from '../domain/seat-shards';
import { getItems } from './item-reads';
import { seatsKey, type Key } from './keys';
import type { TransactItem } from './transactions';

/** When a session takes reservations, copied onto every counter so that a reservation reads no session item. */
export interface ReservationWindow {
  endsAt?: string;
  reservationOpensAt?: string;
  reservationClosesAt?: string;
}

/** One shard's counter as stored. */
export interface SeatCounter extends ShardSeats {
  /** Several shards, shard 1 and up: its block of places, [blockNext, blockEnd] still to hand out until blockAt + BLOCK_LIFE_MS. */
  blockNext?: number;
  blockEnd?: number;
  blockAt?: number;
  blockSize?: number;
  /** Shard 0..K-1 (the line's replicas): every place up to this one has left the line (absent: none). */
  passed?: number;
  /** Shard 0..K-1: places given up so far (LEFT# markers written); absent: none, so positions need no marker count. */
  givenUp?: number;
  /** How many shards the session has (absent: 1). */
  shards?: number;
  /** Seats of this shard checked in at the door (absent: none). */
  checkedIn?: number;
  /** Null when the session has no window; absent on counters written before it was copied here: then the session item says. */
  window?: ReservationWindow | null;
}

/** A session's seats: its shards' counters (in shard order) and what they add up to. */
export interface Seats {
  shards: SeatCounter[];
  capacity: number | null;
  taken: number;
  waitlisted: number;
  /** Seats checked in at the door (docs/reservations.md, "Check-in"): for organisers, never in the public view. */
  checkedIn: number;
  status: 'scheduled' | 'cancelled';
}

/** What a session item says about its seats. */
export interface SeatSettings extends ReservationWindow {
  eventId: string;
  id: string;
  capacity: number | null;
  status: 'scheduled' | 'cancelled';
  seatShards?: number | undefined;
}

export const shardCount = (session: { seatShards?: number | undefined }) => session.seatShards ?? 1;

/**
 * The items that hold a session's seat state: one counter per shard. A read
 * that does not know the shard count yet may read shard 0's counter first:
 * it says how many there are (`shards`).
 */
export function seatStateKeys(session: { eventId: string; id: string; seatShards?: number | undefined }): Key[] {
  return Array.from({ length: shardCount(session) }, (_, shard) => seatsKey(session.eventId, session.id, shard));
}

/**
 * The seat states of a page of sessions from one read of all their counters:
 * the keys to read, and each session's state from what that read found (in
 * the keys' order). Search reads the keys together with the event's head.
 */
export function seatStatesOf(sessions: readonly { eventId: string; id: string; seatShards?: number | undefined }[]): {
  keys: Key[];
  states(found: readonly (Record<string, unknown> | undefined)[]): (Seats | undefined)[];
} {
  const perSession = sessions.map((session) => seatStateKeys(session));
  return {
    keys: perSession.flat(),
    states(found) {
      let at = 0;
      return perSession.map((keys) => addUpSeatState(found.slice(at, (at += keys.length))));
    },
  };
}

/** A session's seat state from its counters (as seatStateKeys names them, in that order); undefined when the session has none. */
export function addUpSeatState(counters: readonly (Record<string, unknown> | undefined)[]): Seats | undefined {
  const found = counters.map((item, shard) => (item ? ({ ...item, shard } as unknown as SeatCounter) : undefined));
  const shards = found.filter((c): c is SeatCounter => c !== undefined);
  if (shards.length === 0 || !found[0]) return undefined;
  const capacities = shards.map((c) => c.capacity);
  return {
    shards,
    capacity: capacities.includes(null) ? null : (capacities as number[]).reduce((sum, c) => sum + c, 0),
    ...addUpShards(shards),
    checkedIn: shards.reduce((sum, c) => sum + (c.checkedIn ?? 0), 0),
    status: found[0].status,
  };
}

/** The rules a counter update may be held to (docs/reservations.md, "The rules, as transaction conditions"). */
export type CounterRule =
  | 'exists'
  | 'scheduled'
  | 'seat-free'
  | 'full'
  | 'nobody-waits'
  | 'someone-waits'
  | 'seat-held'
  | 'line-open'
  | 'line-closed'
  | 'never-used';

const RULES: Record<CounterRule, string> = {
  exists: 'attribute_exists(pk)',
  scheduled: '#status = :scheduled',
  'seat-free': '(attribute_type(#capacity, :null) OR #taken < #capacity)',
  full: '(NOT attribute_type(#capacity, :null) AND #taken >= #capacity)',
  'nobody-waits': '#waitlisted = :zero',
  'someone-waits': '#waitlisted > :zero',
  'seat-held': '#taken > :zero',
  'line-open': '#line = :true',
  'line-closed': '(attribute_not_exists(#line) OR #line = :false)',
  'never-used': '((attribute_not_exists(#granted) OR #granted = :zero) AND #taken = :zero AND #waitlisted = :zero)',
};

/** One counter's part in a transaction: increments, values set, the rules it is held to. */
export interface CounterChange {
  add?: Partial<Record<'taken' | 'waitlisted' | 'givenUp' | 'checkedIn', number>>;
  set?: { passed?: number; line?: boolean };
  when?: CounterRule[];
  /**
   * The place being bound was handed out through this counter (not through
   * one a delete removed before the id was created again): the line's
   * `granted` (one shard), or the shard's last block (several) reaches it.
   */
  handedOut?: { through: 'granted' | 'blockEnd'; place: number };
}

/** Counter changes by shard, merged: several parts of one transaction may touch one counter. */
export class CounterChanges {
  private readonly byShard = new Map<number, CounterChange>();

  on(shard: number, change: CounterChange): this {
    const before = this.byShard.get(shard) ?? {};
    const add = { ...before.add };
    for (const [name, delta] of Object.entries(change.add ?? {}) as [keyof NonNullable<CounterChange['add']>, number][]) add[name] = (add[name] ?? 0) + delta;
    this.byShard.set(shard, {
      add,
      set: { ...before.set, ...change.set },
      when: [...new Set([...(before.when ?? []), ...(change.when ?? [])])],
      ...(before.handedOut ?? change.handedOut ? { handedOut: change.handedOut ?? before.handedOut } : {}),
    });
    return this;
  }

  get shards(): number[] {
    return [...this.byShard.keys()].sort((a, b) => a - b);
  }

  /**
   * The counters' updates, in shard order, each holding only while the
   * session still has the shard count the caller read (it changes only
   * before the first reservation, but a request may have read it before).
   */
  items(tableName: string, line: { eventId: string; sessionId: string; shards: number }): TransactItem[] {
    return this.shards.map((shard) => counterUpdate(tableName, seatsKey(line.eventId, line.sessionId, shard), this.byShard.get(shard)!, line.shards));
  }
}

function counterUpdate(tableName: string, key: Key, change: CounterChange, shards: number): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const name = (attribute: string) => {
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  };
  const adds = Object.entries(change.add ?? {}).map(([attribute, delta]) => {
    values[`:add_${attribute}`] = delta;
    return `${name(attribute)} :add_${attribute}`;
  });
  const sets = Object.entries(change.set ?? {}).map(([attribute, value]) => {
    values[`:set_${attribute}`] = value;
    return `${name(attribute)} = :set_${attribute}`;
  });
  const conditions = (change.when ?? []).map((rule) => {
    const expression = RULES[rule];
    for (const [, attribute] of expression.matchAll(/#(\w+)/g)) name(attribute!);
    for (const [placeholder] of expression.matchAll(/:\w+/g)) values[placeholder] = RULE_VALUES[placeholder as keyof typeof RULE_VALUES];
    return expression;
  });
  if (change.handedOut) {
    conditions.push(`${name(change.handedOut.through)} >= :handedOut`);
    values[':handedOut'] = change.handedOut.place;
  }
  // Counters written before the count was kept on them are of one shard.
  conditions.push(shards === 1 ? `(attribute_not_exists(${name('shards')}) OR #shards = :shards)` : `${name('shards')} = :shards`);
  values[':shards'] = shards;
  const update = [adds.length > 0 ? `ADD ${adds.join(', ')}` : '', sets.length > 0 ? `SET ${sets.join(', ')}` : ''].filter(Boolean).join(' ');
  if (!update) {
    return { ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: conditions.join(' AND '), ...attributes(names, values) } };
  }
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: update,
      ...(conditions.length > 0 ? { ConditionExpression: conditions.join(' AND ') } : {}),
      ...attributes(names, values),
    },
  };
}

const RULE_VALUES = { ':scheduled': 'scheduled', ':null': 'NULL', ':zero': 0, ':true': true, ':false': false } as const;

const attributes = (names: Record<string, string>, values: Record<string, unknown>) => ({
  ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
  ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
});

const sameWindow = (a: ReservationWindow, b: ReservationWindow) =>
  a.endsAt === b.endsAt && a.reservationOpensAt === b.reservationOpensAt && a.reservationClosesAt === b.reservationClosesAt;


/** The window as a counter keeps it: null for none (an empty map would not survive the local stream reader). */
function windowOf(session: ReservationWindow): ReservationWindow | null {
  const window = {
    ...(session.endsAt ? { endsAt: session.endsAt } : {}),
    ...(session.reservationOpensAt ? { reservationOpensAt: session.reservationOpensAt } : {}),
    ...(session.reservationClosesAt ? { reservationClosesAt: session.reservationClosesAt } : {}),
  };
  return Object.keys(window).length > 0 ? window : null;
}

/** What a session write does to its counters: the items, and which rule a failed one broke. */
export interface CounterWrites {
  items: TransactItem[];
  /** Why a counter item's condition can fail: held seats above a lowered capacity, or shards changed after reservations. */
  refusal: 'capacity' | 'shards';
  /** A failed capacity condition may be a race with a reservation on a shard, not a capacity too low: read again and retry. */
  retryable: boolean;
}

export function createSeatCounters(doc: DynamoDBDocumentClient, tableName: string) {
  /** Access pattern: a session's counters, in shard order (one BatchGetItem); a shard without a counter is undefined. */
  async function readCounters(session: { eventId: string; id: string; seatShards?: number | undefined }, consistent: boolean) {
    return getItems<Key & Record<string, unknown>>(doc, tableName, seatStateKeys(session), consistent);
  }

  /**
   * The counters' part of a session write (create, patch, import): the
   * capacity shared over the shards (each share at least what the shard holds;
   * read first when it changes on several shards), the status and the
   * reservation window on every counter. The shard count changes only while
   * no counter was ever used. A single counter is written on every write (as
   * it always was: a session whose counter is missing gets one); several only
   * when what they hold changes, so that a catalogue edit does not meet a rush.
   */
  async function sessionWriteItems(previous: SeatSettings | undefined, next: SeatSettings): Promise<CounterWrites> {
    const shards = shardCount(next);
    const before = previous ? shardCount(previous) : shards;
    const window = windowOf(next);
    const set = (capacity: number | null) => ({ capacity, status: next.status, window, entity: 'seats', shards });
    // A new counter, or one of new shards: the line starts closed on all of them.
    const fresh = (capacity: number | null) => ({ ...set(capacity), line: false });
    const put = (shard: number, values: Record<string, unknown>, condition?: { expression: string; limit?: number }): TransactItem => {
      const names: Record<string, string> = { '#taken': 'taken', '#waitlisted': 'waitlisted' };
      const exprValues: Record<string, unknown> = { ':zero': 0 };
      const assignments = Object.entries(values).map(([attribute, value]) => {
        names[`#${attribute}`] = attribute;
        exprValues[`:${attribute}`] = value;
        return `#${attribute} = :${attribute}`;
      });
      if (condition) {
        for (const [, attribute] of condition.expression.matchAll(/#(\w+)/g)) names[`#${attribute}`] = attribute!;
        if (condition.limit !== undefined) exprValues[':limit'] = condition.limit;
        if (condition.expression.includes(':null')) exprValues[':null'] = 'NULL';
      }
      return {
        Update: {
          TableName: tableName,
          Key: seatsKey(next.eventId, next.id, shard),
          UpdateExpression: `SET ${[...assignments, '#taken = if_not_exists(#taken, :zero)', '#waitlisted = if_not_exists(#waitlisted, :zero)'].join(', ')}`,
          ...(condition ? { ConditionExpression: condition.expression } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: exprValues,
        },
      };
    };
    const evenShares = shareCapacity(next.capacity, Array.from({ length: shards }, () => 0))!;

    if (!previous) return { items: evenShares.map((share, shard) => put(shard, fresh(share))), refusal: 'capacity', retryable: false };

    if (before !== shards) {
      // Only a session whose counters were never used changes its shards: its other partitions hold nothing but counters.
      const neverUsed = `attribute_not_exists(pk) OR ${RULES['never-used']}`;
      const items = evenShares.map((share, shard) => put(shard, fresh(share), { expression: neverUsed }));
      for (let shard = shards; shard < before; shard++) {
        items.push({
          Delete: {
            TableName: tableName,
            Key: seatsKey(next.eventId, next.id, shard),
            ConditionExpression: RULES['never-used'],
            ExpressionAttributeNames: { '#granted': 'granted', '#taken': 'taken', '#waitlisted': 'waitlisted' },
            ExpressionAttributeValues: { ':zero': 0 },
          },
        });
      }
      return { items, refusal: 'shards', retryable: false };
    }

    const below = (limit: number | null) =>
      limit === null ? undefined : { expression: 'attribute_not_exists(#taken) OR #taken <= :limit', limit };
    if (shards === 1) return { items: [put(0, set(next.capacity), below(next.capacity))], refusal: 'capacity', retryable: false };

    const settingsChanged = previous.capacity !== next.capacity || previous.status !== next.status || !sameWindow(previous, next);
    if (!settingsChanged) return { items: [], refusal: 'capacity', retryable: false };
    if (previous.capacity === next.capacity) {
      // Shares stay as they are.
      const { capacity: _, ...rest } = set(null);
      return { items: Array.from({ length: shards }, (_, shard) => put(shard, rest)), refusal: 'capacity', retryable: false };
    }
    const counters = await readCounters(next, true);
    const shares = shareCapacity(next.capacity, counters.map((c) => (c?.taken as number | undefined) ?? 0));
    if (!shares) throw capacityBelowTaken();
    return { items: shares.map((share, shard) => put(shard, set(share), below(share))), refusal: 'capacity', retryable: true };
  }

  /** The counters' part of a session's delete: every one goes (no seat can be taken or freed any more). */
  function deleteItems(session: { eventId: string; id: string; seatShards?: number | undefined }): TransactItem[] {
    return seatStateKeys(session).map((key) => ({ Delete: { TableName: tableName, Key: key } }));
  }

  return { readCounters, sessionWriteItems, deleteItems };
}

export function capacityBelowTaken(): CatalogueError {
  return new CatalogueError('conflict', 'More seats are already confirmed than the new capacity', [
    { path: 'body.capacity', message: 'must be at least the number of confirmed reservations' },
  ]);
}

export function shardsInUse(): CatalogueError {
  return new CatalogueError('conflict', 'The seat shards of a session can change only before its first reservation', [
    { path: 'body.seatShards', message: 'cannot change once the session has held a reservation or a place in line' },
  ]);
}

export type SeatCounters = ReturnType<typeof createSeatCounters>;
