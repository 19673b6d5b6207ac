/** Access patterns of webhook subscriptions and their delivery records (key design in ./keys.ts). */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changeKey, deliveryKey, webhookKey, webhookPartition } from './keys';
import type { StoredChange } from './change-store';
import { isConditionFailure } from './catalogue-store';

export interface Webhook {
  eventId: string;
  id: string;
  url: string;
  /** The signing secret, sealed (lambda/webhooks/secret-sealer.ts); never stored in clear. */
  sealedSecret: string;
  /** The secret a rotation replaced, still signing beside the new one until `previousSecretExpiresAt`. */
  previousSealedSecret?: string;
  previousSecretExpiresAt?: string;
  createdAt: string;
  secretRotatedAt?: string;
  /** The event's last change when the webhook was created: it is sent the changes after it, never one before. */
  fromSeq: number;
}

export interface DeliveryRecord {
  seq: number;
  status: 'delivered' | 'failed';
  attempts: number;
  at: string;
  lastError?: string;
}

export function createWebhookStore(doc: DynamoDBDocumentClient, tableName: string) {
  /** Creates the webhook; false when one with this id exists already. */
  async function createWebhook(webhook: Webhook): Promise<boolean> {
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...webhookKey(webhook.eventId, webhook.id), entity: 'webhook', ...webhook },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Points an existing webhook at another URL; undefined when it does not exist. */
  async function setWebhookUrl(eventId: string, webhookId: string, url: string): Promise<Webhook | undefined> {
    try {
      const { Attributes } = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: webhookKey(eventId, webhookId),
          UpdateExpression: 'SET #url = :url',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#url': 'url' },
          ExpressionAttributeValues: { ':url': url },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as Webhook;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Replaces the secret, keeping the one it replaces until `previousExpiresAt`;
   * only if the secret is still `expectedSealed` (false otherwise: rotated meanwhile, or gone).
   */
  async function rotateSecret(
    eventId: string,
    webhookId: string,
    rotation: { expectedSealed: string; sealedSecret: string; previousExpiresAt: string; at: string },
  ): Promise<boolean> {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: webhookKey(eventId, webhookId),
          UpdateExpression: 'SET sealedSecret = :new, previousSealedSecret = :old, previousSecretExpiresAt = :until, secretRotatedAt = :at',
          ConditionExpression: 'sealedSecret = :old',
          ExpressionAttributeValues: { ':new': rotation.sealedSecret, ':old': rotation.expectedSealed, ':until': rotation.previousExpiresAt, ':at': rotation.at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function getWebhook(eventId: string, webhookId: string): Promise<Webhook | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: webhookKey(eventId, webhookId), ConsistentRead: true }));
    return Item as Webhook | undefined;
  }

  async function deleteWebhook(eventId: string, webhookId: string): Promise<boolean> {
    const { Attributes } = await doc.send(new DeleteCommand({ TableName: tableName, Key: webhookKey(eventId, webhookId), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }

  /** Access pattern: an event's webhooks (partition WEBHOOK#{e}). */
  async function listWebhooks(eventId: string): Promise<Webhook[]> {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': webhookPartition(eventId) },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []) as Webhook[];
  }

  /** One change, by number: what a delivery sends. */
  async function getChange(eventId: string, seq: number): Promise<StoredChange | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: changeKey(eventId, seq), ConsistentRead: true }));
    return Item as StoredChange | undefined;
  }

  async function recordDelivery(eventId: string, webhookId: string, record: DeliveryRecord): Promise<void> {
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...deliveryKey(eventId, webhookId, record.seq), entity: 'delivery', ...record } }));
  }

  /** The outcome of one delivery, once it has one: a delivery with a record is never made again. */
  async function getDelivery(eventId: string, webhookId: string, seq: number): Promise<DeliveryRecord | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: deliveryKey(eventId, webhookId, seq), ConsistentRead: true }));
    return Item as DeliveryRecord | undefined;
  }

  /** Access pattern: a webhook's latest delivery records, newest first. */
  async function listDeliveries(eventId: string, webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': deliveryKey(eventId, webhookId, 0).pk },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return (Items ?? []) as DeliveryRecord[];
  }

  return { createWebhook, setWebhookUrl, rotateSecret, getWebhook, deleteWebhook, listWebhooks, getChange, recordDelivery, getDelivery, listDeliveries };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
