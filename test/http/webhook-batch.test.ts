/**
 * The AWS delivery function's batch (lambda/webhooks/delivery-batch.ts) with
 * its real delivery code, real stores on DynamoDB Local and receivers on
 * loopback: a batch finishes inside the function's time, receivers are
 * served side by side, and only what was not delivered is reported back, so
 * a slow receiver never sends a healthy one's messages to the dead-letter queue.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createSampleEvent, startTestApi, type TestApi } from '../support/api';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores, type Stores } from '../../lambda/store/stores';
import { deliverOnce, recordFailedDelivery, type DeliveryJob } from '../../lambda/webhooks/deliver';
import { createBatchHandler } from '../../lambda/webhooks/delivery-batch';

const ATTEMPT_MS = 800;
let api: TestApi;
let stores: Stores;
let doc: ReturnType<typeof createDocumentClient>;
const receivers: TestReceiver[] = [];
const arrivals: { hook: string; seq: number }[] = [];

/** A receiver that answers after `delayMs` (never, when undefined). */
async function receiver(hook: string, delayMs: number | undefined): Promise<string> {
  const started = await startReceiver((_request, body, response) => {
    if (delayMs === undefined) return;
    setTimeout(() => {
      arrivals.push({ hook, seq: JSON.parse(body).change.seq });
      response.writeHead(204).end();
    }, delayMs);
  });
  receivers.push(started);
  return started.url;
}

before(async () => {
  api = await startTestApi({ attemptTimeoutMs: ATTEMPT_MS }); // no change feed: only the batch handler delivers here
  await createSampleEvent(api);
  for (const [hook, delay] of [['healthy', 0], ['slow', undefined], ['sluggish', 500]] as const) {
    const put = await api.call('PUT', `/events/summit/webhooks/${hook}`, { token: api.adminToken, body: { url: await receiver(hook, delay) } });
    assert.equal(put.status, 201, put.text);
  }
  doc = createDocumentClient();
  stores = createStores(doc, api.tableName);
  // Twelve changes of six objects, as the change feed records them.
  for (let i = 0; i < 12; i++) {
    const id = `talk-${i % 6}`;
    await stores.changes.appendChange('summit', { type: 'session', id, action: 'updated', version: i + 1, at: new Date().toISOString(), data: { id } }, `test-${i}`);
  }
});
after(async () => {
  await api.close();
  doc.destroy();
  await Promise.all(receivers.map((r) => r.close()));
});

let messageIds = 0;
function message(job: DeliveryJob, receiveCount: number): SQSRecord {
  return {
    messageId: `m-${++messageIds}`,
    body: JSON.stringify(job),
    attributes: { MessageGroupId: `${job.webhookId}|${job.objectKey}`, ApproximateReceiveCount: String(receiveCount) },
  } as unknown as SQSRecord;
}
const job = (webhookId: string, seq: number): DeliveryJob => ({ eventId: 'summit', webhookId, seq, objectKey: `session:talk-${(seq - 1) % 6}` });

/** The handler as the Lambda entry builds it, and a context whose clock runs out after `budgetMs`. */
function invoke(records: SQSRecord[], budgetMs: number) {
  const handler = createBatchHandler({
    deliver: (j, attempt) => deliverOnce(stores, api.webhooks, j, attempt),
    giveUp: (j, attempts, error) => recordFailedDelivery(stores, j, attempts, error),
    maxReceives: 3,
    attemptTimeoutMs: ATTEMPT_MS,
  });
  const deadline = Date.now() + budgetMs;
  return handler({ Records: records } as SQSEvent, { getRemainingTimeInMillis: () => deadline - Date.now() });
}

test('a slow receiver costs one attempt time, not one per message: healthy deliveries go through and only the slow ones come back', async () => {
  // Six objects, each with a message for the healthy and the silent receiver, as the queue hands them out: mixed.
  const records = [1, 2, 3, 4, 5, 6].flatMap((seq) => [message(job('slow', seq), 1), message(job('healthy', seq), 1)]);
  const started = Date.now();
  const { batchItemFailures } = await invoke(records, 4 * ATTEMPT_MS);
  const elapsed = Date.now() - started;
  const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
  const slowIds = records.filter((r) => JSON.parse(r.body).webhookId === 'slow').map((r) => r.messageId);
  process.stdout.write(`# delivery batch: ${records.length} messages, 6 to a receiver that never answers, done in ${elapsed} ms of a ${4 * ATTEMPT_MS} ms budget; ${failed.size} reported back\n`);
  assert.ok(elapsed < 4 * ATTEMPT_MS, `the batch took ${elapsed} ms`);
  assert.deepEqual([...failed].sort(), slowIds.sort(), 'exactly the slow receiver’s messages are retried');
  assert.deepEqual(arrivals.filter((a) => a.hook === 'healthy').map((a) => a.seq).sort(), [1, 2, 3, 4, 5, 6]);
  for (let seq = 1; seq <= 6; seq++) assert.equal((await stores.webhooks.getDelivery('summit', 'healthy', seq))?.status, 'delivered');
});

test('order per object: after a failure the rest of its group waits; on the last receive the failure is recorded', async () => {
  // talk-0 has changes 1 and 7: the slow receiver fails 1 on its last receive, so 7 must not overtake it.
  const records = [message(job('slow', 1), 3), message(job('slow', 7), 3), message(job('healthy', 7), 1)];
  const { batchItemFailures } = await invoke(records, 4 * ATTEMPT_MS);
  assert.deepEqual(batchItemFailures.map((f) => f.itemIdentifier), [records[0]!.messageId, records[1]!.messageId]);
  const recorded = await stores.webhooks.getDelivery('summit', 'slow', 1);
  assert.deepEqual([recorded?.status, recorded?.attempts, recorded?.lastError], ['failed', 3, 'unreachable']);
  assert.equal(await stores.webhooks.getDelivery('summit', 'slow', 7), undefined, 'the message behind it was not attempted');
  assert.equal((await stores.webhooks.getDelivery('summit', 'healthy', 7))?.status, 'delivered');
});

test('no attempt starts that could outlast the function: a long group hands its tail back in order', async () => {
  // Five messages of one group to a receiver that takes 500 ms each: not all fit in 2.5 s with an 800 ms attempt limit.
  const records = [1, 2, 3, 4, 5].map((seq) => message({ ...job('sluggish', seq), objectKey: 'session:talk-0' }, 1));
  const started = Date.now();
  const { batchItemFailures } = await invoke(records, 2500);
  const elapsed = Date.now() - started;
  const delivered = records.length - batchItemFailures.length;
  process.stdout.write(`# delivery batch deadline: ${delivered} of ${records.length} in-order deliveries to a 500 ms receiver fit in a 2500 ms budget; ${elapsed} ms\n`);
  assert.ok(elapsed < 2500, `the batch took ${elapsed} ms`);
  assert.ok(delivered >= 1 && delivered < records.length, `${delivered} delivered`);
  assert.deepEqual(batchItemFailures.map((f) => f.itemIdentifier), records.slice(delivered).map((r) => r.messageId), 'the tail of the group, in order');
});
