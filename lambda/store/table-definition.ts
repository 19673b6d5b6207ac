/**
 * The one description of the DynamoDB table and its indexes. The CDK stack,
 * the local server (which creates the table in DynamoDB Local) and the tests
 * all build the table from this object, so the cloud and local tables cannot
 * drift. The key design it serves is written down in docs/data-model.md.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry for short-lived items (idempotency records). */
  readonly timeToLiveAttribute: string;
}

export const catalogueTable = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    // Events newest first; an event's sessions in time order (day and `at` filters are key ranges).
    { indexName: 'timeline', partitionKey: { name: 'timelinePk', type: 'S' }, sortKey: { name: 'timelineSk', type: 'S' } },
    // An event's sessions of one track, in time order.
    { indexName: 'trackTimeline', partitionKey: { name: 'trackPk', type: 'S' }, sortKey: { name: 'timelineSk', type: 'S' } },
    // An event's sessions in one room, in time order.
    { indexName: 'roomTimeline', partitionKey: { name: 'roomPk', type: 'S' }, sortKey: { name: 'timelineSk', type: 'S' } },
    // An event's sessions of one type and status (`keynote` + `cancelled`, …), in time order: `type=` and `status=`
    // read the partitions they ask for instead of filtering every session. One index for both, so that a deployed
    // table gains it in one update (DynamoDB adds one index at a time).
    { indexName: 'kindTimeline', partitionKey: { name: 'kindPk', type: 'S' }, sortKey: { name: 'timelineSk', type: 'S' } },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const satisfies TableDefinition;

export type IndexName = (typeof catalogueTable.globalSecondaryIndexes)[number]['indexName'];

/** The sort key attribute of an index. */
export function sortKeyOf(indexName: IndexName): string {
  return catalogueTable.globalSecondaryIndexes.find((i) => i.indexName === indexName)!.sortKey.name;
}

/** Every attribute (with its type) that is part of a key of the table or of an index: what a LastEvaluatedKey holds. */
export function keyAttributesOf(indexName?: IndexName): KeyAttribute[] {
  const base: KeyAttribute[] = [catalogueTable.partitionKey, catalogueTable.sortKey];
  if (!indexName) return base;
  const index = catalogueTable.globalSecondaryIndexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`unknown index ${indexName}`);
  const all: KeyAttribute[] = [index.partitionKey, index.sortKey, ...base];
  return all.filter((a, i) => all.findIndex((b) => b.name === a.name) === i);
}
