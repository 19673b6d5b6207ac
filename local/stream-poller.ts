/**
 * Reads DynamoDB Local's table stream and hands each record to the same
 * consumer code that runs on DynamoDB Streams in AWS, so the change feed works
 * under `npm start` and in tests. Records are handled in order per shard; a
 * record that keeps failing is logged and skipped after a few tries (the
 * local stand-in for Lambda's retries and failure destination).
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';

export interface StreamPoller {
  /** Resolves once everything written so far has been handed to the consumer. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startStreamPoller(options: {
  endpoint: string;
  tableName: string;
  onRecord: (record: _Record) => Promise<void>;
  intervalMs?: number;
  log?: (line: string) => void;
}): Promise<StreamPoller> {
  const { endpoint, tableName, onRecord, intervalMs = 100, log = (line) => process.stderr.write(`${line}\n`) } = options;
  const dynamo = new DynamoDBClient({ endpoint, region: 'local', credentials });
  const streams = new DynamoDBStreamsClient({ endpoint, region: 'local', credentials });
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);

  const iterators = new Map<string, string | undefined>(); // shard id -> next iterator (undefined: closed)
  let running = true;
  let idleRounds = 0;
  const waiters: (() => void)[] = [];

  async function pollOnce(): Promise<number> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId!, ShardIterator);
    }
    let handled = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const record of Records) {
        for (let attempt = 1; ; attempt++) {
          try {
            await onRecord(record);
            break;
          } catch (error) {
            if (attempt >= 5) {
              log(`change feed: gave up on stream record ${record.eventID}: ${(error as Error).message}`);
              break;
            }
            await new Promise((r) => setTimeout(r, 50 * attempt));
          }
        }
      }
      handled += Records.length;
      iterators.set(shardId, NextShardIterator);
    }
    return handled;
  }

  const loop = (async () => {
    while (running) {
      try {
        const handled = await pollOnce();
        idleRounds = handled === 0 ? idleRounds + 1 : 0;
        if (idleRounds >= 2) waiters.splice(0).forEach((wake) => wake());
      } catch (error) {
        if (running) log(`change feed: stream poll failed: ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();

  return {
    caughtUp() {
      idleRounds = 0;
      return new Promise((resolve) => waiters.push(resolve));
    },
    async stop() {
      running = false;
      await loop;
      dynamo.destroy();
      streams.destroy();
    },
  };
}
