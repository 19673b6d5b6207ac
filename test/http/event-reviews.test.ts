/**
 * GET /events/{e}/reviews: the event's visible reviews across its sessions,
 * newest first, each with its session, for its organisers only; hidden ones
 * leave it; paged with signed cursors; bad input is a 400 naming the field.
 * Reviews stored before the list existed join it through the migration
 * (scripts/index-event-reviews.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { reviewKey, sessionKey } from '../../lambda/store/keys';
import { createStores } from '../../lambda/store/stores';
import { indexEventReviews } from '../../lambda/engagement/index-event-reviews';

let api: TestApi;
const doc = createDocumentClient();
/** What was written, newest first: review id, session id, text. */
const written: { id: string; sessionId: string; text: string }[] = [];

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  await createSampleEvent(api, 'other');
  for (const [eventId, id, title] of [['summit', 'talk-a', '첫 번째 세션'], ['summit', 'talk-b', 'Second talk'], ['other', 'talk-a', 'Elsewhere']] as const) {
    const made = await api.call('POST', `/events/${eventId}/sessions`, { token: api.adminToken, body: session({ id, title }) });
    assert.equal(made.status, 201, made.text);
  }
  // One after another, so newest first is known; the two sessions take turns.
  for (const [i, who] of ['alice', 'bob', 'carol', 'dan', 'erin'].entries()) {
    const sessionId = i % 2 === 0 ? 'talk-a' : 'talk-b';
    const text = `review ${i} by ${who}`;
    const put = await api.call('PUT', `/events/summit/sessions/${sessionId}/reviews/me`, { token: await api.tokenFor(who), body: { rating: 1 + i, text } });
    assert.equal(put.status, 201, put.text);
    written.unshift({ id: put.body.id, sessionId, text });
  }
  // Another event's review is not this event's.
  const elsewhere = await api.call('PUT', '/events/other/sessions/talk-a/reviews/me', { token: await api.tokenFor('alice'), body: { rating: 3 } });
  assert.equal(elsewhere.status, 201, elsewhere.text);
});
after(async () => {
  await api.close();
  doc.destroy();
});

const list = (query = '', token = api.adminToken) => api.call('GET', `/events/summit/reviews${query}`, { token });

test('only the event’s organisers and admins read it: 401 without a staff token, 403 for another event’s organiser', async () => {
  assert.equal((await api.call('GET', '/events/summit/reviews')).status, 401);
  assert.equal((await list('', await api.tokenFor('alice'))).status, 401, 'an attendee (another user pool, docs/api.md)');
  assert.equal((await list('', await api.tokenFor('olga', { organiserOf: ['other'] }))).status, 403, 'an organiser of another event');
  const organiser = await list('', await api.tokenFor('kim', { organiserOf: ['summit'] }));
  assert.equal(organiser.status, 200, organiser.text);
  assert.match(organiser.headers.get('cache-control') ?? '', /no-store/);
  assert.equal((await api.call('GET', '/events/nowhere/reviews', { token: api.adminToken })).status, 404);
});

test('newest first across the sessions, each with its session’s id and title; nothing of the author', async () => {
  const page = await list();
  assert.equal(page.status, 200, page.text);
  assert.deepEqual(page.body.items.map((r: { id: string; sessionId: string; text: string }) => ({ id: r.id, sessionId: r.sessionId, text: r.text })), written);
  assert.deepEqual(page.body.items.map((r: { sessionTitle: string }) => r.sessionTitle), written.map((r) => (r.sessionId === 'talk-a' ? '첫 번째 세션' : 'Second talk')));
  assert.equal(page.body.nextCursor, null);
  assert.deepEqual(Object.keys(page.body.items[0]).sort(), ['createdAt', 'id', 'rating', 'sessionId', 'sessionTitle', 'text', 'updatedAt', 'version']);
});

test('pages follow their cursor to the end; bad limits and cursors are 400s naming the field', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    assert.ok(page.body.items.length <= 2);
    seen.push(...page.body.items.map((r: { id: string }) => r.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, written.map((r) => r.id));

  const first = (await list('?limit=2')).body.nextCursor as string;
  const sessionCursor = (await api.call('GET', '/events/summit/sessions/talk-a/reviews?limit=1')).body.nextCursor as string;
  const otherEventCursor = (await api.call('GET', '/events/other/reviews?limit=1', { token: api.adminToken })).body;
  assert.equal(otherEventCursor.items.length, 1, 'the other event lists its own review');
  const forged = `${first.slice(0, 5)}${first[5] === 'A' ? 'B' : 'A'}${first.slice(6)}`;
  for (const [query, path] of [
    ['?limit=0', 'query.limit'],
    ['?limit=abc', 'query.limit'],
    ['?limit=100000', 'query.limit'],
    ['?cursor=', 'query.cursor'],
    [`?cursor=${encodeURIComponent(forged)}`, 'query.cursor'],
    [`?cursor=${encodeURIComponent(sessionCursor)}`, 'query.cursor'],
    ['?colour=red', 'query.colour'],
  ] as const) {
    const refused = await list(query);
    assert.equal(refused.status, 400, `${query}: ${refused.text}`);
    assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.ok(refused.body.errors.some((e: { path: string }) => e.path === path), `${query} names ${path}: ${refused.text}`);
  }
});

test('a hidden review leaves the list; a review stored before the list joins it through the migration', async () => {
  const [gone, ...left] = [written[1]!, written[0]!, ...written.slice(2)];
  assert.equal((await api.call('DELETE', `/events/summit/sessions/${gone.sessionId}/reviews/${gone.id}`, { token: api.adminToken })).status, 204);
  assert.deepEqual((await list()).body.items.map((r: { id: string }) => r.id), left.map((r) => r.id));

  // As a review written before this list was: without the event's index key.
  const old = left.at(-1)!;
  await doc.send(new UpdateCommand({ TableName: api.tableName, Key: reviewKey('summit', old.sessionId, old.id), UpdateExpression: 'REMOVE kindPk' }));
  assert.deepEqual((await list()).body.items.map((r: { id: string }) => r.id), left.slice(0, -1).map((r) => r.id), 'not listed without its key');
  const stores = createStores(doc, api.tableName);
  assert.deepEqual(await indexEventReviews(stores.catalogue, stores.engagement, 'summit'), { indexed: 1, skipped: 0 });
  assert.deepEqual((await list()).body.items.map((r: { id: string }) => r.id), left.map((r) => r.id), 'listed again, in its place');
  assert.deepEqual(await indexEventReviews(stores.catalogue, stores.engagement, 'summit'), { indexed: 0, skipped: 0 }, 'again: nothing to do');
  assert.equal((await api.call('GET', `/events/summit/sessions/${gone.sessionId}/reviews`)).body.items.some((r: { id: string }) => r.id === gone.id), false, 'the hidden one stays hidden');
});

test('a review of a session deleted a moment ago (its cleanup still to come) is left out', async () => {
  // The state between a delete and its cleanup: the session's item gone, its partition not yet emptied.
  await doc.send(new DeleteCommand({ TableName: api.tableName, Key: sessionKey('summit', 'talk-b') }));
  const left = await createStores(doc, api.tableName).engagement.reviewsOf('summit', 'talk-b');
  assert.ok(left.some((r) => r.kindPk), 'its reviews are still in the event’s index partition');
  const page = await list();
  assert.equal(page.status, 200, page.text);
  assert.deepEqual(page.body.items.map((r: { sessionId: string }) => r.sessionId), ['talk-a', 'talk-a', 'talk-a']);
});
