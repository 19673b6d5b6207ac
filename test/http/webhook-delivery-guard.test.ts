/**
 * What a delivery does with a receiver that turns hostile after subscribing:
 * a name that now resolves elsewhere (DNS rebinding), a redirect into the
 * network, an endless answer, no answer at all. Every receiver and every
 * address a name resolves to here is on this machine (127.0.0.0/8 or forms
 * of it), so even a delivery the guard failed to stop would not leave it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';
import type { ResolvedAddress } from '../../lambda/webhooks/receiver-guard';

let api: TestApi;
/** The test's DNS: what each name resolves to now, and how often it was asked. */
const dns = new Map<string, ResolvedAddress[]>();
const lookups = new Map<string, number>();
const receivers: TestReceiver[] = [];

async function receiver(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<TestReceiver> {
  const started = await startReceiver((request, _body, response) => handle(request, response));
  receivers.push(started);
  return started;
}

before(async () => {
  api = await startTestApi({
    changeFeed: true,
    deliveryAttempts: 2,
    attemptTimeoutMs: 800,
    resolve: async (hostname) => {
      lookups.set(hostname, (lookups.get(hostname) ?? 0) + 1);
      const answer = dns.get(hostname);
      if (!answer) throw new Error(`ENOTFOUND ${hostname}`);
      return answer;
    },
  });
  await createSampleEvent(api);
  await api.changesCaughtUp(); // the event's own changes are in the feed before any webhook subscribes
});
after(async () => {
  await api.close();
  await Promise.all(receivers.map((r) => r.close()));
});

let sessions = 0;
/** Subscribes `url`, makes one change (`beforeChange` runs between), waits until its delivery is done or given up, unsubscribes; answers the delivery record. */
async function deliverOneChangeTo(url: string, beforeChange?: () => void) {
  const id = `hook-${++sessions}`;
  const put = await api.call('PUT', `/events/summit/webhooks/${id}`, { token: api.adminToken, body: { url } });
  assert.equal(put.status, 201, put.text);
  lookups.clear(); // from here on, only deliveries resolve
  beforeChange?.();
  const started = performance.now();
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: `s-${sessions}`, speakerIds: [] }) });
  await api.changesCaughtUp();
  await api.deliveriesIdle();
  const elapsed = performance.now() - started;
  const status = await api.call('GET', `/events/summit/webhooks/${id}`, { token: api.adminToken });
  await api.call('DELETE', `/events/summit/webhooks/${id}`, { token: api.adminToken });
  assert.equal(status.body.deliveries.length, 1, JSON.stringify(status.body));
  return { ...status.body.deliveries[0], elapsed } as { status: string; attempts: number; lastError?: string; elapsed: number };
}

test('DNS rebinding: the name is checked again at every attempt, and the POST goes to the address checked', async () => {
  const target = await receiver((_, response) => response.writeHead(204).end());
  dns.set('rebind.partner.test', [{ address: '127.0.0.1', family: 4 }]);
  // After the PUT the name answers with forms of this machine the guard refuses: unspecified, IPv4-mapped loopback.
  for (const hostile of [[{ address: '0.0.0.0', family: 4 }], [{ address: '127.0.0.1', family: 4 }, { address: '::ffff:127.0.0.1', family: 6 }]] as const) {
    const record = await deliverOneChangeTo(`http://rebind.partner.test:${target.port}/hook`, () => dns.set('rebind.partner.test', [...hostile]));
    assert.deepEqual([record.status, record.lastError], ['failed', 'unreachable']);
    assert.equal(lookups.get('rebind.partner.test'), 2, 'resolved once per attempt');
    dns.set('rebind.partner.test', [{ address: '127.0.0.1', family: 4 }]);
  }
  assert.equal(target.hits(), 0, 'nothing reached the receiver');
  // While the name answers what was checked, it is delivered: one lookup, one connection to that address.
  const delivered = await deliverOneChangeTo(`http://rebind.partner.test:${target.port}/hook`);
  assert.equal(delivered.status, 'delivered');
  assert.equal(lookups.get('rebind.partner.test'), 1);
  assert.equal(target.hits(), 1);
});

test('redirects are never followed: a 302 into the network is a failed delivery', async () => {
  const inside = await receiver((_, response) => response.writeHead(200).end('internal data'));
  const redirecting = await receiver((_, response) => response.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` }).end());
  const record = await deliverOneChangeTo(`http://127.0.0.1:${redirecting.port}/hook`);
  assert.deepEqual([record.status, record.attempts, record.lastError], ['failed', 2, 'delivery failed (status 302)']);
  assert.equal(redirecting.hits(), 2);
  assert.equal(inside.hits(), 0, 'the redirect target was never called');
});

test('an endless answer: at most 64 KB is read, then the connection is dropped', async () => {
  const total = 256 * 1024 * 1024;
  let written = 0;
  let finished = false;
  let closedAt = 0;
  const flood = await receiver((_, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => {
      while (written < total && !response.destroyed) {
        written += chunk.length;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (written >= total) response.end(() => (finished = true));
    };
    response.on('close', () => (closedAt = written));
    pump();
  });
  const record = await deliverOneChangeTo(`http://127.0.0.1:${flood.port}/hook`);
  assert.equal(record.status, 'delivered', 'the 200 counts; the body does not matter');
  await new Promise((r) => setTimeout(r, 100));
  process.stdout.write(`# endless answer: the receiver got ${(closedAt / 1024 / 1024).toFixed(1)} MB into its sockets of ${total / 1024 / 1024} MB before the connection was dropped\n`);
  assert.equal(finished, false, 'the answer was not read to its end');
  assert.ok(closedAt < 32 * 1024 * 1024, `${closedAt} bytes went out before the connection was dropped`);
});

test('a receiver that never answers: each attempt ends at its deadline and the failure says "unreachable"', async () => {
  const silent = await receiver(() => undefined);
  const record = await deliverOneChangeTo(`http://127.0.0.1:${silent.port}/hook`);
  assert.deepEqual([record.status, record.attempts, record.lastError], ['failed', 2, 'unreachable']);
  assert.ok(record.elapsed < 10_000, `two attempts of 800 ms took ${record.elapsed.toFixed(0)} ms`);
  assert.equal(silent.hits(), 2);
});

test('failures never describe the network: lastError is "unreachable" whatever the cause', async () => {
  dns.set('localhost', [{ address: '127.0.0.1', family: 4 }]);
  const closed = await receiver(() => undefined);
  await receivers.pop()!.close(); // nothing listens there any more: connection refused
  const records = [
    await deliverOneChangeTo(`http://127.0.0.1:${closed.port}/hook`),
    await deliverOneChangeTo('http://localhost:9/hook', () => dns.delete('localhost')), // the name no longer resolves
  ];
  for (const record of records) assert.deepEqual([record.status, record.lastError], ['failed', 'unreachable']);
});
