/**
 * Access patterns of the live channel's sockets (key design in ./keys.ts,
 * docs/data-model.md "Live channel"): a socket's item, the topics it
 * follows, and the sockets of a topic.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { connectionKey, subscriptionKey, topicPartition, type LiveTopic } from './keys';
import { queryAll } from './query-page';

/** API Gateway closes a WebSocket after 2 hours at most; a socket's items outlive that by a margin, then expire. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 10 * 60;

export interface ConnectionItem {
  connectionId: string;
  topics: LiveTopic[];
  attendeeId?: string;
  connectedAt: string;
}

export function createLiveStore(doc: DynamoDBDocumentClient, tableName: string, clock: () => number = Date.now) {
  const expiresAt = () => Math.floor(clock() / 1000) + CONNECTION_TTL_SECONDS;

  /** Access pattern: a socket opened ($connect). */
  async function putConnection(connectionId: string): Promise<void> {
    const item = { ...connectionKey(connectionId), entity: 'connection', connectionId, topics: [], connectedAt: new Date(clock()).toISOString(), expiresAt: expiresAt() };
    await doc.send(new PutCommand({ TableName: tableName, Item: item }));
  }

  /** Access pattern: a socket's item (undefined once it disconnected or expired). */
  async function getConnection(connectionId: string): Promise<ConnectionItem | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: connectionKey(connectionId), ConsistentRead: true }));
    if (!Item || (Item.expiresAt as number) * 1000 <= clock()) return undefined;
    return Item as ConnectionItem;
  }

  /**
   * Access pattern: a socket follows exactly `topics` from now on. The new
   * topics' items are written before the socket's own item names them, and
   * the dropped ones deleted after, so a crash in between leaves only items
   * that the socket's disconnect or their TTL removes. `gone`: the socket
   * has no item (it disconnected meanwhile).
   */
  async function follow(connectionId: string, topics: readonly LiveTopic[], attendeeId: string | undefined): Promise<'followed' | 'gone'> {
    const held = await getConnection(connectionId);
    if (!held) return 'gone';
    const wanted = [...new Set(topics)];
    const expiry = expiresAt();
    await Promise.all(
      wanted.map((topic) => doc.send(new PutCommand({ TableName: tableName, Item: { ...subscriptionKey(topic, connectionId), entity: 'subscription', connectionId, expiresAt: expiry } }))),
    );
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: connectionKey(connectionId),
          UpdateExpression: attendeeId ? 'SET topics = :topics, expiresAt = :expiry, attendeeId = :attendee' : 'SET topics = :topics, expiresAt = :expiry REMOVE attendeeId',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':topics': wanted, ':expiry': expiry, ...(attendeeId ? { ':attendee': attendeeId } : {}) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await unfollow(connectionId, wanted);
      return 'gone';
    }
    await unfollow(connectionId, held.topics.filter((topic) => !wanted.includes(topic)));
    return 'followed';
  }

  const unfollow = (connectionId: string, topics: readonly LiveTopic[]) =>
    Promise.all(topics.map((topic) => doc.send(new DeleteCommand({ TableName: tableName, Key: subscriptionKey(topic, connectionId) }))));

  /** Access pattern: a socket closed ($disconnect) or found gone (410): its topics' items, then its own. */
  async function removeConnection(connectionId: string): Promise<void> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: connectionKey(connectionId), ConsistentRead: true }));
    if (Item) await unfollow(connectionId, Item.topics as LiveTopic[]);
    await doc.send(new DeleteCommand({ TableName: tableName, Key: connectionKey(connectionId) }));
  }

  /** Access pattern: the sockets that follow a topic (one partition; items past their TTL that DynamoDB has not removed yet are left out). */
  async function followersOf(topic: LiveTopic): Promise<string[]> {
    const items = await queryAll<{ connectionId: string; expiresAt: number }>(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': topicPartition(topic) },
      ProjectionExpression: 'connectionId, expiresAt',
    });
    const now = clock() / 1000;
    return items.filter((item) => item.expiresAt > now).map((item) => item.connectionId);
  }

  return { putConnection, getConnection, follow, removeConnection, followersOf };
}

export type LiveStore = ReturnType<typeof createLiveStore>;
