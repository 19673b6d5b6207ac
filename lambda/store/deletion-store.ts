/**
 * Access patterns of session deletions in progress (key design in ./keys.ts,
 * docs/data-model.md). A delete removes the session in one transaction and
 * writes a deletion record there too; the session's other items are then
 * removed in chunks, each chunk one transaction that holds only while that
 * same deletion record exists, so a chunk can be repeated, interrupted or
 * raced by another worker and never remove anything that is not the deleted
 * session's. The record goes when the session's partition is empty.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTransaction, type TransactItem } from './transactions';
import { DELETIONS_PARTITION, bookmarkKey, reservationKey, sessionDeletionKey, sessionPartitions, type Key } from './keys';

export interface SessionDeletion {
  eventId: string;
  sessionId: string;
  /** Tells this deletion from a later one of the same id: chunks hold only while it is current. */
  deletionId: string;
  /** Grows each time the work is handed on; the stream record of the newest round is the one to act on. */
  round: number;
  /** The version the session had when it was deleted (a retried DELETE's If-Match is checked against it). */
  version: number;
  /** Its seat shards: the partitions to empty (absent: one, the session's own). */
  seatShards?: number;
  deletedAt: string;
  updatedAt: string;
}

/**
 * Items per chunk: each item of the session's partition and the attendee item
 * it names (a reservation or bookmark) are deleted together, with the
 * deletion record's check: 2 × 40 + 1 = 81 of DynamoDB's 100 per transaction.
 */
const CHUNK = 40;

export type ChunkOutcome = 'removed' | 'empty' | 'gone' | 'conflict';

/** The attendee item a child of a session's partition names, if any. */
function attendeeItemOf(eventId: string, sessionId: string, child: Record<string, unknown>): Key | undefined {
  const sk = String(child.sk);
  const attendeeId = child.attendeeId;
  if (typeof attendeeId !== 'string') return undefined;
  if (/^(SEAT|WAIT|RELEASED)#/.test(sk)) return reservationKey(attendeeId, eventId, sessionId);
  if (sk.startsWith('BOOKMARKER#')) return bookmarkKey(attendeeId, eventId, sessionId);
  return undefined;
}

/** The deletion record of a session being deleted, to be written in the transaction that deletes it. */
export function sessionDeletionPut(
  tableName: string,
  session: { eventId: string; id: string; version: number; seatShards?: number | undefined },
  now = new Date(),
): { item: TransactItem; deletion: SessionDeletion } {
  const at = now.toISOString();
  const deletion: SessionDeletion = {
    eventId: session.eventId,
    sessionId: session.id,
    deletionId: randomUUID(),
    round: 0,
    version: session.version,
    ...(session.seatShards && session.seatShards > 1 ? { seatShards: session.seatShards } : {}),
    deletedAt: at,
    updatedAt: at,
  };
  const item = { ...sessionDeletionKey(session.eventId, session.id), entity: 'session-deletion', ...deletion };
  return { item: { Put: { TableName: tableName, Item: item } }, deletion };
}

/** For the transaction that creates a session: no deletion of that id may still be running. */
export function noSessionDeletionCheck(tableName: string, eventId: string, sessionId: string): TransactItem {
  return { ConditionCheck: { TableName: tableName, Key: sessionDeletionKey(eventId, sessionId), ConditionExpression: 'attribute_not_exists(pk)' } };
}

export function createDeletionStore(doc: DynamoDBDocumentClient, tableName: string) {
  const current = (deletion: Pick<SessionDeletion, 'deletionId'>) => ({
    ConditionExpression: '#deletionId = :deletionId',
    ExpressionAttributeNames: { '#deletionId': 'deletionId' },
    ExpressionAttributeValues: { ':deletionId': deletion.deletionId },
  });

  /** Access pattern: the deletion in progress of one session id. */
  async function getDeletion(eventId: string, sessionId: string): Promise<SessionDeletion | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: sessionDeletionKey(eventId, sessionId), ConsistentRead: true }));
    return Item as SessionDeletion | undefined;
  }

  /** Access pattern: deletions in progress, oldest key first (partition DELETIONS): what a sweep picks up. */
  async function listDeletions(limit: number): Promise<SessionDeletion[]> {
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': DELETIONS_PARTITION },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return Items as SessionDeletion[];
  }

  /**
   * Removes the first chunk of the deleted session's partitions (its own,
   * then its seat shards') with the attendee items those name, in one
   * transaction that holds only while the deletion is current. `empty`:
   * nothing is left to remove; `gone`: the deletion is finished or
   * replaced; `conflict`: another worker was on the same items at that
   * moment (try again).
   */
  async function removeChunk(deletion: SessionDeletion): Promise<ChunkOutcome> {
    const { eventId, sessionId } = deletion;
    let children: Record<string, unknown>[] = [];
    for (const partition of sessionPartitions(eventId, sessionId, deletion.seatShards ?? 1)) {
      const { Items = [] } = await doc.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ConsistentRead: true, Limit: CHUNK }),
      );
      children = Items;
      if (children.length > 0) break;
    }
    if (children.length === 0) return 'empty';
    const attendeeItems = new Map<string, Key>();
    for (const child of children) {
      const key = attendeeItemOf(eventId, sessionId, child);
      if (key) attendeeItems.set(`${key.pk}|${key.sk}`, key);
    }
    // Attendee items and the session items that name them go together: an interruption leaves both or neither.
    const result = await runTransaction(doc, [
      { ConditionCheck: { TableName: tableName, Key: sessionDeletionKey(eventId, sessionId), ...current(deletion) } },
      ...children.map((child): TransactItem => ({ Delete: { TableName: tableName, Key: { pk: child.pk, sk: child.sk } } })),
      ...[...attendeeItems.values()].map((key): TransactItem => ({ Delete: { TableName: tableName, Key: key } })),
    ]);
    if (result.applied) return 'removed';
    return result.conflict ? 'conflict' : 'gone';
  }

  /** The deletion is done: its record goes (only if it is still this deletion's). */
  async function finishDeletion(deletion: SessionDeletion): Promise<void> {
    try {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: sessionDeletionKey(deletion.eventId, deletion.sessionId), ...current(deletion) }));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * Hands the rest of the work on: the next round is a new write of the
   * record, so the stream brings it back to a consumer. False when the
   * deletion is finished or replaced meanwhile.
   */
  async function handOn(deletion: SessionDeletion, now = new Date()): Promise<boolean> {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: sessionDeletionKey(deletion.eventId, deletion.sessionId),
          UpdateExpression: 'ADD #round :one SET #updatedAt = :now',
          ...current(deletion),
          ExpressionAttributeNames: { ...current(deletion).ExpressionAttributeNames, '#round': 'round', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ...current(deletion).ExpressionAttributeValues, ':one': 1, ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  return { getDeletion, listDeletions, removeChunk, finishDeletion, handOn };
}

export type DeletionStore = ReturnType<typeof createDeletionStore>;
