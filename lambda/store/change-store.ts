/**
 * The change log of each event. Changes get consecutive numbers: the counter
 * and the change are written in one transaction, so when a reader sees
 * change N, changes 1..N all exist already, and a cursor never skips one
 * that commits later. A stream record is recorded once: its marker is part
 * of the same transaction, so a redelivered record is recognised and skipped.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { CHANGE_SEQ_DIGITS, changeCounterKey, changeKey, changePartition, changeSourceKey } from './keys';

export interface ChangeRecord {
  /** What changed: the event itself, one of its sessions, or one of its speakers. */
  type: 'event' | 'session' | 'speaker';
  id: string;
  action: 'created' | 'updated' | 'cancelled' | 'deleted';
  version: number | null;
  at: string;
  /** The object as the API shows it after the change; null when deleted. */
  data: Record<string, unknown> | null;
}

export interface StoredChange extends ChangeRecord {
  seq: number;
}

/** Markers of recorded stream records are kept a day: streams keep records for 24 hours. */
const SOURCE_TTL_SECONDS = 24 * 3600;

export function createChangeStore(doc: DynamoDBDocumentClient, tableName: string) {
  /** Appends a change and tells its number; a stream record recorded before keeps the number it got then. */
  async function appendChange(eventId: string, change: ChangeRecord, sourceId: string): Promise<{ seq: number; duplicate: boolean }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const last = await lastChangeSeq(eventId);
      const seq = last + 1;
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...changeSourceKey(eventId, sourceId), entity: 'change-source', seq, expiresAt: Math.floor(Date.now() / 1000) + SOURCE_TTL_SECONDS },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...changeCounterKey(eventId), entity: 'change-counter', last: seq },
                  ConditionExpression: last === 0 ? 'attribute_not_exists(pk)' : '#last = :last',
                  ...(last === 0 ? {} : { ExpressionAttributeNames: { '#last': 'last' }, ExpressionAttributeValues: { ':last': last } }),
                },
              },
              { Put: { TableName: tableName, Item: { ...changeKey(eventId, seq), entity: 'change', eventId, seq, ...change } } },
            ],
          }),
        );
        return { seq, duplicate: false };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
          const { Item: marker } = await doc.send(new GetCommand({ TableName: tableName, Key: changeSourceKey(eventId, sourceId), ConsistentRead: true }));
          return { seq: marker?.seq as number, duplicate: true };
        }
        // Another consumer took this number first: read the counter again.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      }
    }
    throw new Error(`could not append a change to event ${eventId}`);
  }

  /** Access pattern: an event's changes after `since`, oldest first (a key range, read consistently). */
  async function listChanges(eventId: string, since: number, limit: number): Promise<StoredChange[]> {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :end',
        ExpressionAttributeValues: {
          ':pk': changePartition(eventId),
          ':after': String(since + 1).padStart(CHANGE_SEQ_DIGITS, '0'),
          ':end': '9'.repeat(CHANGE_SEQ_DIGITS),
        },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (Items ?? []) as StoredChange[];
  }

  /**
   * Access pattern: the feed a client follows, changes after `since` and the
   * cursor to ask with next. A `since` past the newest change (a number the
   * client made up, or kept from before a restore) counts as the newest
   * change, read before the list: a change committed meanwhile is still ahead
   * of the cursor, never behind it.
   */
  async function readFeed(eventId: string, since: number, limit: number): Promise<{ items: StoredChange[]; nextCursor: number }> {
    const from = Math.min(since, await lastChangeSeq(eventId));
    const items = await listChanges(eventId, from, limit);
    return { items, nextCursor: items.at(-1)?.seq ?? from };
  }

  /** The number of the event's last change (0 before any). */
  async function lastChangeSeq(eventId: string): Promise<number> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: changeCounterKey(eventId), ConsistentRead: true }));
    return (Item?.last as number | undefined) ?? 0;
  }

  return { appendChange, listChanges, readFeed, lastChangeSeq };
}

export type ChangeStore = ReturnType<typeof createChangeStore>;
