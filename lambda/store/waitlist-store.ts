/**
 * Access patterns of a session's waitlist: places in line (key design in
 * ./keys.ts; docs/reservations.md, "Places in line").
 *
 * A joiner first takes the next place, `granted + 1`, by one atomic
 * increment of the seat counter: places are dense, never shared, and
 * handed out without a read, so a burst of joins never races for them.
 * The join's transaction then binds the place (its WAIT# entry) unless the
 * place was given up meanwhile (a LEFT# marker). Until it is bound, a place
 * still counts as ahead of every later one, so a position told is never
 * exceeded when it binds; and a place whose join failed or vanished is
 * given up with a marker, which only moves those behind it forward.
 *
 * Positions are computed, not counted along the line: promoting the head
 * moves the counter's `passed` to its place (every place up to it has left),
 * and each place given up inside the line leaves a LEFT#{place} marker
 * (domain/waitlist.ts, positionInLine).
 */
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, InternalServerError, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { positionInLine } from '../domain/waitlist';
import { runTransaction, type TransactItem } from './transactions';
import { leftKey, placeSk, reservationKey, seatKey, seatsKey, sessionPartition, waitKey } from './keys';
import type { Outcome, ReservationWrites } from './reservation-writes';

export interface WaitEntry {
  attendeeId: string;
  place: number;
}

/** A 500 past the SDK's retries: DynamoDB cannot say whether the transaction happened, so the caller looks again. */
function unsure(error: unknown): 'changed' {
  if (error instanceof InternalServerError) return 'changed';
  throw error;
}

