/** The stores a function works with, made once per cold start over one client and one table. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCatalogueStore } from './catalogue-store';
import { createAttendanceStore } from './attendance-store';
import { createEngagementStore } from './engagement-store';
import { createChangeStore } from './change-store';
import { createWebhookStore } from './webhook-store';

export function createStores(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    catalogue: createCatalogueStore(doc, tableName),
    attendance: createAttendanceStore(doc, tableName),
    engagement: createEngagementStore(doc, tableName),
    changes: createChangeStore(doc, tableName),
    webhooks: createWebhookStore(doc, tableName),
  };
}

export type Stores = ReturnType<typeof createStores>;
