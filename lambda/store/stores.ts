/** The stores a function works with, made once per cold start over one client and one table. */
import { createHmac, randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCatalogueStore } from './catalogue-store';
import { createAttendanceStore } from './attendance-store';
import { createEngagementStore } from './engagement-store';
import { createChangeStore } from './change-store';
import { createWebhookStore } from './webhook-store';
import { createCursors } from './cursor';
import { createDeletionStore } from './deletion-store';
import { createBookmarkStore } from './bookmark-store';
import { createImportStore } from './import-store';
import { createCheckInStore } from './check-in-store';
import { createCheckInCodes } from '../domain/check-in-code';
import { createLiveStore } from './live-store';
import { createNoticeStore } from './notice-store';

/**
 * `cursorKey` signs the cursors clients get: the deployment's secret, the
 * same in every instance. Without one, a key of this process only: enough
 * for code that reads a list through in one go (and for tests and tools),
 * never for a function that hands cursors to clients. `clock` (ms) times the
 * blocks of places a seat shard hands out: a simulation runs its own.
 */
export function createStores(doc: DynamoDBDocumentClient, tableName: string, cursorKey: Uint8Array = randomBytes(32), clock: () => number = Date.now) {
  const cursors = createCursors(cursorKey);
  return {
    cursors,
    catalogue: createCatalogueStore(doc, tableName, cursors),
    attendance: createAttendanceStore(doc, tableName, cursors, clock),
    bookmarks: createBookmarkStore(doc, tableName, cursors),
    engagement: createEngagementStore(doc, tableName, cursors),
    changes: createChangeStore(doc, tableName),
    webhooks: createWebhookStore(doc, tableName),
    deletions: createDeletionStore(doc, tableName),
    imports: createImportStore(doc, tableName),
    checkIns: createCheckInStore(doc, tableName, cursors),
    checkInCodes: checkInCodesOf(cursorKey),
    live: createLiveStore(doc, tableName, clock),
    notices: createNoticeStore(doc, tableName, clock),
  };
}

/** Check-in codes signed with the deployment's secret, kept apart from the cursors' key by a label: codes printed on a phone and cursors never share a MAC key. */
export function checkInCodesOf(cursorKey: Uint8Array) {
  return createCheckInCodes(createHmac('sha256', cursorKey).update('check-in codes').digest());
}

export type Stores = ReturnType<typeof createStores>;

/**
 * The stores an API function's operations use: a deployed function makes
 * only these (lambda/functions/), so esbuild leaves the others out of its
 * bundle; the local server and the tests hand every function all of them.
 */
export type CatalogueReadStores = Pick<Stores, 'cursors' | 'catalogue' | 'attendance' | 'engagement' | 'changes' | 'checkIns'>;
export type CatalogueWriteStores = Pick<Stores, 'catalogue' | 'attendance' | 'changes' | 'webhooks' | 'deletions' | 'imports'>;
export type AttendeeStores = Pick<Stores, 'catalogue' | 'attendance' | 'bookmarks' | 'checkIns' | 'checkInCodes' | 'notices'>;
export type EngagementStores = Pick<Stores, 'catalogue' | 'engagement'>;
/** The import runner's (a queue consumer in AWS, in-process locally). */
export type ImportRunnerStores = Pick<Stores, 'catalogue' | 'attendance' | 'imports'>;
