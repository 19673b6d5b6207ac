/**
 * Deleting a session: everything that belongs to it goes (seats, waitlist,
 * reservations in any state, bookmarks, polls, votes, reviews), a delete cut
 * short after its transaction finishes by itself, counters never come back
 * or go negative, the id starts empty when it is created again, and no
 * session is too large for a Lambda's timeout (each worker stops at its
 * budget and hands on). The kill -9 version of this is
 * test/crash/session-delete-crash.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores, type Stores } from '../../lambda/store/stores';
import { createDeletionStore, type SessionDeletion } from '../../lambda/store/deletion-store';
import { createCleanupHandler } from '../../lambda/deletions/cleanup-handler';
import { reserveFor } from '../support/fill-seats';
import { createSampleEvent, reservable, session, startTestApi, type TestApi } from '../support/api';
import { FaultInjectingHandler } from '../support/faults';
import { sessionLeftovers, waitForNoLeftovers } from '../support/session-leftovers';

let api: TestApi;
/**
 * A DELETE removes what it can for 2 s before it answers; what is left then (a
 * busy machine, a chunk shared with the stream consumer) that consumer
 * finishes. Nothing may be left once it has.
 */
const LEFTOVERS_WAIT_MS = 30_000;
const doc = createDocumentClient();
let stores: Stores;
const tokens: Record<string, string> = {};
const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const as = (who: string) => ({ token: tokens[who]! });

before(async () => {
  api = await startTestApi();
  stores = createStores(doc, api.tableName);
  await createSampleEvent(api);
  for (const who of people) tokens[who] = await api.tokenFor(who);
});
after(async () => {
  await api.close();
  doc.destroy();
});

/** A session that takes reservations (not scheduled yet, so it has not ended). */
async function createSession(target: TestApi, id: string, overrides: Record<string, unknown> = {}) {
  const created = await target.call('POST', '/events/summit/sessions', { token: target.adminToken, body: reservable({ id, ...overrides }) });
  assert.equal(created.status, 201, created.text);
}
const reserve = (who: string, id: string) => api.call('PUT', `/events/summit/sessions/${id}/reservation`, as(who));
const deleteSession = (target: TestApi, id: string) => target.call('DELETE', `/events/summit/sessions/${id}`, { token: target.adminToken });

/** Only the delete's own transaction, as when the function dies (crash, timeout) right after it. */
async function deleteCutShort(target: TestApi, id: string) {
  const targetStores = createStores(doc, target.tableName);
  const current = await targetStores.catalogue.getSession('summit', id, true);
  assert.ok(current);
  await targetStores.catalogue.deleteSession(current);
}

/** One seat, Alice in it and Bob waiting, then a delete cut short after its transaction. */
async function seatAndWaiterThenCutShort(id: string) {
  await createSession(api, id, { capacity: 1 });
  assert.equal((await reserve('alice', id)).body.status, 'confirmed');
  assert.equal((await reserve('bob', id)).body.status, 'waitlisted');
  await deleteCutShort(api, id);
}

