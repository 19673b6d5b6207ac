/**
 * Issue 10, item 5: restarting the local run (the change feed as npm start
 * runs it: deliveries the last run left are queued again, then the table's
 * stream is read from its start) delivers no change twice under one delivery
 * id and never a change older than the subscription.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { deliveryKey } from '../../lambda/store/keys';
import { startLocalChangeFeed } from '../../local/change-feed';

let api: TestApi;
let receiver: TestReceiver;
const received: { id: string; seq: number }[] = [];

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  receiver = await startReceiver((request, body, response) => {
    received.push({ id: String(request.headers['webhook-id']), seq: JSON.parse(body).change.seq });
    response.writeHead(204).end();
  });
});
after(async () => {
  await api.close();
  await receiver.close();
});

/** One run of the local change feed, on its own client, as npm start makes it. */
async function startRun() {
  const doc = createDocumentClient();
  const feed = await startLocalChangeFeed({
    stores: createStores(doc, api.tableName),
    webhooks: api.webhooks,
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: api.tableName,
    intervalMs: 50,
    deliveryAttempts: 2,
    deliveryBaseDelayMs: 10,
  });
  return {
    recovered: feed.recovered,
    async settle() {
      await feed.caughtUp();
      await feed.idle();
    },
    async stop() {
      await feed.stop();
      await feed.idle();
      doc.destroy();
    },
  };
}

let subscribedAt: number;

test('a restart delivers nothing again and nothing from before the subscription', async () => {
  const first = await startRun();
  for (let i = 0; i < 6; i++) await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: `early-${i}` }) });
  await first.settle();
  subscribedAt = Number((await api.call('GET', '/events/summit/changes?since=0&limit=100')).body.nextCursor);
  const put = await api.call('PUT', '/events/summit/webhooks/site', { token: api.adminToken, body: { url: receiver.url } });
  assert.equal(put.status, 201, put.text);
  for (let i = 0; i < 4; i++) await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: `late-${i}` }) });
  await first.settle();
  const beforeRestart = received.length;
  await first.stop();

  let restarts = 0;
  for (; restarts < 2; restarts++) {
    const next = await startRun();
    assert.equal(next.recovered, 0, 'nothing was left undelivered');
    await next.settle();
    await next.stop();
  }

  const ids = received.map((r) => r.id);
  process.stdout.write(
    `# restart: ${subscribedAt} changes before the subscription, ${beforeRestart} deliveries before ${restarts} restarts, ${received.length - beforeRestart} after them, ${new Set(ids).size} distinct delivery ids\n`,
  );
  assert.equal(beforeRestart, 4, 'the four changes after the subscription');
  assert.equal(new Set(ids).size, ids.length, 'no delivery id twice');
  assert.deepEqual(received.filter((r) => r.seq <= subscribedAt), [], 'nothing from before the subscription');
  assert.equal(received.length, beforeRestart, 'the restarts delivered nothing again');
});

test('a delivery the last run made but never recorded is made once more, under the same id, and only once', async () => {
  const first = await startRun();
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'before-crash' }) });
  await first.settle();
  await first.stop();
  const delivered = received[received.length - 1]!;
  // As if the process died after the receiver took it but before the delivery was recorded.
  const doc = createDocumentClient();
  await doc.send(new DeleteCommand({ TableName: api.tableName, Key: deliveryKey('summit', 'site', delivered.seq) }));
  doc.destroy();
  const second = await startRun();
  assert.equal(second.recovered, 1, 'exactly the unrecorded delivery');
  await second.settle();
  await second.stop();
  assert.deepEqual(received.filter((r) => r.id === delivered.id).length, 2, 'delivered again, with the same delivery id');
  assert.deepEqual(received.filter((r) => r.seq <= subscribedAt), []);
});
