/**
 * An event's catalogue revision (`EVENT#{e}` / `REVISION`): a number that
 * grows with every change to the event's sessions. Caches built from the
 * sessions (the search index, the exports) are valid while it stays the same.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { revisionKey } from './keys';

export function createCatalogueRevision(doc: DynamoDBDocumentClient, tableName: string) {
  /**
   * Access pattern: an event's catalogue revision, a number that grows with
   * every change to its sessions. Caches built from the sessions (the search
   * index, the exports) are valid while it stays the same.
   */
  async function getRevision(eventId: string): Promise<number> {
    // Eventually consistent (half the cost): a cache may serve a change's previous state for a moment.
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: revisionKey(eventId) }));
    return (Item?.revision as number | undefined) ?? 0;
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

  return { getRevision, bumpRevision };
}
