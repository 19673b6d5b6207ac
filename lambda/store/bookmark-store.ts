/**
 * Access patterns of bookmarks (key design in ./keys.ts). A bookmark lives in
 * the attendee's partition and is named in the session's partition by a
 * BOOKMARKER# item written in the same transaction, so deleting the session
 * finds every bookmark of it without reading any attendee's partition.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTransaction, type TransactItem } from './transactions';
import { attendeePartition, bookmarkKey, bookmarkerKey, sessionKey } from './keys';
import { createQueryPage } from './query-page';
import type { Cursors } from './cursor';

/** `missing`: the session does not exist (or is being deleted); `busy`: it kept losing races with other writes. */
export type BookmarkOutcome = 'applied' | 'missing' | 'busy';

const ATTEMPTS = 8;

export function createBookmarkStore(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  const queryPage = createQueryPage(doc, tableName, cursors);

  /** Runs the transaction, again (with jitter) while it only lost a race with another one on the same items. */
  async function settle(items: TransactItem[]): Promise<BookmarkOutcome> {
    for (let attempt = 1; ; attempt++) {
      const result = await runTransaction(doc, items);
      if (result.applied) return 'applied';
      if (!result.conflict) return 'missing';
      if (attempt >= ATTEMPTS) return 'busy';
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    }
  }

  /** Access pattern: an attendee's bookmarks at one event. */
  async function listBookmarks(attendeeId: string, eventId: string): Promise<{ eventId: string; sessionId: string }[]> {
    const page = await queryPage<{ eventId: string; sessionId: string }>({
      partition: { name: 'pk', value: attendeePartition(attendeeId) },
      sortKey: { name: 'sk', condition: 'begins_with(#sk, :prefix)', values: { ':prefix': `BOOKMARK#${eventId}#` } },
      identity: ['bookmarks', eventId],
      consistent: true,
    }, { limit: 1000 });
    return page.items;
  }

  /** Bookmarks a session, only while it exists (nothing may appear behind a delete's cleanup). */
  async function putBookmark(attendeeId: string, eventId: string, sessionId: string): Promise<BookmarkOutcome> {
    const createdAt = new Date().toISOString();
    return settle([
      { ConditionCheck: { TableName: tableName, Key: sessionKey(eventId, sessionId), ConditionExpression: 'attribute_exists(pk)' } },
      { Put: { TableName: tableName, Item: { ...bookmarkKey(attendeeId, eventId, sessionId), entity: 'bookmark', eventId, sessionId, createdAt } } },
      { Put: { TableName: tableName, Item: { ...bookmarkerKey(eventId, sessionId, attendeeId), entity: 'bookmarker', attendeeId } } },
    ]);
  }

  async function deleteBookmark(attendeeId: string, eventId: string, sessionId: string): Promise<BookmarkOutcome> {
    return settle([
      { Delete: { TableName: tableName, Key: bookmarkKey(attendeeId, eventId, sessionId) } },
      { Delete: { TableName: tableName, Key: bookmarkerKey(eventId, sessionId, attendeeId) } },
    ]);
  }

  return { listBookmarks, putBookmark, deleteBookmark };
}

export type BookmarkStore = ReturnType<typeof createBookmarkStore>;
