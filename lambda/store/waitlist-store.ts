/**
 * Access patterns of a session's waitlist: places in line (key design in
 * ./keys.ts; docs/reservations.md, "Places in line" and "Shards").
 *
 * Places are numbered 1, 2, 3, … for the whole session by one counter, shard
 * 0's `granted`. With one shard, a joiner takes the next place by one atomic
 * increment of it. With several, a shard takes a block of places from it and
 * hands them out by increments of its own counter, for BLOCK_LIFE_MS at most
 * (domain/seat-shards.ts). Either way no read comes first, so a burst of
 * joins never races for places. The join's transaction then binds the place
 * (its WAIT# entry) unless the place's entry exists already: bound, or given
 * up meanwhile (an entry without an attendee). Until it is bound, a place
 * still counts as ahead of every later one, so a position told is never
 * exceeded when it binds; and a place whose join failed or vanished is given
 * up, which only moves those behind it forward.
 *
 * Positions are computed, not counted along the line: promoting the head
 * moves `passed` to its place (every place up to it has left), and each place
 * given up inside the line leaves a LEFT#{place} marker (domain/waitlist.ts,
 * positionInLine). Both are kept by the line's K replicas (shards 0..K-1),
 * written together in the same transactions, so that position reads spread
 * over K partitions and any replica gives the same answer.
 */
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, InternalServerError, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { positionInLine } from '../domain/waitlist';
import { BLOCK_LIFE_MS, MAX_BLOCK, entryShard, lineReplicas, nextBlockSize, replicaOfPlace } from '../domain/seat-shards';
import { runTransaction, type TransactItem } from './transactions';
import { queryAll } from './query-page';
import { leftKey, placeSk, reservationKey, seatKey, seatsKey, shardPartition, waitKey } from './keys';
import { CounterChanges, type SeatCounter } from './seat-counters';
import type { Outcome, ReservationItem, ReservationWrites } from './reservation-writes';
import { promotionNotice } from './notice-store';

export interface WaitEntry {
  attendeeId: string;
  place: number;
  /** The shard whose counter counts this entry (the one it joined through; absent: 0). */
  shard?: number;
}

/** A place taken and the shard it was taken through (whose counter will count its entry). */
export interface TakenPlace {
  place: number;
  shard: number;
}

/** A session's line: where its seats and places are, over how many shards. */
export interface Line {
  eventId: string;
  sessionId: string;
  shards: number;
}

/** The line a reservation belongs to (a reservation made before shards holds none: one shard). */
export const lineOf = (r: Pick<ReservationItem, 'eventId' | 'sessionId' | 'shards'>): Line => ({ eventId: r.eventId, sessionId: r.sessionId, shards: r.shards ?? 1 });

/** A 500 past the SDK's retries: DynamoDB cannot say whether the transaction happened, so the caller looks again. */
function unsure(error: unknown): 'changed' {
  if (error instanceof InternalServerError) return 'changed';
  throw error;
}

const replicasOf = (line: Line) => Array.from({ length: lineReplicas(line.shards) }, (_, replica) => replica);

/** How long a claim to refill a shard's block may stand before another request takes it over (its maker crashed, say). */
const CLAIM_STUCK_MS = 1000;

const pause = () => new Promise((r) => setTimeout(r, 5 + Math.random() * 10));

