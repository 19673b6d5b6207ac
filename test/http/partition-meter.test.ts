/**
 * The simulation of DynamoDB's per-partition limits (test/support/partition-meter.ts)
 * meters as DynamoDB does: a partition takes 1,000 write units and 3,000
 * read units a second and refuses the rest, each partition on its own, a
 * transaction's items at 2 units each; the next second starts afresh. The
 * clock is the test's own: nothing here depends on how fast the machine is.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { ensureTable } from '../../local/create-table';
import { PartitionMeter } from '../support/partition-meter';

let now = 0;
const meter = new PartitionMeter({ clock: () => now });
// One attempt: the refusals themselves are under test, not the SDK's retries of them.
const doc = createDocumentClient({ requestHandler: meter as never, maxAttempts: 1 });
const table = `meter-${randomBytes(4).toString('hex')}`;

before(() => ensureTable(doc, table));
after(() => doc.destroy());

/** An item of `kb` KB: that many write units as a plain put, twice in a transaction, kb / 4 read units read consistently. */
const bigItem = (pk: string, sk: string, kb = 10) => ({ pk, sk, blob: 'x'.repeat(kb * 1024 - 20) });

const refusal = (error: unknown) => (error as { name?: string }).name;

test('a partition takes 1,000 write units a second and refuses the excess; another partition and the next second are not affected', async () => {
  now = 0;
  for (let i = 0; i < 10; i++) await doc.send(new PutCommand({ TableName: table, Item: bigItem('hot', `item-${i}`, 100) }));
  assert.equal(meter.written.get('hot'), 1000);
  await assert.rejects(doc.send(new PutCommand({ TableName: table, Item: { pk: 'hot', sk: 'one-more' } })), (e) => refusal(e) === 'ProvisionedThroughputExceededException');
  await assert.rejects(
    doc.send(new UpdateCommand({ TableName: table, Key: { pk: 'hot', sk: 'item-0' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } })),
    (e) => refusal(e) === 'ProvisionedThroughputExceededException',
  );
  assert.equal(meter.throttled.get('hot'), 2);
  assert.equal(meter.written.get('hot'), 1000, 'a refused write is not charged');
  // Nothing refused was written.
  assert.equal((await doc.send(new GetCommand({ TableName: table, Key: { pk: 'hot', sk: 'one-more' }, ConsistentRead: true }))).Item, undefined);
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'cold', sk: 'a' } }));
  now = 999;
  await assert.rejects(doc.send(new PutCommand({ TableName: table, Item: { pk: 'hot', sk: 'one-more' } })));
  now = 1000;
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'hot', sk: 'one-more' } }));
  assert.equal(meter.written.get('hot'), 1001);
});

test('a transaction costs 2 units per item, condition checks and cancelled transactions included; a spent partition cancels it with ThrottlingError on its items', async () => {
  now = 10_000;
  const transaction = (i: number, sk = `t-${i}`) =>
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: bigItem('counter', sk) } },
        { ConditionCheck: { TableName: table, Key: { pk: `elsewhere-${i % 10}`, sk }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
  for (let i = 0; i < 49; i++) await doc.send(transaction(i));
  // Cancelled by its own condition, and charged all the same.
  await doc.send(new PutCommand({ TableName: table, Item: { pk: 'elsewhere-9', sk: 't-49' } }));
  await assert.rejects(doc.send(transaction(49)), (e) => e instanceof TransactionCanceledException && e.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed');
  assert.equal(meter.written.get('counter'), 1000, '50 transactions putting 10 KB: 20 units each');
  assert.equal(meter.written.get('elsewhere-0'), 5 * 2, 'a condition check: 2 units');
  const refused = await doc.send(transaction(50)).catch((e: unknown) => e);
  assert.ok(refused instanceof TransactionCanceledException);
  assert.deepEqual(refused.CancellationReasons?.map((r) => r.Code), ['ThrottlingError', 'None']);
});

test('reads: 3,000 units a second per partition, by the size read, half when eventually consistent; a Query is charged for all it returns', async () => {
  now = 20_000;
  for (let i = 0; i < 4; i++) await doc.send(new PutCommand({ TableName: table, Item: bigItem('shelf', `book-${i}`, 100) }));
  now = 21_000;
  const get = (consistent: boolean) => doc.send(new GetCommand({ TableName: table, Key: { pk: 'shelf', sk: 'book-0' }, ConsistentRead: consistent }));
  await get(true);
  assert.equal(meter.read.get('shelf'), 25, '100 KB read consistently: 25 units');
  await get(false);
  assert.equal(meter.read.get('shelf'), 37.5, 'and eventually consistent: half');
  const query = () => doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'shelf' }, ConsistentRead: true }));
  await query();
  assert.equal(meter.read.get('shelf'), 37.5 + 100, '400 KB in one Query: 100 units');
  // Spend the rest of the second: reads pass until 3,000 units are used, then are refused.
  let refused: unknown;
  for (let i = 0; i < 40 && !refused; i++) refused = await query().then(() => undefined, (error: unknown) => error);
  assert.equal(refusal(refused), 'ProvisionedThroughputExceededException');
  assert.equal(meter.read.get('shelf'), 37.5 + 100 + 29 * 100, 'the read that crossed 3,000 units went through; the next was refused');
  now = 22_000;
  await get(true);
});