describe('what a delete removes', () => {
  test('no seat, waitlist entry, reservation, bookmark, poll, vote or review is left behind', async () => {
    await createSession(api, 'full-house', { capacity: 2 });
    for (const who of ['alice', 'bob', 'carol', 'dave']) assert.equal((await reserve(who, 'full-house')).status, 201);
    for (const who of ['alice', 'erin', 'frank']) assert.equal((await api.call('PUT', '/me/agenda/summit/full-house', as(who))).status, 204);
    const poll = await api.call('POST', '/events/summit/sessions/full-house/polls', { token: api.adminToken, body: { question: 'q', options: ['a', 'b'] } });
    for (const who of ['erin', 'frank']) {
      assert.equal((await api.call('PUT', `/events/summit/sessions/full-house/polls/${poll.body.id}/vote`, { ...as(who), body: { option: 1 } })).status, 200);
    }
    // Reviews open once the session has taken place: it gets its (past) slot.
    const scheduled = await api.call('PATCH', '/events/summit/sessions/full-house', {
      token: api.adminToken,
      headers: { 'if-match': '"1"' },
      body: { startsAt: session().startsAt, endsAt: session().endsAt },
    });
    assert.equal(scheduled.status, 200, scheduled.text);
    assert.equal((await api.call('PUT', '/events/summit/sessions/full-house/reviews/me', { ...as('bob'), body: { rating: 4 } })).status, 201);

    assert.equal((await deleteSession(api, 'full-house')).status, 204);
    assert.deepEqual(await waitForNoLeftovers(doc, api.tableName, 'summit', 'full-house', LEFTOVERS_WAIT_MS), { items: [], pending: [] });
    for (const who of ['alice', 'erin']) {
      const agenda = await api.call('GET', '/me/agenda?eventId=summit', as(who));
      assert.ok(!agenda.body.items.some((s: { id: string }) => s.id === 'full-house'));
    }
  });

  test('the released reservations of a cancelled session go too', async () => {
    await createSession(api, 'called-off-then-gone', { capacity: 1 });
    for (const who of ['alice', 'bob']) assert.equal((await reserve(who, 'called-off-then-gone')).status, 201);
    const cancelled = await api.call('PATCH', '/events/summit/sessions/called-off-then-gone', {
      token: api.adminToken,
      headers: { 'if-match': '"1"' },
      body: { status: 'cancelled' },
    });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal((await deleteSession(api, 'called-off-then-gone')).status, 204);
    assert.deepEqual(await waitForNoLeftovers(doc, api.tableName, 'summit', 'called-off-then-gone', LEFTOVERS_WAIT_MS), { items: [], pending: [] });
  });

  test('over several seat shards: every shard partition is emptied too (a delete cut short, then retried), and the id starts empty', async () => {
    await createSession(api, 'sharded-house', { capacity: 3, seatShards: 4 });
    for (const who of people) assert.equal((await reserve(who, 'sharded-house')).status, 201);
    // One leaves the line: their entry stays as gone, a marker is made.
    assert.equal((await api.call('DELETE', '/events/summit/sessions/sharded-house/reservation', as('frank'))).status, 204);
    const before = await sessionLeftovers(doc, api.tableName, 'summit', 'sharded-house');
    assert.ok(before.items.some((key) => key.includes('#SHARD#')), 'items live on shard partitions');
    await deleteCutShort(api, 'sharded-house');
    assert.equal((await deleteSession(api, 'sharded-house')).status, 204, 'a retried DELETE finishes the cleanup');
    assert.deepEqual(await waitForNoLeftovers(doc, api.tableName, 'summit', 'sharded-house', LEFTOVERS_WAIT_MS), { items: [], pending: [] });
    await createSession(api, 'sharded-house', { capacity: 1, seatShards: 2 });
    assert.deepEqual((await api.call('GET', '/events/summit/sessions/sharded-house')).body.seats, { capacity: 1, taken: 0, waitlisted: 0 });
    assert.equal((await reserve('alice', 'sharded-house')).body.status, 'confirmed');
    assert.deepEqual([(await reserve('bob', 'sharded-house')).body.status, (await reserve('bob', 'sharded-house')).body.position], ['waitlisted', 1]);
  });

  test('a bookmark of a session being deleted is refused, so none can appear behind the cleanup', async () => {
    await createSession(api, 'no-late-bookmarks');
    await deleteCutShort(api, 'no-late-bookmarks');
    assert.equal((await api.call('PUT', '/me/agenda/summit/no-late-bookmarks', as('carol'))).status, 404);
    assert.equal((await deleteSession(api, 'no-late-bookmarks')).status, 204, 'a retried DELETE finishes the cleanup');
    assert.deepEqual(await waitForNoLeftovers(doc, api.tableName, 'summit', 'no-late-bookmarks', LEFTOVERS_WAIT_MS), { items: [], pending: [] });
  });
});

