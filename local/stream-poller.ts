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
  /** Resolves once everything written so far has been handed to the consumer (rejects after `timeoutMs`). */
  caughtUp(timeoutMs?: number): Promise<void>;
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
  const lastSequence = new Map<string, string>(); // shard id -> the last record handed over
  let running = true;
  let idleRounds = 0;
  const waiters: (() => void)[] = [];
  let closedShards = 0; // closed shards already seen when the layout was last read
  const closedShardCount = () => [...iterators.values()].filter((iterator) => iterator === undefined).length;

  // The stream's layout changes only when a shard closes or opens, so it is read every
  // LAYOUT_EVERY rounds, when a shard has closed, and before telling anyone the feed caught up:
  // asking on every round kept a quarter of a core busy in DynamoDB Local while nothing happened.
  const LAYOUT_EVERY = 10;
  let roundsSinceLayout = LAYOUT_EVERY;

  async function readLayout() {
    roundsSinceLayout = 0;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId!, ShardIterator);
    }
  }

  async function pollOnce(): Promise<number> {
    if (roundsSinceLayout++ >= LAYOUT_EVERY || closedShardCount() > closedShards || waiters.length > 0) {
      await readLayout();
      closedShards = closedShardCount();
    }
    let handled = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let page;
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (error) {
        // An iterator expires (15 minutes) or points at trimmed records: start again after the last record handed over.
        const name = (error as Error).name;
        if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
        const last = lastSequence.get(shardId);
        const restart = (type: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON') =>
          streams.send(
            new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, ...(type === 'TRIM_HORIZON' ? {} : { SequenceNumber: last }) }),
          );
        try {
          iterators.set(shardId, (await restart(last ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON')).ShardIterator);
        } catch {
          log(`change feed: shard ${shardId} was trimmed past the last record read; going on from its oldest record`);
          iterators.set(shardId, (await restart('TRIM_HORIZON')).ShardIterator);
        }
        continue;
      }
      const { Records = [], NextShardIterator } = page;
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
      const last = Records[Records.length - 1]?.dynamodb?.SequenceNumber;
      if (last) lastSequence.set(shardId, last);
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
    caughtUp(timeoutMs = 30_000) {
      idleRounds = 0;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the change feed did not catch up within ${timeoutMs} ms`)), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async stop() {
      running = false;
      await loop;
      dynamo.destroy();
      streams.destroy();
    },
  };
}
