/**
 * Webhooks against receivers on loopback (the development setting): every
 * change arrives signed the Standard Webhooks way (checked with the scheme's
 * own library), once per delivery id, in order per object; failures are
 * retried; a dead receiver ends in a visible failed state and never slows the
 * API; the secret is shown once and rotates without a gap.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';

interface Received {
  deliveryId: string;
  headers: Record<string, string>;
  body: string;
  parsed: { change: { seq: number; type: string; id: string; action: string; version: number } };
}

const signedHeaders = (headers: NodeJS.Dict<string | string[]>) =>
  Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(headers[name])]));

let api: TestApi;
let receiver: TestReceiver;
const received: Received[] = [];
let failuresLeft = new Map<string, number>();

before(async () => {
  api = await startTestApi({ changeFeed: true, deliveryAttempts: 4 });
  await createSampleEvent(api);
  receiver = await startReceiver((request, body, response) => {
    const deliveryId = String(request.headers['webhook-id']);
    // Some deliveries fail on their first tries, to be retried.
    const left = failuresLeft.get(deliveryId) ?? 0;
    if (left > 0) {
      failuresLeft.set(deliveryId, left - 1);
      response.writeHead(503).end();
      return;
    }
    received.push({ deliveryId, headers: signedHeaders(request.headers), body, parsed: JSON.parse(body) });
    response.writeHead(204).end();
  });
});
after(async () => {
  await api.close();
  await receiver.close();
});

let secret: string;

test('every change arrives signed, once per delivery id, in order per object, retried after failures', async () => {
  // Changes made before the subscription are not delivered: note where the feed stands.
  await api.changesCaughtUp();
  const subscribedAt = (await api.call('GET', '/events/summit/changes?since=0&limit=100')).body.nextCursor;
  const put = await api.call('PUT', '/events/summit/webhooks/site-rebuild', { token: api.adminToken, body: { url: receiver.url } });
  assert.equal(put.status, 201, put.text);
  assert.equal(put.headers.get('cache-control'), 'no-store');
  secret = put.body.secret;
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'a Standard Webhooks secret of 32 random bytes');
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

  const verifier = new Webhook(secret);
  for (const r of received) {
    assert.deepEqual(verifier.verify(r.body, r.headers), r.parsed, 'the standardwebhooks library verifies id, timestamp and body');
    assert.ok(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'the timestamp is the attempt time');
    assert.throws(() => verifier.verify(r.body.replace('"seq"', '"seq" '), r.headers), 'a changed body fails');
    assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(r.body, r.headers), 'another secret fails');
  }
  const ids = received.map((r) => r.deliveryId);
  assert.equal(new Set(ids).size, ids.length, 'once per delivery id');
  const sessionChanges = received.map((r) => r.parsed.change).filter((c) => c.type === 'session');
  for (const id of ['hook-a', 'hook-b']) {
    assert.deepEqual(sessionChanges.filter((c) => c.id === id).map((c) => c.version), [1, 2, 3], `${id} in order, none lost`);
  }
  const feed = await api.call('GET', `/events/summit/changes?since=${subscribedAt}&limit=100`);
  assert.deepEqual([...ids].sort(), feed.body.items.map((c: { seq: number }) => `summit.site-rebuild.${c.seq}`).sort(), 'every change of the feed was delivered');
  const status = await api.call('GET', '/events/summit/webhooks/site-rebuild', { token: api.adminToken });
  assert.ok(status.body.deliveries.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 3));
  assert.equal(status.body.secret, undefined, 'the secret is not shown again');
  // Pointing the webhook elsewhere keeps its secret and does not show it.
  const again = await api.call('PUT', '/events/summit/webhooks/site-rebuild', { token: api.adminToken, body: { url: receiver.url } });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.secret, undefined);
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
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'while-dead' }) });
  const answeredAt = Date.now();
  assert.equal(created.status, 201);
  await api.changesCaughtUp();
  await api.deliveriesIdle();
  const status = await api.call('GET', '/events/summit/webhooks/dead', { token: api.adminToken });
  const last = status.body.deliveries[0];
  assert.equal(last.status, 'failed');
  assert.equal(last.attempts, 4);
  assert.equal(last.lastError, 'unreachable');
  // The write did not wait for its deliveries: it was answered before they had all failed (an order, not a time a busy machine can miss).
  assert.ok(answeredAt <= Date.parse(last.at), `answered at ${new Date(answeredAt).toISOString()}, the deliveries failed at ${last.at}`);
  // The event's list shows each webhook with its latest delivery, the failing one too, and no secret.
  const listed = await api.call('GET', '/events/summit/webhooks', { token: api.adminToken });
  assert.equal(listed.status, 200, listed.text);
  const dead = listed.body.items.find((w: { id: string }) => w.id === 'dead');
  assert.deepEqual(dead.lastDelivery, last);
  assert.equal(dead.url, 'http://127.0.0.1:9/nobody-listens');
  assert.ok(listed.body.items.every((w: object) => !('secret' in w)), 'no secret in the list');
  assert.deepEqual(listed.body.items.map((w: { id: string }) => w.id), [...listed.body.items.map((w: { id: string }) => w.id)].sort());
  const asOther = await api.call('GET', '/events/summit/webhooks', { token: await api.tokenFor('other-organiser', { organiserOf: ['elsewhere'] }) });
  assert.equal(asOther.status, 403, 'an organiser of another event reads none');
  assert.equal((await api.call('DELETE', '/events/summit/webhooks/dead', { token: api.adminToken })).status, 204);
  assert.equal((await api.call('GET', '/events/summit/webhooks/dead', { token: api.adminToken })).status, 404);
});

test('bad subscriptions are 400 naming the field', async () => {
  for (const [body, path] of [
    [{ url: 'ftp://example.com/x' }, 'body.url'],
    [{ url: 'http://169.254.169.254/latest' }, 'body.url'],
    [{ url: 'http://user:pass@127.0.0.1:9/x' }, 'body.url'],
    [{ url: receiver.url, secret: 'a-shared-secret-of-enough-length' }, 'body.secret'], // the server makes every secret
  ] as const) {
    const result = await api.call('PUT', '/events/summit/webhooks/bad', { token: api.adminToken, body });
    assert.equal(result.status, 400, JSON.stringify(body));
    assert.equal(result.body.errors[0].path, path);
  }
});

test('rotating the secret: shown once, the old one signs beside it until it expires, or stops at once', async () => {
  failuresLeft = new Map();
  const newestFor = async (id: string) => {
    await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id, speakerIds: [] }) });
    await api.changesCaughtUp();
    await api.deliveriesIdle();
    return received.find((r) => r.parsed.change.type === 'session' && r.parsed.change.id === id)!;
  };
  const rotated = await api.call('POST', '/events/summit/webhooks/site-rebuild/secret', { token: api.adminToken });
  assert.equal(rotated.status, 200, rotated.text);
  assert.equal(rotated.headers.get('cache-control'), 'no-store');
  const next: string = rotated.body.secret;
  assert.notEqual(next, secret);
  assert.ok(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now() > 23 * 3600_000, 'the old secret signs for a day');
  const during = await newestFor('after-rotation');
  assert.equal(during.headers['webhook-signature']!.split(' ').length, 2, 'two signatures');
  for (const key of [secret, next]) new Webhook(key).verify(during.body, during.headers); // receivers on either secret accept it
  const shown = await api.call('GET', '/events/summit/webhooks/site-rebuild', { token: api.adminToken });
  assert.equal(shown.body.secret, undefined);
  assert.equal(shown.body.previousSecretExpiresAt, rotated.body.previousSecretExpiresAt);

  const revoked = await api.call('POST', '/events/summit/webhooks/site-rebuild/secret', { token: api.adminToken, body: { keepPreviousSeconds: 0 } });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.body.previousSecretExpiresAt, undefined);
  const after = await newestFor('after-revocation');
  new Webhook(revoked.body.secret).verify(after.body, after.headers);
  for (const old of [secret, next]) assert.throws(() => new Webhook(old).verify(after.body, after.headers), 'a replaced secret no longer verifies');

  for (const [path, body, status] of [
    ['/events/summit/webhooks/nobody/secret', undefined, 404],
    ['/events/summit/webhooks/site-rebuild/secret', { keepPreviousSeconds: 86_401 }, 400],
  ] as const) {
    assert.equal((await api.call('POST', path, { token: api.adminToken, body })).status, status, path);
  }
  const otherOrganiser = await api.tokenFor('olga', { organiserOf: ['elsewhere'] });
  assert.equal((await api.call('POST', '/events/summit/webhooks/site-rebuild/secret', { token: otherOrganiser })).status, 403);
  const organiser = await api.tokenFor('bob', { organiserOf: ['summit'] });
  const own = await api.call('POST', '/events/summit/webhooks/site-rebuild/secret', { token: organiser, body: { keepPreviousSeconds: 0 } });
  assert.equal(own.status, 200, 'the event’s own organiser rotates it');
});

test('the secret is stored sealed: no item of the table holds it in clear', async () => {
  const { createDocumentClient } = await import('../../lambda/store/dynamo-client');
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { webhookKey } = await import('../../lambda/store/keys');
  const created = await api.call('PUT', '/events/summit/webhooks/sealed', { token: api.adminToken, body: { url: receiver.url } });
  const doc = createDocumentClient();
  const { Item } = await doc.send(new GetCommand({ TableName: api.tableName, Key: webhookKey('summit', 'sealed') }));
  doc.destroy();
  const stored = JSON.stringify(Item);
  const key = created.body.secret.slice('whsec_'.length);
  assert.ok(Item?.sealedSecret, 'a sealed secret is stored');
  assert.equal(Item?.secret, undefined);
  assert.ok(!stored.includes(key) && !stored.includes(Buffer.from(key, 'base64').toString('hex')), 'the secret is not in the item');
  await api.call('DELETE', '/events/summit/webhooks/sealed', { token: api.adminToken });
});