describe('counters after a delete', () => {
  test('a cancel racing the delete neither brings the seat counter back nor drives it below zero', async () => {
    await seatAndWaiterThenCutShort('racing');
    // Both cancels arrive after the delete's transaction and before its cleanup.
    const answers = [
      (await api.call('DELETE', '/events/summit/sessions/racing/reservation', as('bob'))).status,
      (await api.call('DELETE', '/events/summit/sessions/racing/reservation', as('alice'))).status,
    ];
    for (const status of answers) assert.ok([204, 404, 503].includes(status), `cancel answered ${status}`);
    assert.equal(await stores.attendance.getSeats({ eventId: 'summit', id: 'racing' }, true), undefined, 'the counter stays gone');
    assert.equal((await deleteSession(api, 'racing')).status, 204);
    assert.deepEqual(await waitForNoLeftovers(doc, api.tableName, 'summit', 'racing', LEFTOVERS_WAIT_MS), { items: [], pending: [] });
  });
});

describe('re-creating a deleted id', () => {
  test('is refused (409, Retry-After) while the cleanup runs; afterwards the session starts empty', async () => {
    await seatAndWaiterThenCutShort('phoenix');

    const early = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'phoenix', capacity: 1 }) });
    assert.equal(early.status, 409, early.text);
    assert.ok(Number(early.headers.get('retry-after')) >= 1, 'Retry-After says when to try again');
    assert.match(early.headers.get('content-type') ?? '', /problem\+json/);

    assert.equal((await deleteSession(api, 'phoenix')).status, 204, 'a retried DELETE resumes the cleanup instead of answering 404');
    assert.equal((await deleteSession(api, 'phoenix')).status, 404, 'once the cleanup is done the session is simply gone');
    await createSession(api, 'phoenix', { capacity: 1 });
    assert.deepEqual((await api.call('GET', '/events/summit/sessions/phoenix')).body.seats, { capacity: 1, taken: 0, waitlisted: 0 });
    const bobs = (await api.call('GET', '/me/reservations', as('bob'))).body.items;
    assert.ok(!bobs.some((r: { sessionId: string }) => r.sessionId === 'phoenix'), 'no reservation survives from the old session');
    const again = await reserve('bob', 'phoenix');
    assert.deepEqual([again.status, again.body.status, again.body.position], [201, 'confirmed', undefined]);
  });
});

describe('a delete cut short', () => {
  let fed: TestApi;
  before(async () => {
    fed = await startTestApi({ changeFeed: true });
    await createSampleEvent(fed);
  });
  after(() => fed.close());

  test('finishes by itself through the stream consumer, with no further request', async () => {
    await createSession(fed, 'cut-short', { capacity: 20 });
    const fedTokens = await Promise.all(Array.from({ length: 40 }, (_, i) => fed.tokenFor(`fan-${i}`)));
    await Promise.all(fedTokens.map((token) => fed.call('PUT', '/events/summit/sessions/cut-short/reservation', { token })));
    await Promise.all(fedTokens.slice(0, 10).map((token) => fed.call('PUT', '/me/agenda/summit/cut-short', { token })));
    const before = await sessionLeftovers(doc, fed.tableName, 'summit', 'cut-short');
    assert.ok(before.items.length >= 90, `the session holds ${before.items.length} items`);

    await deleteCutShort(fed, 'cut-short');
    const left = await waitForNoLeftovers(doc, fed.tableName, 'summit', 'cut-short', 20_000);
    assert.deepEqual(left, { items: [], pending: [] });
    process.stdout.write(`# delete cut short: ${before.items.length} items removed by the stream consumer alone\n`);
  });
});

