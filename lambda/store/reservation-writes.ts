/**
 * What the attendance and waitlist stores' transactions share: an attendee's
 * reservation created or removed under its rules, and a cancelled
 * transaction told apart by the rule that stopped it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTransaction, type TransactItem } from './transactions';
import { reservationKey } from './keys';

/** `released`: the session was cancelled; the attendee's record stays, holding no seat. */
export type ReservationStatus = 'confirmed' | 'waitlisted' | 'released';

export interface ReservationItem {
  pk: string;
  sk: string;
  attendeeId: string;
  eventId: string;
  sessionId: string;
  status: ReservationStatus;
  /** Waitlisted only: the place in line the join bound (./waitlist-store.ts). */
  place?: number;
  /** With several seat shards: the shard holding its seat or place, and how many the session has (absent: one, shard 0). */
  shard?: number;
  shards?: number;
  /** Its version: a check-in code is made for one (lambda/domain/check-in-code.ts). */
  createdAt: string;
  /** Confirmed and checked in at the door (./check-in-store.ts). */
  checkedInAt?: string;
}

/** Why a transaction did not happen; `applied` when it did. */
export type Outcome = 'applied' | 'already-holds' | 'full' | 'place-given-up' | 'changed';

export function createReservationWrites(doc: DynamoDBDocumentClient, tableName: string) {
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

  const reservationDelete = (attendeeId: string, eventId: string, sessionId: string, status: ReservationStatus): TransactItem => ({
    Delete: {
      TableName: tableName,
      Key: reservationKey(attendeeId, eventId, sessionId),
      ConditionExpression: '#status = :held',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':held': status },
    },
  });

  return { attempt, reservationPut, reservationDelete };
}

export type ReservationWrites = ReturnType<typeof createReservationWrites>;
