/**
 * Faults the real engine cannot produce, injected below the SDK's retry
 * layer: transaction conflicts, throttling, and responses lost after the
 * write was applied. Retries must never double-count or oversell, and when
 * retries run out the API answers 503 with Retry-After and changes nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { FaultInjectingHandler, type Fault } from '../support/faults';
import { auditSeats } from '../support/seat-audit';

const faults = new FaultInjectingHandler(() => 'pass');
let api: TestApi;

before(async () => {
  // The SDK's config type names its own copy of @smithy/protocol-http; the handler speaks the same interface.
  api = await startTestApi({ clientConfig: { requestHandler: faults as never, maxAttempts: 3 } });
  await createSampleEvent(api);
});
after(() => api.close());

const reserve = (token: string, id: string) => api.call('PUT', `/events/summit/sessions/${id}/reservation`, { token });
const cancel = (token: string, id: string) => api.call('DELETE', `/events/summit/sessions/${id}/reservation`, { token });

async function sessionWithSeats(id: string, capacity: number) {
  faults.plan = () => 'pass';
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id, capacity }) });
  assert.equal(created.status, 201, created.text);
}

/**
 * Retries 503s like a client that honours Retry-After. A cancellation whose
 * 503 hid a success finds nothing left to cancel on the retry: its 404 then
 * means "already done", and is reported as the 204 the first try earned.
 */
async function persist(call: () => ReturnType<TestApi['call']>) {
  let hadUnavailable = false;
  for (let attempt = 0; attempt < 30; attempt++) {
    const result = await call();
    if (result.status === 404 && hadUnavailable) return { ...result, status: 204 };
    if (result.status !== 503) return result;
    hadUnavailable = true;
    assert.ok(result.headers.get('retry-after'));
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('still 503');
}

describe('lost responses (the write applied, the client saw an error)', () => {
  test('a burst with a third of transaction responses lost: no oversell, no double count, every answer right', async () => {
    await sessionWithSeats('lossy', 5);
    faults.plan = (operation) => (operation === 'TransactWriteItems' && Math.random() < 0.33 ? 'lose-response' : 'pass');
    const before = faults.counts['lose-response'];
    const tokens = await Promise.all(Array.from({ length: 40 }, (_, i) => api.tokenFor(`lossy-${i}`)));
    const results = await Promise.all(tokens.map((token) => persist(() => reserve(token, 'lossy'))));
    const cancels = await Promise.all(tokens.slice(0, 8).map((token) => persist(() => cancel(token, 'lossy'))));
    faults.plan = () => 'pass';
    assert.ok(faults.counts['lose-response'] - before > 5, 'responses were really lost');
    assert.deepEqual([...new Set(results.map((r) => r.status))], [201], results.map((r) => r.text).join('\n').slice(0, 500));
    assert.deepEqual([...new Set(cancels.map((r) => r.status))], [204], cancels.map((r) => r.text).join('\n').slice(0, 500));
    const { confirmed, waiting } = await auditSeats(api.tableName, 'summit', 'lossy');
    assert.equal(confirmed.length, 5);
    assert.equal(waiting.length, 40 - 8 - 5);
  });
});

describe('transaction conflicts', () => {
  test('conflicts on the first tries are retried until they go through, counted once', async () => {
    await sessionWithSeats('contended', 3);
    const conflictsBefore = faults.counts.conflict;
    let n = 0;
    faults.plan = (operation) => {
      // Transactions, and the single-item write that takes a place in line.
      if (operation !== 'TransactWriteItems' && operation !== 'UpdateItem') return 'pass';
      n++;
      return n % 3 === 0 ? 'pass' : 'conflict';
    };
    const tokens = await Promise.all(Array.from({ length: 6 }, (_, i) => api.tokenFor(`contended-${i}`)));
    const results = [];
    for (const token of tokens) results.push(await reserve(token, 'contended'));
    faults.plan = () => 'pass';
    assert.ok(faults.counts.conflict - conflictsBefore >= 12, 'two of every three transactions met a conflict');
    assert.deepEqual(results.map((r) => r.body.status), ['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
    assert.deepEqual(results.slice(3).map((r) => r.body.position), [1, 2, 3]);
    await auditSeats(api.tableName, 'summit', 'contended');
  });
});

describe('DynamoDB failing inside', () => {
  test("a join whose transaction fails with a 500 past the SDK's retries keeps its place and tries again: positions stay dense", async () => {
    await sessionWithSeats('faulty', 1);
    const tokens = await Promise.all(Array.from({ length: 4 }, (_, i) => api.tokenFor(`faulty-${i}`)));
    assert.equal((await reserve(tokens[0]!, 'faulty')).body.status, 'confirmed');
    const failuresBefore = faults.counts['server-error'];
    let joins = 0;
    // Each join's first transaction fails on all three of the SDK's attempts.
    faults.plan = (operation) => (operation === 'TransactWriteItems' && joins++ % 4 < 3 ? 'server-error' : 'pass');
    const results = [];
    for (const token of tokens.slice(1)) results.push(await reserve(token, 'faulty'));
    faults.plan = () => 'pass';
    assert.equal(faults.counts['server-error'] - failuresBefore, 9);
    assert.deepEqual(results.map((r) => [r.status, r.body.status, r.body.position]), [[201, 'waitlisted', 1], [201, 'waitlisted', 2], [201, 'waitlisted', 3]]);
    const { waiting, seats } = await auditSeats(api.tableName, 'summit', 'faulty');
    assert.deepEqual([waiting.map((w) => w.place), seats.givenUp], [[1, 2, 3], undefined], 'no place was given up');
  });
});

describe('retries run out', () => {
  for (const fault of ['throttle', 'conflict'] as Fault[]) {
    test(`${fault} on every transaction: 503 problem+json with Retry-After, and nothing changed`, async () => {
      const id = `exhausted-${fault}`;
      await sessionWithSeats(id, 2);
      const token = await api.tokenFor(`victim-${fault}`);
      faults.plan = (operation) => (operation === 'TransactWriteItems' ? fault : 'pass');
      const result = await reserve(token, id);
      faults.plan = () => 'pass';
      assert.equal(result.status, 503);
      assert.equal(result.headers.get('content-type'), 'application/problem+json');
      assert.ok(Number(result.headers.get('retry-after')) >= 1);
      const { confirmed, waiting } = await auditSeats(api.tableName, 'summit', id);
      assert.deepEqual([confirmed.length, waiting.length], [0, 0]);
      assert.deepEqual((await api.call('GET', '/me/reservations', { token })).body.items, []);
      // And once the database recovers, the same request goes through.
      assert.equal((await reserve(token, id)).body.status, 'confirmed');
    });
  }
});