describe('a large session and the Lambda timeout', () => {
  /** Every transaction (the delete's, each chunk's) takes this long: a slow partition, injected below the SDK. */
  const SLOW_MS = 400;
  /** Reservations in the session: 90 items in its partition, three chunks of at most 40. */
  const RESERVATIONS = 90;
  const slowWrites = (faults: FaultInjectingHandler) => (faults.plan = (operation) => (operation === 'TransactWriteItems' ? 'slow' : 'pass'));

  /** A session with RESERVATIONS reservations, made through the reservation use case on `target`'s table. */
  async function largeSession(target: TestApi, id: string) {
    await createSession(target, id, { capacity: 60 });
    const targetStores = createStores(doc, target.tableName);
    await reserveFor(targetStores, 'summit', id, Array.from({ length: RESERVATIONS }, (_, i) => `crowd-${i}`));
  }

  /** What the stream hands the cleaner when a deletion record is written. */
  const streamEvent = (deletion: SessionDeletion): DynamoDBStreamEvent =>
    ({ Records: [{ eventName: 'MODIFY', dynamodb: { NewImage: marshall({ entity: 'session-deletion', ...deletion }) } }] }) as unknown as DynamoDBStreamEvent;

  test('the cleaner stops before its timeout and hands the rest on; the rounds the stream brings back finish it', async () => {
    await largeSession(api, 'big-hall');
    await deleteCutShort(api, 'big-hall');
    const faults = new FaultInjectingHandler(() => 'pass', SLOW_MS);
    slowWrites(faults);
    const slowDoc = createDocumentClient({ requestHandler: faults as never });
    const marginMs = 2500;
    const handler = createCleanupHandler(createDeletionStore(slowDoc, api.tableName), { marginMs, stalledAfterMs: 300_000, log: () => {} });
    // Time for one chunk and a half after the margin (10 s in AWS): a chunk starts only before the deadline.
    const context = { getRemainingTimeInMillis: () => marginMs + SLOW_MS * 1.5 };
    const rounds: { round: number; chunks: number; left: number }[] = [];
    try {
      for (let deletion = await stores.deletions.getDeletion('summit', 'big-hall'); deletion && rounds.length < 10; ) {
        const before = faults.counts.slow;
        assert.deepEqual(await handler(streamEvent(deletion), context), { batchItemFailures: [] });
        const left = (await sessionLeftovers(doc, api.tableName, 'summit', 'big-hall')).items.length;
        rounds.push({ round: deletion.round, chunks: faults.counts.slow - before, left });
        deletion = await stores.deletions.getDeletion('summit', 'big-hall');
        if (deletion) assert.equal(deletion.round, rounds.length, 'an unfinished invocation writes the next round, which the stream brings back');
      }
    } finally {
      slowDoc.destroy();
    }
    assert.ok(rounds[0]!.left > 0, `the first invocation stopped at its deadline: ${JSON.stringify(rounds)}`);
    for (const { chunks } of rounds) assert.ok(chunks <= 2, `at most the chunks that start before the deadline: ${JSON.stringify(rounds)}`);
    assert.deepEqual(await waitForNoLeftovers(doc, api.tableName, 'summit', 'big-hall', LEFTOVERS_WAIT_MS), { items: [], pending: [] });
    process.stdout.write(`# cleaner rounds (${SLOW_MS} ms per transaction, ${SLOW_MS * 1.5} ms to work): ${rounds.map((r) => `${r.chunks} chunks, ${r.left} left`).join('; ')}\n`);
  });

  test('a DELETE answers once its cleanup budget is spent, long before the API function times out', async () => {
    const faults = new FaultInjectingHandler(() => 'pass', 1000);
    const slowApi = await startTestApi({ clientConfig: { requestHandler: faults as never } });
    try {
      await createSampleEvent(slowApi);
      await largeSession(slowApi, 'big-stage');
      slowWrites(faults);
      const before = faults.counts.slow;
      assert.equal((await deleteSession(slowApi, 'big-stage')).status, 204);
      // The delete's own transaction, then chunks for the request's 2 s: never the whole session at 1 s a chunk.
      const transactions = faults.counts.slow - before;
      const left = await sessionLeftovers(doc, slowApi.tableName, 'summit', 'big-stage');
      assert.ok(transactions <= 3 && left.items.length > 0, `${transactions} transactions, ${left.items.length} items left`);
      assert.equal(left.pending.length, 1, 'the deletion record stays for the stream consumer');
      faults.plan = () => 'pass';
      // Each retried DELETE goes on with the rest for its own 2 s, until the session is simply gone.
      const retries: number[] = [];
      do retries.push((await deleteSession(slowApi, 'big-stage')).status);
      while (retries.at(-1) === 204 && retries.length < 20);
      assert.equal(retries.at(-1), 404, `retried DELETEs answered ${retries.join(', ')}`);
      assert.deepEqual(await sessionLeftovers(doc, slowApi.tableName, 'summit', 'big-stage'), { items: [], pending: [] });
    } finally {
      await slowApi.close();
    }
  });
});
