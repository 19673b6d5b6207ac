/**
 * Access patterns of a session's waitlist: places in line (key design in
 * ./keys.ts; docs/reservations.md, "Places in line" and "Shards").
 *
 * A joiner first takes the next place of a shard by one atomic increment of
 * that shard's `granted`: places are never shared, and handed out without a
 * read, so a burst of joins never races for them. Shard s hands out places
 * s + 1, s + 1 + N, … (domain/seat-shards.ts), so the line stays one,
 * numbered for the whole session. The join's transaction then binds the
 * place (its WAIT# entry) unless the place's entry exists already: bound, or
 * given up meanwhile (an entry without an attendee). Until it is bound, a
 * place still counts as ahead of every later one, so a position told is
 * never exceeded when it binds; and a place whose join failed or vanished is
 * given up, which only moves those behind it forward.
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
import { handoutOfPlace, lineReplicas, placeOf, replicaOfPlace, shardOfPlace } from '../domain/seat-shards';
import { runTransaction, type TransactItem } from './transactions';
import { leftKey, placeSk, reservationKey, seatKey, seatsKey, shardPartition, waitKey } from './keys';
import { CounterChanges } from './seat-counters';
import type { Outcome, ReservationItem, ReservationWrites } from './reservation-writes';

export interface WaitEntry {
  attendeeId: string;
  place: number;
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

export function createWaitlistStore(doc: DynamoDBDocumentClient, tableName: string, writes: ReservationWrites) {
  const { attempt, reservationPut, reservationDelete } = writes;
  const counterItems = (line: Line, changes: CounterChanges) => changes.items(tableName, line.eventId, line.sessionId);

  /**
   * Takes the next place in line that shard `shard` hands out (one atomic
   * increment of its `granted`). `changed` when the counter was inside a
   * transaction under way (DynamoDB refuses the write; look again), `gone`
   * when the session is.
   */
  async function takePlace(line: Line, shard: number): Promise<number | 'changed' | 'gone'> {
    try {
      const { Attributes } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: seatsKey(line.eventId, line.sessionId, shard),
          UpdateExpression: 'ADD #granted :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#granted': 'granted' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return placeOf(shard, Attributes!.granted as number, line.shards);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'gone';
      if (error instanceof TransactionConflictException) return 'changed';
      throw error;
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
  async function joinWaitlist(attendeeId: string, line: Line, place: number, createdAt: string): Promise<Outcome> {
    const { eventId, sessionId, shards } = line;
    const shard = shardOfPlace(place, shards);
    const counter = new CounterChanges().on(shard, {
      add: { waitlisted: 1 },
      when: ['scheduled', 'full', ...(shards > 1 ? (['line-open'] as const) : [])],
      // The place was taken from this counter, not from one a delete removed before the id was created again.
      grantedAtLeast: handoutOfPlace(place, shards),
    });
    return attempt(
      [
        ...counterItems(line, counter),
        reservationPut({ attendeeId, eventId, sessionId, status: 'waitlisted', place, createdAt, ...shardOf(line, shard) }),
        {
          Put: {
            TableName: tableName,
            Item: { ...waitKey(eventId, sessionId, place, shard), entity: 'wait', attendeeId, place },
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
      Item: { ...waitKey(line.eventId, line.sessionId, place, shardOfPlace(place, line.shards)), entity: 'place-gone', place, gone: why },
      ConditionExpression: whose === undefined ? 'attribute_not_exists(pk)' : 'attendeeId = :attendee',
      ...(whose === undefined ? {} : { ExpressionAttributeValues: { ':attendee': whose } }),
    },
  });

  /** A place given up: a marker in each line replica (positions behind it count these), and their `givenUp` + 1. */
  function markGivenUp(line: Line, place: number, changes: CounterChanges): TransactItem[] {
    for (const replica of replicasOf(line)) changes.on(replica, { add: { givenUp: 1 }, when: ['exists'] });
    return replicasOf(line).map((replica) => ({
      Put: { TableName: tableName, Item: { ...leftKey(line.eventId, line.sessionId, place, replica), entity: 'left', place } },
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
              ProjectionExpression: 'attendeeId, place',
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

  /** Access pattern: the places given up after `passed` and before `place`, as line replica `replica` records them (LEFT# markers sort by place). */
  async function placesGivenUp(line: Line, passed: number, place: number, replica = 0): Promise<number[]> {
    const places: number[] = [];
    if (place - 1 <= passed) return places;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :before',
          ExpressionAttributeValues: {
            ':pk': shardPartition(line.eventId, line.sessionId, replica),
            ':after': placeSk('LEFT', passed + 1),
            ':before': placeSk('LEFT', place - 1),
          },
          ProjectionExpression: 'place',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      places.push(...(out.Items ?? []).map((item) => item.place as number));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return places;
  }

  /** Access pattern: where the line stands (shard 0's counter, read consistently): `passed`, and whether it is open (several shards). */
  async function lineState(line: Line): Promise<{ passed: number; open: boolean } | undefined> {
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: seatsKey(line.eventId, line.sessionId, 0), ProjectionExpression: 'passed, line', ConsistentRead: true }),
    );
    return Item ? { passed: (Item.passed as number | undefined) ?? 0, open: Item.line === true } : undefined;
  }

  /**
   * Access pattern: the position of a place in line (1 is next; 0 or less:
   * promoted since it was read). One GetItem of its line replica's `passed`
   * and `givenUp`, and, once any place was ever given up, a Query of that
   * replica's markers between `passed` and the place.
   */
  async function waitlistPosition(line: Line, place: number): Promise<number> {
    const replica = replicaOfPlace(place, line.shards);
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: seatsKey(line.eventId, line.sessionId, replica), ProjectionExpression: 'passed, givenUp', ConsistentRead: true }),
    );
    const passed = (Item?.passed as number | undefined) ?? 0;
    const givenUp = Item?.givenUp ? (await placesGivenUp(line, passed, place, replica)).length : 0;
    return positionInLine(place, passed, givenUp);
  }

  /** A bound place leaves the line from inside it: its entry stays as gone, markers are made, its shard's `waitlisted` − 1. */
  function placeLeft(line: Line, entry: WaitEntry, why: 'left' | 'released', changes: CounterChanges): TransactItem[] {
    changes.on(shardOfPlace(entry.place, line.shards), { add: { waitlisted: -1 }, when: ['someone-waits'] });
    return [placeGone(line, entry.place, why, entry.attendeeId), ...markGivenUp(line, entry.place, changes)];
  }

  /**
   * The head of the line takes a seat on shard `seatShard`: their entry
   * stays as gone, their reservation becomes confirmed there, their shard's
   * `waitlisted` − 1, and every line replica's `passed` moves to their place.
   */
  function promotion(line: Line, head: WaitEntry, seatShard: number, changes: CounterChanges): TransactItem[] {
    changes.on(shardOfPlace(head.place, line.shards), { add: { waitlisted: -1 }, when: ['someone-waits'] });
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
          Item: { ...seatKey(line.eventId, line.sessionId, head.attendeeId, seatShard), entity: 'seat', attendeeId: head.attendeeId },
        },
      },
    ];
  }

  /** Leaves the waitlist: the reservation and the place go, `waitlisted` − 1. */
  async function leaveWaitlist(held: ReservationItem): Promise<Outcome> {
    const line = lineOf(held);
    const changes = new CounterChanges();
    const items = placeLeft(line, { attendeeId: held.attendeeId, place: held.place! }, 'left', changes);
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
