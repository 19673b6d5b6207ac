/**
 * Webhooks against receivers on loopback: every change arrives signed, once
 * per delivery id, in order per object; failures are retried; a dead
 * receiver ends in a visible failed state and never slows the API.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

interface Received {
  deliveryId: string;
  signature: string;
  body: string;
  parsed: { change: { seq: number; type: string; id: string; action: string; version: number } };
}

let api: TestApi;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
let failuresLeft = new Map<string, number>();

before(async () => {
  api = await startTestApi({ changeFeed: true, deliveryAttempts: 4 });
  await createSampleEvent(api);
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const deliveryId = String(request.headers['x-delivery-id']);
      // Some deliveries fail on their first tries, to be retried.
      const left = failuresLeft.get(deliveryId) ?? 0;
      if (left > 0) {
        failuresLeft.set(deliveryId, left - 1);
        response.writeHead(503).end();
        return;
      }
      received.push({ deliveryId, signature: String(request.headers['x-signature']), body, parsed: JSON.parse(body) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
after(async () => {
  await api.close();
  receiver.close();
});

const SECRET = 'a-shared-secret-of-enough-length';

test('every change arrives signed, once per delivery id, in order per object, retried after failures', async () => {
  // Changes made before the subscription are not delivered: note where the feed stands.
  await api.changesCaughtUp();
  const subscribedAt = (await api.call('GET', '/events/summit/changes?since=0&limit=100')).body.nextCursor;
  const put = await api.call('PUT', '/events/summit/webhooks/site-rebuild', { token: api.adminToken, body: { url: receiverUrl, secret: SECRET } });
  assert.equal(put.status, 201, put.text);
  // The first delivery of each change fails twice: retries must get it through.
  failuresLeft = new Proxy(new Map<string, number>(), {
    get(target, prop) {
      if (prop === 'get') return (key: string) => (target.has(key) ? target.get(key) : (target.set(key, 2), 2));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  for (const id of ['hook-a', 'hook-b']) {
    await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id }) });
    for (const [version, title] of [[1, '첫 수정'], [2, '두 번째 수정']] as const) {
      const patched = await api.call('PATCH', `/events/summit/sessions/${id}`, { token: api.adminToken, headers: { 'if-match': `"${version}"` }, body: { title } });
      assert.equal(patched.status, 200);
    }
  }
  await api.changesCaughtUp();
  await api.deliveriesIdle();

  for (const r of received) {
    const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
    assert.equal(r.signature, expected, 'signed over the exact body');
  }
  const ids = received.map((r) => r.deliveryId);
  assert.equal(new Set(ids).size, ids.length, 'once per delivery id');
  const sessionChanges = received.map((r) => r.parsed.change).filter((c) => c.type === 'session');
  for (const id of ['hook-a', 'hook-b']) {
    assert.deepEqual(sessionChanges.filter((c) => c.id === id).map((c) => c.version), [1, 2, 3], `${id} in order, none lost`);
  }
  const feed = await api.call('GET', `/events/summit/changes?since=${subscribedAt}&limit=100`);
  assert.deepEqual([...ids].sort(), feed.body.items.map((c: { seq: number }) => `site-rebuild.${c.seq}`).sort(), 'every change of the feed was delivered');
  const status = await api.call('GET', '/events/summit/webhooks/site-rebuild', { token: api.adminToken });
  assert.ok(status.body.deliveries.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 3));
  assert.equal(status.body.secret, undefined, 'the secret is not shown again');
});

test('delivery delay: from a write to the receiver, when the receiver answers at once', async () => {
  failuresLeft = new Map();
  const delays: number[] = [];
  const deliveredSession = (id: string) => received.some((r) => r.parsed.change.type === 'session' && r.parsed.change.id === id);
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: `timed-${i}` }) });
    while (!deliveredSession(`timed-${i}`) && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 5));
    assert.ok(deliveredSession(`timed-${i}`));
    delays.push(performance.now() - started);
  }
  delays.sort((a, b) => a - b);
  process.stdout.write(`# webhooks: write -> delivered p50 ${delays[5]!.toFixed(0)} ms, max ${delays[9]!.toFixed(0)} ms (stream poll every 50 ms)\n`);
});

test('a dead receiver ends in a visible failed state, and never slows the API', async () => {
  await api.call('PUT', '/events/summit/webhooks/dead', { token: api.adminToken, body: { url: 'http://127.0.0.1:9/nobody-listens' } });
  const started = performance.now();
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'while-dead' }) });
  const apiTime = performance.now() - started;
  assert.equal(created.status, 201);
  await api.changesCaughtUp();
  await api.deliveriesIdle();
  const status = await api.call('GET', '/events/summit/webhooks/dead', { token: api.adminToken });
  const last = status.body.deliveries[0];
  assert.equal(last.status, 'failed');
  assert.equal(last.attempts, 4);
  assert.ok(last.lastError);
  assert.ok(apiTime < 1000, `the write took ${apiTime.toFixed(0)} ms`);
  assert.equal((await api.call('DELETE', '/events/summit/webhooks/dead', { token: api.adminToken })).status, 204);
  assert.equal((await api.call('GET', '/events/summit/webhooks/dead', { token: api.adminToken })).status, 404);
});

test('bad subscriptions are 400 naming the field', async () => {
  for (const [body, path] of [
    [{ url: 'ftp://example.com/x' }, 'body.url'],
    [{ url: 'http://169.254.169.254/latest' }, 'body.url'],
    [{ url: receiverUrl, secret: 'short' }, 'body.secret'],
  ] as const) {
    const result = await api.call('PUT', '/events/summit/webhooks/bad', { token: api.adminToken, body });
    assert.equal(result.status, 400, JSON.stringify(body));
    assert.equal(result.body.errors[0].path, path);
  }
});

test('after a restart, deliveries the last run never recorded are queued again (receivers drop repeats by delivery id)', async () => {
  const { createDocumentClient } = await import('../../lambda/store/dynamo-client');
  const { createStores } = await import('../../lambda/store/stores');
  const { createLocalDeliveryWorker } = await import('../../local/webhook-worker');
  const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { deliveryKey } = await import('../../lambda/store/keys');
  failuresLeft = new Map();
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'before-crash' }) });
  await api.changesCaughtUp();
  await api.deliveriesIdle();
  const delivered = received.find((r) => r.parsed.change.type === 'session' && r.parsed.change.id === 'before-crash')!;
  assert.ok(delivered);
  // As if the process died after POSTing but before recording the delivery.
  const doc = createDocumentClient();
  await doc.send(new DeleteCommand({ TableName: api.tableName, Key: deliveryKey('summit', 'site-rebuild', delivered.parsed.change.seq) }));
  const restarted = createLocalDeliveryWorker(createStores(doc, api.tableName), { attempts: 2, baseDelayMs: 10 });
  const queued = await restarted.recover();
  await restarted.idle();
  doc.destroy();
  assert.equal(queued, 1, 'exactly the unrecorded delivery');
  assert.equal(received.filter((r) => r.deliveryId === delivered.deliveryId).length, 2, 'delivered again, with the same delivery id');
});
