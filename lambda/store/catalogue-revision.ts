/**
 * An event's catalogue revision (`EVENT#{e}` / `REVISION`): a number that
 * grows with every change to the event's sessions. Caches built from the
 * sessions (the search index, the exports) are valid while it stays the same.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogueEvent } from '../domain/schemas';
import { getItems } from './item-reads';
import { eventKey, revisionKey, type Key } from './keys';

export interface EventHead {
  /** Undefined when the event does not exist. */
  event: (CatalogueEvent & Key) | undefined;
  revision: number;
}

export function createCatalogueRevision(doc: DynamoDBDocumentClient, tableName: string) {
  /**
   * Access pattern: an event and its catalogue revision, in one
   * BatchGetItem: what a cache of the event's sessions checks itself
   * against. Strongly consistent, so an event just created or changed is
   * seen at once (two small items: two read units).
   */
  async function getEventHead(eventId: string): Promise<EventHead> {
    return (await getEventHeadWith(eventId, [])).head;
  }

  /**
   * Access pattern: the event head and other items of the event (a search
   * page's seat counters), in the same strongly consistent BatchGetItem: a
   * warm search's one round. `items` are in the order of `keys`.
   */
  async function getEventHeadWith(eventId: string, keys: readonly Key[]): Promise<{ head: EventHead; items: (Record<string, unknown> | undefined)[] }> {
    const { heads, items } = await getEventHeadsWith([eventId], keys);
    return { head: heads[0]!, items };
  }

  /**
   * Access pattern: the heads of several events (a search of every event)
   * and other items, strongly consistent, in BatchGetItems of 100 keys in
   * flight together (two keys an event). `heads` in the order of `eventIds`.
   */
  async function getEventHeadsWith(eventIds: readonly string[], keys: readonly Key[]): Promise<{ heads: EventHead[]; items: (Record<string, unknown> | undefined)[] }> {
    const headKeys = eventIds.flatMap((eventId) => [eventKey(eventId), revisionKey(eventId)]);
    const found = await getItems<Key & Record<string, unknown>>(doc, tableName, [...headKeys, ...keys], true);
    const heads = eventIds.map((_, i) => ({
      event: found[2 * i] as (CatalogueEvent & Key) | undefined,
      revision: (found[2 * i + 1]?.revision as number | undefined) ?? 0,
    }));
    return { heads, items: found.slice(headKeys.length) };
  }

  /**
   * Not part of the write's transaction on purpose: every session write of an
   * event would otherwise contend for this one item. A crash between the two
   * leaves caches at most their maximum age behind.
   */
  async function bumpRevision(eventId: string): Promise<void> {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: revisionKey(eventId),
        UpdateExpression: 'ADD #revision :one',
        ExpressionAttributeNames: { '#revision': 'revision' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  return { getEventHead, getEventHeadWith, getEventHeadsWith, bumpRevision };
}