export function createWaitlistStore(doc: DynamoDBDocumentClient, tableName: string, writes: ReservationWrites) {
  const { attempt, reservationPut, reservationDelete } = writes;

  /**
   * Takes the next place in line (one atomic increment of `granted`).
   * `changed` when the counter was inside a transaction under way (DynamoDB
   * refuses the write; look again), `gone` when the session is.
   */
  async function takePlace(eventId: string, sessionId: string): Promise<number | 'changed' | 'gone'> {
    try {
      const { Attributes } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: seatsKey(eventId, sessionId),
          UpdateExpression: 'ADD #granted :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#granted': 'granted' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes!.granted as number;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'gone';
      if (error instanceof TransactionConflictException) return 'changed';
      throw error;
    }
  }

  /**
   * Joins the waitlist, which only a full session has, at a place taken
   * with takePlace. `place-given-up` when someone gave the place up meanwhile
   * (take another); `changed` when a seat came free or the session closed,
   * or DynamoDB failed inside (a 500 past the SDK's retries): the place is
   * kept, and a join that did go through is found as `already-holds`.
   */
  async function joinWaitlist(attendeeId: string, eventId: string, sessionId: string, place: number, createdAt: string): Promise<Outcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #waitlisted :one',
            // granted >= place: the place was taken from this counter, not from one a delete removed before the id was created again.
            ConditionExpression: '#status = :scheduled AND NOT attribute_type(#capacity, :null) AND #taken >= #capacity AND #granted >= :place',
            ExpressionAttributeNames: { '#capacity': 'capacity', '#taken': 'taken', '#status': 'status', '#waitlisted': 'waitlisted', '#granted': 'granted' },
            ExpressionAttributeValues: { ':one': 1, ':scheduled': 'scheduled', ':null': 'NULL', ':place': place },
          },
        },
        reservationPut({ attendeeId, eventId, sessionId, status: 'waitlisted', place, createdAt }),
        { Put: { TableName: tableName, Item: { ...waitKey(eventId, sessionId, place), entity: 'wait', attendeeId, place } } },
        { ConditionCheck: { TableName: tableName, Key: leftKey(eventId, sessionId, place), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      { 0: 'changed', 1: 'already-holds', 3: 'place-given-up' },
    ).catch(unsure);
  }

  /**
   * Gives up a place that no join holds (its join failed, or never came):
   * a marker, so that the places behind it move forward. `bound` when a join
   * holds it after all, `gone` with the session, `changed` when DynamoDB
   * could not say (a conflict, a 500): try again.
   */
  async function givePlaceUp(eventId: string, sessionId: string, place: number): Promise<'given-up' | 'bound' | 'gone' | 'changed'> {
    let result;
    try {
      result = await runTransaction(doc, [
        { ConditionCheck: { TableName: tableName, Key: waitKey(eventId, sessionId, place), ConditionExpression: 'attribute_not_exists(pk)' } },
        leftMarker(eventId, sessionId, place),
        counterChange(eventId, sessionId, 'ADD #givenUp :one', { '#givenUp': 'givenUp' }, { ':one': 1 }),
      ]);
    } catch (error) {
      return unsure(error);
    }
    if (result.applied) return 'given-up';
    if (result.conflict) return 'changed';
    return result.failed.includes(0) ? 'bound' : 'gone';
  }

  /** The marker of a place given up: its places behind count it (positionInLine). */
  const leftMarker = (eventId: string, sessionId: string, place: number): TransactItem => ({
    Put: { TableName: tableName, Item: { ...leftKey(eventId, sessionId, place), entity: 'left', place } },
  });

  /** An update of the seat counter, never creating one for a session that is gone. */
  function counterChange(eventId: string, sessionId: string, update: string, names: Record<string, string>, values: Record<string, unknown>): TransactItem {
    return {
      Update: {
        TableName: tableName,
        Key: seatsKey(eventId, sessionId),
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /** Access pattern: the first entry in line (WAIT# entries sort by place). */
  async function waitlistHead(eventId: string, sessionId: string): Promise<WaitEntry | undefined> {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
        ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId), ':wait': 'WAIT#' },
        ProjectionExpression: 'attendeeId, place',
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    return Items?.[0] as WaitEntry | undefined;
  }

  /** Access pattern: the places given up after `passed` and before `place` (LEFT# markers sort by place). */
  async function placesGivenUp(eventId: string, sessionId: string, passed: number, place: number): Promise<number[]> {
    const places: number[] = [];
    if (place - 1 <= passed) return places;
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :before',
          ExpressionAttributeValues: { ':pk': sessionPartition(eventId, sessionId), ':after': placeSk('LEFT', passed + 1), ':before': placeSk('LEFT', place - 1) },
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

  /**
   * Access pattern: the position of a place in line (1 is next; 0 or less:
   * promoted since it was read). One GetItem of the counter's `passed`, and,
   * once any place was ever given up (`givenUp`), a Query of the markers
   * between `passed` and the place.
   */
  async function waitlistPosition(eventId: string, sessionId: string, place: number): Promise<number> {
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: seatsKey(eventId, sessionId), ProjectionExpression: 'passed, givenUp', ConsistentRead: true }),
    );
    const passed = (Item?.passed as number | undefined) ?? 0;
    const givenUp = Item?.givenUp ? (await placesGivenUp(eventId, sessionId, passed, place)).length : 0;
    return positionInLine(place, passed, givenUp);
  }

  /** A bound place given up from inside the line: its entry goes, a marker stays, the counter follows. */
  const placeLeft = (eventId: string, sessionId: string, place: number): TransactItem[] => [
    { Delete: { TableName: tableName, Key: waitKey(eventId, sessionId, place), ConditionExpression: 'attribute_exists(pk)' } },
    leftMarker(eventId, sessionId, place),
    {
      Update: {
        TableName: tableName,
        Key: seatsKey(eventId, sessionId),
        UpdateExpression: 'ADD #waitlisted :minusOne, #givenUp :one',
        ConditionExpression: '#waitlisted > :zero',
        ExpressionAttributeNames: { '#waitlisted': 'waitlisted', '#givenUp': 'givenUp' },
        ExpressionAttributeValues: { ':minusOne': -1, ':one': 1, ':zero': 0 },
      },
    },
  ];

  /**
   * The head of the line takes a seat: their entry goes, their reservation
   * becomes confirmed. The counter's update (in the caller) moves `passed`
   * to the head's place.
   */
  const promotion = (eventId: string, sessionId: string, head: WaitEntry): TransactItem[] => [
    { Delete: { TableName: tableName, Key: waitKey(eventId, sessionId, head.place), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: tableName,
        Key: reservationKey(head.attendeeId, eventId, sessionId),
        UpdateExpression: 'SET #status = :confirmed REMOVE place',
        ConditionExpression: '#status = :waitlisted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted' },
      },
    },
    { Put: { TableName: tableName, Item: { ...seatKey(eventId, sessionId, head.attendeeId), entity: 'seat', attendeeId: head.attendeeId } } },
  ];

  /** Leaves the waitlist: the reservation and the place go, waitlisted −1. */
  async function leaveWaitlist(attendeeId: string, eventId: string, sessionId: string, place: number): Promise<Outcome> {
    return attempt([reservationDelete(attendeeId, eventId, sessionId, 'waitlisted'), ...placeLeft(eventId, sessionId, place)], { 0: 'already-holds' });
  }

  /** Gives a seat that is free (after capacity grew) to the head of the line. */
  async function promoteHead(eventId: string, sessionId: string, head: WaitEntry): Promise<Outcome> {
    return attempt(
      [
        {
          Update: {
            TableName: tableName,
            Key: seatsKey(eventId, sessionId),
            UpdateExpression: 'ADD #taken :one, #waitlisted :minusOne SET #passed = :place',
            ConditionExpression: '(attribute_type(#capacity, :null) OR #taken < #capacity) AND #waitlisted > :zero',
            ExpressionAttributeNames: { '#taken': 'taken', '#waitlisted': 'waitlisted', '#capacity': 'capacity', '#passed': 'passed' },
            ExpressionAttributeValues: { ':one': 1, ':minusOne': -1, ':null': 'NULL', ':place': head.place, ':zero': 0 },
          },
        },
        ...promotion(eventId, sessionId, head),
      ],
      { 0: 'full' },
    );
  }

  return {
    takePlace,
    joinWaitlist,
    givePlaceUp,
    waitlistHead,
    placesGivenUp,
    waitlistPosition,
    leaveWaitlist,
    promoteHead,
    placeLeft,
    promotion,
  };
}
