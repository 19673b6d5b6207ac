/**
 * One page of a Query, the way every list of the API pages: up to `limit`
 * items, then a cursor that starts right after the last item returned.
 * DynamoDB applies `Limit` before a filter, so a filtered query may need a
 * few reads to fill a page; the read budget bounds that work per request.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keyAttributesOf, type IndexName } from './table-definition';
import { invalidCursor, queryFingerprint, type Cursors, type PageKey } from './cursor';

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface QuerySpec {
  indexName?: IndexName;
  partition: { name: string; value: string };
  /** A key condition on the sort key, e.g. `#sk BETWEEN :from AND :to`, with `#sk` bound to the sort key. */
  sortKey?: { name: string; condition: string; values: Record<string, unknown> };
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  newestFirst?: boolean;
  /** Strongly consistent (base table only): for lists a client reads right after writing to them. */
  consistent?: boolean;
  /** Everything that makes this query differ from another; a cursor only works for the same query. */
  identity: readonly unknown[];
  /** Start after this key, taken from a cursor of several partitions (see merged-query-page.ts), instead of a cursor. */
  startAfter?: PageKey;
}

/** A page and, when there is more, the last key it covered: where the next page starts. */
export interface ResumablePage<T> extends Page<T> {
  resumeAfter?: PageKey;
}

/** Items read per request at most: a selective filter pages on instead of reading without end. */
const READ_BUDGET = 1000;

/** DynamoDB refusing a start key (outside the key condition's range, say): only a forged cursor can carry one. */
const refusesStartKey = (error: unknown) =>
  error instanceof Error && error.name === 'ValidationException' && /start(ing)? ?key/i.test(error.message);

/** The paged Query of one table, with cursors signed by `cursors`. */
export function createQueryPage(doc: DynamoDBDocumentClient, tableName: string, cursors: Cursors) {
  return async function queryPage<T = Record<string, unknown>>(spec: QuerySpec, page: PageRequest): Promise<ResumablePage<T>> {
    const keyAttributes = keyAttributesOf(spec.indexName);
    const fingerprint = queryFingerprint([spec.indexName ?? 'table', spec.partition, spec.sortKey, spec.filter, spec.identity]);
    let startKey: PageKey | undefined = page.cursor
      ? cursors.decode(page.cursor, fingerprint, { attributes: keyAttributes, partition: spec.partition })
      : spec.startAfter;

    const names: Record<string, string> = { '#pk': spec.partition.name, ...spec.filter?.names };
    const values: Record<string, unknown> = { ':pk': spec.partition.value, ...spec.sortKey?.values, ...spec.filter?.values };
    let keyCondition = '#pk = :pk';
    if (spec.sortKey) {
      names['#sk'] = spec.sortKey.name;
      keyCondition += ` AND ${spec.sortKey.condition}`;
    }

    const items: Record<string, unknown>[] = [];
    let read = 0;
    let more = true;
    let fromCursor = startKey !== undefined;
    while (items.length < page.limit && more && read < READ_BUDGET) {
      const result = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: spec.indexName,
          KeyConditionExpression: keyCondition,
          FilterExpression: spec.filter?.expression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ExclusiveStartKey: startKey,
          ScanIndexForward: !spec.newestFirst,
          ConsistentRead: spec.consistent,
          // Without a filter, read exactly what the page needs; with one, read ahead a little.
          Limit: spec.filter ? Math.min(READ_BUDGET, Math.max(page.limit * 2, 25)) : page.limit - items.length + 1,
        }),
      ).catch((error: unknown) => {
        throw fromCursor && refusesStartKey(error) ? invalidCursor() : error;
      });
      fromCursor = false;
      read += result.ScannedCount ?? 0;
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey as PageKey | undefined;
      more = startKey !== undefined;
    }

    if (items.length > page.limit) {
      const returned = items.slice(0, page.limit);
      const last = returned[returned.length - 1]!;
      const key = Object.fromEntries(keyAttributes.map(({ name }) => [name, last[name] as string | number]));
      return { items: returned as T[], nextCursor: cursors.encode(key, fingerprint), resumeAfter: key };
    }
    if (more && startKey) return { items: items as T[], nextCursor: cursors.encode(startKey, fingerprint), resumeAfter: startKey };
    return { items: items as T[], nextCursor: null };
  };
}

export type QueryPage = ReturnType<typeof createQueryPage>;

/** Every item a query matches, page after page: for audits and for lists bounded by design (one session's partition). */
export async function queryAll<T>(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((out.Items ?? []) as T[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
