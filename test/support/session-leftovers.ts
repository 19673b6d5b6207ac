/**
 * What a deleted session left behind anywhere in the table: every item of its
 * partitions (seats, waitlist, polls, votes, reviews, the seat counters, over
 * every seat shard) and
 * every attendee's reservation or bookmark of it. A Scan on purpose: an audit
 * must find orphans wherever they are, not only where the code looks.
 */
import { GetCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Leftovers {
  /** `pk|sk` of every item that still belongs to the session. */
  items: string[];
  /** Pending deletion records of the session (the cleanup's own bookkeeping). */
  pending: string[];
}

export async function sessionLeftovers(doc: DynamoDBDocumentClient, tableName: string, eventId: string, sessionId: string): Promise<Leftovers> {
  const { items, pending } = await sessionItems(doc, tableName, eventId, sessionId);
  return { items: items.map((item) => `${String(item.pk)}|${String(item.sk)}`).sort(), pending: pending.map((item) => `${String(item.pk)}|${String(item.sk)}`) };
}

/** The items themselves: every item that belongs to the session, and its pending deletion records. */
export async function sessionItems(doc: DynamoDBDocumentClient, tableName: string, eventId: string, sessionId: string) {
  const partition = `EVENT#${eventId}#SESSION#${sessionId}`;
  const ownSuffix = `#${eventId}#${sessionId}`;
  const items: Record<string, unknown>[] = [];
  const pending: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const [pk, sk] = [String(item.pk), String(item.sk)];
      const attendeeItem = pk.startsWith('ATTENDEE#') && (sk === `RESERVATION${ownSuffix}` || sk === `BOOKMARK${ownSuffix}`);
      if (pk === partition || pk.startsWith(`${partition}#SHARD#`) || attendeeItem) items.push(item);
      else if (item.entity === 'session-deletion' && item.eventId === eventId && item.sessionId === sessionId) pending.push(item);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, pending };
}

/**
 * Waits until the session's deletion record is gone and its partition is
 * empty (cheap reads, polled), or `timeoutMs` passed; then audits the whole
 * table once and returns what is left.
 */
export async function waitForNoLeftovers(
  doc: DynamoDBDocumentClient,
  tableName: string,
  eventId: string,
  sessionId: string,
  timeoutMs: number,
): Promise<Leftovers> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [deletion, partition] = await Promise.all([
      doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'DELETIONS', sk: `SESSION#${eventId}#${sessionId}` }, ConsistentRead: true })),
      doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `EVENT#${eventId}#SESSION#${sessionId}` },
          ConsistentRead: true,
          Limit: 1,
        }),
      ),
    ]);
    if (!deletion.Item && (partition.Items ?? []).length === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return sessionLeftovers(doc, tableName, eventId, sessionId);
}
