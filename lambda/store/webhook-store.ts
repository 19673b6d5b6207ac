/** Access patterns of webhook subscriptions and their delivery records (key design in ./keys.ts). */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changeKey, deliveryKey, eventPartition, webhookKey } from './keys';
import type { StoredChange } from './change-store';

export interface Webhook {
  eventId: string;
  id: string;
  url: string;
  secret: string;
  createdAt: string;
  /** The event's last change when the webhook was created: it is sent the changes after it. */
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
  async function putWebhook(webhook: Webhook): Promise<void> {
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...webhookKey(webhook.eventId, webhook.id), entity: 'webhook', ...webhook } }));
  }

  async function getWebhook(eventId: string, webhookId: string): Promise<Webhook | undefined> {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: webhookKey(eventId, webhookId), ConsistentRead: true }));
    return Item as Webhook | undefined;
  }

  async function deleteWebhook(eventId: string, webhookId: string): Promise<boolean> {
    const { Attributes } = await doc.send(new DeleteCommand({ TableName: tableName, Key: webhookKey(eventId, webhookId), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }

  /** Access pattern: an event's webhooks (partition EVENT#{e}, sk WEBHOOK#…). */
  async function listWebhooks(eventId: string): Promise<Webhook[]> {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': eventPartition(eventId), ':prefix': 'WEBHOOK#' },
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

  return { putWebhook, getWebhook, deleteWebhook, listWebhooks, getChange, recordDelivery, listDeliveries };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
