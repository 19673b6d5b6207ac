/** Reading items by key: one GetItem, or many keys in BatchGetItem requests. */
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogueError } from '../domain/errors';
import { chunksOf } from '../domain/chunks';
import type { Key } from './keys';

const BATCH_GET_SIZE = 100;

export async function getItem<T>(doc: DynamoDBDocumentClient, tableName: string, key: Key, consistent = false): Promise<T | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }));
  return Item as T | undefined;
}

/** BatchGetItem in chunks of 100, in flight together, retrying unprocessed keys; results in the order of `keys`. */
export async function getItems<T extends Key>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  consistent = false,
): Promise<(T | undefined)[]> {
  const found = new Map<string, T>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  await Promise.all(
    chunksOf(unique, BATCH_GET_SIZE).map(async (chunk) => {
      let pending: Key[] = chunk;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new CatalogueError('unavailable', 'The database did not return every item in time');
        const result = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }));
        for (const item of result.Responses?.[tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item as T);
        pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
      }
    }),
  );
  return keys.map((k) => found.get(`${k.pk}|${k.sk}`));
}
