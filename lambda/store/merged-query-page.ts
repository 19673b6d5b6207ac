/**
 * One page of several partitions of an index, read as one list in sort-key
 * order: `type=keynote` is the partitions keynote+scheduled and
 * keynote+cancelled of kindTimeline, `status=cancelled` one partition per
 * type. The partitions are read in parallel, a page's worth each at most
 * (each Query reads at most `limit + 1` items without a filter), and merged.
 *
 * The cursor is the key of the last item returned (or, when a partition
 * stopped at its read budget, of the last item that partition read): every
 * partition starts after it, the partition values coming from the query.
 */
import { catalogueTable, keyAttributesOf, sortKeyOf, type IndexName } from './table-definition';
import { queryFingerprint, type Cursors, type PageKey } from './cursor';
import type { Page, PageRequest, QueryPage, QuerySpec } from './query-page';

export interface MergedQuerySpec extends Omit<QuerySpec, 'partition' | 'indexName' | 'newestFirst' | 'startAfter'> {
  /** Absent: the table itself (a session's seat shards, say). */
  indexName?: IndexName;
  partitions: { name: string; values: readonly string[] };
}

/** Pages of several partitions through `queryPage`, with position cursors signed by `cursors`. */
export function createMergedQueryPage(queryPage: QueryPage, cursors: Cursors) {
  return async function mergedQueryPage<T>(spec: MergedQuerySpec, page: PageRequest): Promise<Page<T>> {
    const { partitions, ...rest } = spec;
    if (partitions.values.length === 1) {
      const { items, nextCursor } = await queryPage<T>({ ...rest, partition: { name: partitions.name, value: partitions.values[0]! } }, page);
      return { items, nextCursor };
    }

    const order = spec.indexName ? sortKeyOf(spec.indexName) : catalogueTable.sortKey.name;
    const positionAttributes = keyAttributesOf(spec.indexName).filter(({ name }) => name !== partitions.name);
    const fingerprint = queryFingerprint(['merged', spec.indexName, partitions, spec.sortKey, spec.filter, spec.identity]);
    const after = page.cursor ? cursors.decodePosition(page.cursor, fingerprint, positionAttributes) : undefined;

    const pages = await Promise.all(
      partitions.values.map((value) =>
        queryPage<T>({
          ...rest,
          partition: { name: partitions.name, value },
          ...(after ? { startAfter: { ...after, [partitions.name]: value } } : {}),
        }, { limit: page.limit }),
      ),
    );

    // A partition with more to read vouches only for items up to where it stopped. (Sort keys here are ASCII,
    // so JavaScript's string order is DynamoDB's byte order.)
    const stops = pages.flatMap((p) => (p.resumeAfter ? [p.resumeAfter] : []));
    const at = (item: unknown) => String((item as Record<string, unknown>)[order]);
    const bound = stops.reduce<PageKey | undefined>((low, key) => (!low || at(key) < at(low) ? key : low), undefined);
    const merged = pages
      .flatMap((p) => p.items)
      .filter((item) => !bound || at(item) <= at(bound))
      .sort((a, b) => (at(a) < at(b) ? -1 : 1));
    const items = merged.slice(0, page.limit);
    if (merged.length <= page.limit && !bound) return { items, nextCursor: null };
    // After the last item returned; or, when every item up to the bound was returned, after the bound.
    const last = (merged.length > page.limit ? items[items.length - 1]! : bound!) as Record<string, unknown>;
    const position = Object.fromEntries(positionAttributes.map(({ name }) => [name, last[name] as string | number]));
    return { items, nextCursor: cursors.encode(position, fingerprint) };
  };
}