export function createWaitlistStore(doc: DynamoDBDocumentClient, tableName: string, writes: ReservationWrites, clock: () => number = Date.now) {
  const { attempt, reservationPut, reservationDelete } = writes;
  const counterItems = (line: Line, changes: CounterChanges) => changes.items(tableName, line);

  /** One atomic increment of a counter attribute; its value before (`old`) or after. `changed`: inside a transaction under way. */
  async function increment(line: Line, shard: number, attribute: string, by: number, condition?: { expression: string; names: Record<string, string>; values: Record<string, unknown> }) {
    const { Attributes } = await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: seatsKey(line.eventId, line.sessionId, shard),
        UpdateExpression: 'ADD #counted :by',
        ConditionExpression: condition?.expression ?? 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#counted': attribute, ...condition?.names },
        ExpressionAttributeValues: { ':by': by, ...condition?.values },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes![attribute] as number;
  }

  /**
   * Takes the next place in line through shard `shard`: one atomic increment
   * of the line's `granted` (one shard), or of the shard's open block
   * (several; an exhausted or expired block is refilled first, see refill).
   * `changed` when the counter was inside a transaction under way (DynamoDB
   * refuses the write; look again), `gone` when the session is.
   */
  async function takePlace(line: Line, shard: number): Promise<TakenPlace | 'changed' | 'gone'> {
    try {
      if (line.shards === 1) return { place: await increment(line, 0, 'granted', 1), shard: 0 };
      for (let tries = 0; tries < 40; tries++) {
        const now = clock();
        try {
          const next = await increment(line, shard, 'blockNext', 1, {
            expression: '#next <= #end AND #at > :cutoff',
            names: { '#next': 'blockNext', '#end': 'blockEnd', '#at': 'blockAt' },
            values: { ':cutoff': now - BLOCK_LIFE_MS },
          });
          return { place: next - 1, shard };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        const refilled = await refill(line, shard, now);
        if (refilled === 'again') continue;
        if (refilled === 'wait') await pause();
        else return refilled;
      }
      return 'changed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'gone';
      if (error instanceof TransactionConflictException) return 'changed';
      throw error;
    }
  }

  /**
   * A shard's block is used up or expired: one request claims the refill
   * (closing what the block has left, stamping `claimAt`; others wait), takes
   * a new block from the line's counter, keeps its first place and installs
   * the rest. What an expired block had left is given up at once, so it
   * never reaches a later newcomer. A claim older than CLAIM_STUCK_MS is
   * taken over; its maker's block, if it comes back, is given up but its
   * first place.
   */
  async function refill(line: Line, shard: number, now: number): Promise<TakenPlace | 'again' | 'wait' | 'gone'> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: seatsKey(line.eventId, line.sessionId, shard), ConsistentRead: true }));
    if (!Item) return 'gone';
    const seen = Item as SeatCounter & { claimAt?: number };
    const open = seen.blockNext !== undefined && seen.blockNext <= seen.blockEnd! && seen.blockAt! > now - BLOCK_LIFE_MS;
    if (open) return 'again';
    if (seen.claimAt !== undefined && seen.claimAt > now - CLAIM_STUCK_MS) return 'wait';
    const claimAt = Math.max(now, (seen.claimAt ?? 0) + 1);
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: seatsKey(line.eventId, line.sessionId, shard),
          UpdateExpression: seen.blockNext === undefined ? 'SET #claim = :claim' : 'SET #claim = :claim, #end = #next - :one',
          ConditionExpression:
            (seen.blockNext === undefined ? 'attribute_not_exists(#next)' : '#next = :next') +
            (seen.claimAt === undefined ? ' AND attribute_not_exists(#claim)' : ' AND #claim = :seenClaim'),
          ExpressionAttributeNames: { '#claim': 'claimAt', '#next': 'blockNext', ...(seen.blockNext === undefined ? {} : { '#end': 'blockEnd' }) },
          ExpressionAttributeValues: {
            ':claim': claimAt,
            ...(seen.blockNext === undefined ? {} : { ':next': seen.blockNext, ':one': 1 }),
            ...(seen.claimAt === undefined ? {} : { ':seenClaim': seen.claimAt }),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'again'; // someone else moved first
      throw error;
    }
    const left = seen.blockNext !== undefined && seen.blockNext <= seen.blockEnd! ? { from: seen.blockNext, to: seen.blockEnd! } : undefined;
    const handedOut = seen.blockSize === undefined ? undefined : seen.blockSize - (left ? left.to - left.from + 1 : 0);
    const size = nextBlockSize(handedOut === undefined ? undefined : { size: seen.blockSize!, handedOut, ageMs: now - seen.blockAt! });
    const last = await increment(line, 0, 'granted', size);
    const from = last - size + 1;
    let installed = true;
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: seatsKey(line.eventId, line.sessionId, shard),
          UpdateExpression: 'SET #next = :next, #end = :end, #at = :at, #size = :size REMOVE #claim',
          ConditionExpression: '#claim = :claim',
          ExpressionAttributeNames: { '#next': 'blockNext', '#end': 'blockEnd', '#at': 'blockAt', '#size': 'blockSize', '#claim': 'claimAt' },
          // The block's life runs from the claim, before its places were taken from the line counter: a place is never handed out more
          // than a block's life after every place numbered before it was (whatever the time between the take and the install).
          ExpressionAttributeValues: { ':next': from + 1, ':end': last, ':at': claimAt, ':size': size, ':claim': claimAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      installed = false; // taken over as stuck: this block is this request's alone
    }
    if (left) await giveUpRange(line, left.from, left.to);
    if (!installed && size > 1) await giveUpRange(line, from + 1, last);
    return { place: from, shard };
  }

  /** Places never handed out (what an expired or orphaned block had left): one marker for the range in each replica. Tried a few times; a gap left stays over-stated until the head reaches it. */
  async function giveUpRange(line: Line, from: number, to: number): Promise<void> {
    for (let tries = 0; tries < 5; tries++) {
      const changes = new CounterChanges();
      const result = await runTransaction(doc, [...markGivenUp(line, from, changes, to), ...counterItems(line, changes)]).catch(unsure);
      // Done, or the session is gone; else a conflict or a 500: again.
      if (result !== 'changed' && (result.applied || !result.conflict)) return;
      await pause();
    }
  }

  /**
   * Joins the waitlist, which only a full session has (and, over several
   * shards, only while its line is open), at a place taken with takePlace.
   * `place-given-up` when someone gave the place up meanwhile (take
   * another); `changed` when a seat came free or the session closed, or
   * DynamoDB failed inside (a 500 past the SDK's retries): the place is
   * kept, and a join that did go through is found as `already-holds`.
   */
  async function joinWaitlist(attendeeId: string, line: Line, taken: TakenPlace, createdAt: string): Promise<Outcome> {
    const { eventId, sessionId, shards } = line;
    const { place, shard } = taken;
    const counter = new CounterChanges().on(shard, {
      add: { waitlisted: 1 },
      when: ['scheduled', 'full', ...(shards > 1 ? (['line-open'] as const) : [])],
      handedOut: { through: shards > 1 ? 'blockEnd' : 'granted', place },
    });
    return attempt(
      [
        ...counterItems(line, counter),
        reservationPut({ attendeeId, eventId, sessionId, status: 'waitlisted', place, createdAt, ...shardOf(line, shard) }),
        {
          Put: {
            TableName: tableName,
            Item: { ...waitKey(eventId, sessionId, place, entryShard(place, shards)), entity: 'wait', attendeeId, place, ...(shards > 1 ? { shard } : {}) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        // One shard: places given up before they left an entry behind have only their marker (sessions from before entries stayed).
        ...(shards === 1 ? [{ ConditionCheck: { TableName: tableName, Key: leftKey(eventId, sessionId, place), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
      ],
      { 0: 'changed', 1: 'already-holds', 2: 'place-given-up', 3: 'place-given-up' },
    ).catch(unsure);
  }

  /** The place's entry once it left the line: no attendee, so it never binds again, and nothing of the attendee's is named by it. */
  const placeGone = (line: Line, place: number, why: 'given-up' | 'left' | 'promoted' | 'released', whose?: string): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: { ...waitKey(line.eventId, line.sessionId, place, entryShard(place, line.shards)), entity: 'place-gone', place, gone: why },
      ConditionExpression: whose === undefined ? 'attribute_not_exists(pk)' : 'attendeeId = :attendee',
      ...(whose === undefined ? {} : { ExpressionAttributeValues: { ':attendee': whose } }),
    },
  });

  /**
   * Places given up (one, or a range up to `to`): a marker in each line
   * replica (positions behind count these). One shard: its counter's
   * `givenUp` + 1, which spares position reads the markers' Query until a
   * place was ever given up; several shards always read the markers (a
   * Query, 1 read unit), rather than write every replica's counter with
   * each marker.
   */
  function markGivenUp(line: Line, place: number, changes: CounterChanges, to = place): TransactItem[] {
    if (line.shards === 1) changes.on(0, { add: { givenUp: 1 }, when: ['exists'] });
    // Nothing is written into the partitions of a session that is gone: some counter of it must still exist.
    else if (changes.shards.length === 0) changes.on(0, { when: ['exists'] });
    return replicasOf(line).map((replica) => ({
      Put: { TableName: tableName, Item: { ...leftKey(line.eventId, line.sessionId, place, replica), entity: 'left', place, ...(to > place ? { to } : {}) } },
    }));
  }

  /**
   * Gives up a place that no join holds (its join failed, or never came):
   * so that the places behind it move forward. `bound` when a join holds it
   * after all, `gone` with the session, `changed` when DynamoDB could not
   * say (a conflict, a 500): try again.
   */
  async function givePlaceUp(line: Line, place: number): Promise<'given-up' | 'bound' | 'gone' | 'changed'> {
    const changes = new CounterChanges();
    let result;
    try {
      result = await runTransaction(doc, [placeGone(line, place, 'given-up'), ...markGivenUp(line, place, changes), ...counterItems(line, changes)]);
    } catch (error) {
      return unsure(error);
    }
    if (result.applied) return 'given-up';
    if (result.conflict) return 'changed';
    return result.failed.includes(0) ? 'bound' : 'gone';
  }

  /**
   * Access pattern: the first entry in line after `passed`, over every
   * shard (one Query per shard partition: WAIT# entries sort by place;
   * entries of places that left the line are skipped).
   */
  async function waitlistHead(line: Line, passed: number): Promise<WaitEntry | undefined> {
    const firsts = await Promise.all(
      Array.from({ length: line.shards }, async (_, shard) => {
        let startKey: Record<string, unknown> | undefined;
        do {
          const out = await doc.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :last',
              FilterExpression: 'attribute_exists(attendeeId)',
              ExpressionAttributeValues: {
                ':pk': shardPartition(line.eventId, line.sessionId, shard),
                ':after': placeSk('WAIT', passed + 1),
                ':last': placeSk('WAIT', 999_999_999_999),
              },
              ProjectionExpression: 'attendeeId, place, #shard',
              ExpressionAttributeNames: { '#shard': 'shard' },
              ConsistentRead: true,
              Limit: 10,
              ExclusiveStartKey: startKey,
            }),
          );
          if (out.Items?.[0]) return out.Items[0] as WaitEntry;
          startKey = out.LastEvaluatedKey;
        } while (startKey);
        return undefined;
      }),
    );
    return firsts.filter((e): e is WaitEntry => e !== undefined).sort((a, b) => a.place - b.place)[0];
  }

  /**
   * Access pattern: the places given up after `passed` and before `place`, as
   * line replica `replica` records them (LEFT# markers sort by their first
   * place; a range marker covers at most a block, so the read starts a block
   * before `passed`).
   */
  async function placesGivenUp(line: Line, passed: number, place: number, replica = 0): Promise<number[]> {
    if (place - 1 <= passed) return [];
    const markers = await queryAll<{ place: number; to?: number }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :before',
      ExpressionAttributeValues: {
        ':pk': shardPartition(line.eventId, line.sessionId, replica),
        ':after': placeSk('LEFT', Math.max(1, passed + 2 - (line.shards > 1 ? MAX_BLOCK : 1))),
        ':before': placeSk('LEFT', place - 1),
      },
      ProjectionExpression: 'place, #to',
      ExpressionAttributeNames: { '#to': 'to' },
      ConsistentRead: true,
    });
    const places = new Set<number>();
    for (const marker of markers) {
      for (let left = marker.place; left <= (marker.to ?? marker.place); left++) if (left > passed && left < place) places.add(left);
    }
    return [...places].sort((a, b) => a - b);
  }

  /** Access pattern: where the line stands (shard 0's counter, read consistently): `passed`, and whether it is open (several shards). */
  async function lineState(line: Line): Promise<{ passed: number; open: boolean } | undefined> {
    const { Item } = await doc.send(
      new GetCommand({
        TableName: tableName,
        Key: seatsKey(line.eventId, line.sessionId, 0),
        ProjectionExpression: '#passed, #line',
        ExpressionAttributeNames: { '#passed': 'passed', '#line': 'line' },
        ConsistentRead: true,
      }),
    );
    return Item ? { passed: (Item.passed as number | undefined) ?? 0, open: Item.line === true } : undefined;
  }

  /**
   * Access pattern: the position of a place in line (1 is next; 0 or less:
   * promoted since it was read). One GetItem of its line replica's `passed`
   * (and, one shard, `givenUp`), and a Query of that replica's markers
   * between `passed` and the place (one shard: once any place was ever given up).
   */
  async function waitlistPosition(line: Line, place: number): Promise<number> {
    const replica = replicaOfPlace(place, line.shards);
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: seatsKey(line.eventId, line.sessionId, replica), ProjectionExpression: 'passed, givenUp', ConsistentRead: true }),
    );
    const passed = (Item?.passed as number | undefined) ?? 0;
    const givenUp = Item?.givenUp || line.shards > 1 ? (await placesGivenUp(line, passed, place, replica)).length : 0;
    return positionInLine(place, passed, givenUp);
  }

  /** A bound place leaves the line from inside it: its entry stays as gone, markers are made, its shard's `waitlisted` − 1. */
  function placeLeft(line: Line, entry: WaitEntry, why: 'left' | 'released', changes: CounterChanges): TransactItem[] {
    changes.on(entry.shard ?? 0, { add: { waitlisted: -1 }, when: ['someone-waits'] });
    return [placeGone(line, entry.place, why, entry.attendeeId), ...markGivenUp(line, entry.place, changes)];
  }

  /**
   * The head of the line takes a seat on shard `seatShard`: their entry
   * stays as gone, their reservation becomes confirmed there, their shard's
   * `waitlisted` − 1, and every line replica's `passed` moves to their place;
   * and they are told: the notice (the outbox the live channel and the mailer
   * read) is written by the same transaction, so it exists once exactly when
   * the promotion does, whatever retries or crashes happen around it.
   */
  function promotion(line: Line, head: WaitEntry, seatShard: number, changes: CounterChanges): TransactItem[] {
    changes.on(head.shard ?? 0, { add: { waitlisted: -1 }, when: ['someone-waits'] });
    for (const replica of replicasOf(line)) changes.on(replica, { set: { passed: head.place }, when: ['exists'] });
    return [
      placeGone(line, head.place, 'promoted', head.attendeeId),
      {
        Update: {
          TableName: tableName,
          Key: reservationKey(head.attendeeId, line.eventId, line.sessionId),
          UpdateExpression: `SET #status = :confirmed${line.shards > 1 ? ', #shard = :shard' : ''} REMOVE place`,
          ConditionExpression: '#status = :waitlisted',
          ExpressionAttributeNames: { '#status': 'status', ...(line.shards > 1 ? { '#shard': 'shard' } : {}) },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted', ...(line.shards > 1 ? { ':shard': seatShard } : {}) },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...seatKey(line.eventId, line.sessionId, head.attendeeId, seatShard), entity: 'seat', attendeeId: head.attendeeId, since: new Date(clock()).toISOString() },
        },
      },
      promotionNotice(tableName, { attendeeId: head.attendeeId, eventId: line.eventId, sessionId: line.sessionId, place: head.place }, new Date(clock())),
    ];
  }

  /** Leaves the waitlist: the reservation and the place go, `waitlisted` − 1. */
  async function leaveWaitlist(held: ReservationItem): Promise<Outcome> {
    const line = lineOf(held);
    const changes = new CounterChanges();
    const items = placeLeft(line, { attendeeId: held.attendeeId, place: held.place!, shard: held.shard ?? 0 }, 'left', changes);
    return attempt([reservationDelete(held.attendeeId, held.eventId, held.sessionId, 'waitlisted'), ...items, ...counterItems(line, changes)], { 0: 'already-holds' });
  }

  /** Gives a seat that is free on shard `seatShard` (after capacity grew) to the head of the line. `full` when that shard has none any more. */
  async function promoteHead(line: Line, head: WaitEntry, seatShard: number): Promise<Outcome> {
    const changes = new CounterChanges().on(seatShard, { add: { taken: 1 }, when: ['seat-free'] });
    const items = promotion(line, head, seatShard, changes);
    return attempt([...items, ...counterItems(line, changes)], { [items.length + changes.shards.indexOf(seatShard)]: 'full' });
  }

  return {
    takePlace,
    joinWaitlist,
    givePlaceUp,
    waitlistHead,
    placesGivenUp,
    lineState,
    waitlistPosition,
    leaveWaitlist,
    promoteHead,
    placeLeft,
    promotion,
    counterItems,
  };
}

/** What a reservation records of where it is: its shard and the session's shard count, once there are several. */
export const shardOf = (line: Line, shard: number): { shard?: number; shards?: number } => (line.shards > 1 ? { shard, shards: line.shards } : {});
