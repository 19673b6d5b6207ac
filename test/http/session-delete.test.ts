/**
 * Deleting a session: everything that belongs to it goes (seats, waitlist,
 * reservations in any state, bookmarks, polls, votes, reviews), a delete cut
 * short after its transaction finishes by itself, counters never come back
 * or go negative, and the id starts empty when it is created again.
 * The kill -9 version of this is test/crash/session-delete-crash.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores, type Stores } from '../../lambda/store/stores';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { sessionLeftovers, waitForNoLeftovers } from '../support/session-leftovers';

let api: TestApi;
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

async function createSession(target: TestApi, id: string, overrides: Record<string, unknown> = {}) {
  const created = await target.call('POST', '/events/summit/sessions', { token: target.adminToken, body: session({ id, ...overrides }) });
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

describe('what a delete removes', () => {
  test('no seat, waitlist entry, reservation, bookmark, poll, vote or review is left behind', async () => {
    await createSession(api, 'full-house', { capacity: 2 });
    for (const who of ['alice', 'bob', 'carol', 'dave']) assert.equal((await reserve(who, 'full-house')).status, 201);
    for (const who of ['alice', 'erin', 'frank']) assert.equal((await api.call('PUT', '/me/agenda/summit/full-house', as(who))).status, 204);
    const poll = await api.call('POST', '/events/summit/sessions/full-house/polls', { token: api.adminToken, body: { question: 'q', options: ['a', 'b'] } });
    for (const who of ['erin', 'frank']) {
      assert.equal((await api.call('PUT', `/events/summit/sessions/full-house/polls/${poll.body.id}/vote`, { ...as(who), body: { option: 1 } })).status, 200);
    }
    assert.equal((await api.call('PUT', '/events/summit/sessions/full-house/reviews/me', { ...as('bob'), body: { rating: 4 } })).status, 201);

    assert.equal((await deleteSession(api, 'full-house')).status, 204);
    assert.deepEqual(await sessionLeftovers(doc, api.tableName, 'summit', 'full-house'), { items: [], pending: [] });
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
    assert.deepEqual(await sessionLeftovers(doc, api.tableName, 'summit', 'called-off-then-gone'), { items: [], pending: [] });
  });

  test('a bookmark of a session being deleted is refused, so none can appear behind the cleanup', async () => {
    await createSession(api, 'no-late-bookmarks');
    await deleteCutShort(api, 'no-late-bookmarks');
    assert.equal((await api.call('PUT', '/me/agenda/summit/no-late-bookmarks', as('carol'))).status, 404);
    assert.equal((await deleteSession(api, 'no-late-bookmarks')).status, 204, 'a retried DELETE finishes the cleanup');
    assert.deepEqual(await sessionLeftovers(doc, api.tableName, 'summit', 'no-late-bookmarks'), { items: [], pending: [] });
  });
});

describe('counters after a delete', () => {
  test('a cancel racing the delete neither brings the seat counter back nor drives it below zero', async () => {
    await createSession(api, 'racing', { capacity: 1 });
    assert.equal((await reserve('alice', 'racing')).body.status, 'confirmed');
    assert.equal((await reserve('bob', 'racing')).body.status, 'waitlisted');
    await deleteCutShort(api, 'racing');
    // Both cancels arrive after the delete's transaction and before its cleanup.
    const answers = [
      (await api.call('DELETE', '/events/summit/sessions/racing/reservation', as('bob'))).status,
      (await api.call('DELETE', '/events/summit/sessions/racing/reservation', as('alice'))).status,
    ];
    for (const status of answers) assert.ok([204, 404, 503].includes(status), `cancel answered ${status}`);
    assert.equal(await stores.attendance.getSeats('summit', 'racing', true), undefined, 'the counter stays gone');
    assert.equal((await deleteSession(api, 'racing')).status, 204);
    assert.deepEqual(await sessionLeftovers(doc, api.tableName, 'summit', 'racing'), { items: [], pending: [] });
  });
});

describe('re-creating a deleted id', () => {
  test('is refused (409, Retry-After) while the cleanup runs; afterwards the session starts empty', async () => {
    await createSession(api, 'phoenix', { capacity: 1 });
    assert.equal((await reserve('alice', 'phoenix')).body.status, 'confirmed');
    assert.equal((await reserve('bob', 'phoenix')).body.status, 'waitlisted');
    await deleteCutShort(api, 'phoenix');

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
