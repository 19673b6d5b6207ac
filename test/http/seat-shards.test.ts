/**
 * A session whose seats are split over several shards (`seatShards`), as
 * organisers and attendees see it: the field is validated; seat counts in a
 * session, a list and a search add the shards up; the shard count changes
 * only before the first reservation; a lowered capacity is refused only
 * when more seats are held than it, whichever shards hold them; cancelling
 * the session releases every seat and place on every shard; a write that
 * would not fit one transaction is refused naming what to split; a request
 * that read an old shard count, or a session since deleted, writes nothing. The line's
 * rules over shards are the model tests' (reservation-property,
 * reservation-waitlist-property), deletes are session-delete's.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, reservable, startTestApi, type TestApi } from '../support/api';
import { auditSeats } from '../support/seat-audit';
import { MAX_SEAT_SHARDS } from '../../lambda/domain/seat-shards';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { sessionLeftovers } from '../support/session-leftovers';

let api: TestApi;
const tokens: string[] = [];
const doc = createDocumentClient();

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  for (let i = 0; i < 12; i++) tokens.push(await api.tokenFor(`fan-${i}`));
});
after(async () => {
  doc.destroy();
  await api.close();
});

const path = (id: string) => `/events/summit/sessions/${id}`;
const create = (id: string, overrides: Record<string, unknown>) => api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: reservable({ id, ...overrides }) });
const patch = async (id: string, body: Record<string, unknown>) => {
  const etag = (await api.call('GET', path(id))).headers.get('etag')!;
  return api.call('PATCH', path(id), { token: api.adminToken, headers: { 'if-match': etag }, body });
};
const reserve = (who: number, id: string) => api.call('PUT', `${path(id)}/reservation`, { token: tokens[who] });

test('seatShards is a whole number from 1 to the maximum: anything else is a 400 naming it, and nothing is created', async () => {
  for (const seatShards of [0, MAX_SEAT_SHARDS + 1, 2.5, '4', null]) {
    const refused = await create('never', { seatShards });
    assert.equal(refused.status, 400, `${seatShards}: ${refused.text}`);
    assert.ok(refused.body.errors.some((e: { path: string }) => e.path === 'body.seatShards'), refused.text);
  }
  assert.equal((await api.call('GET', path('never'))).status, 404);
  const made = await create('sharded', { capacity: 10, seatShards: MAX_SEAT_SHARDS });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual([made.body.seatShards, made.body.seats], [MAX_SEAT_SHARDS, { capacity: 10, taken: 0, waitlisted: 0 }]);
});

test('seat counts add the shards up: in the session, in a list and in a search', async () => {
  assert.equal((await create('popular', { capacity: 5, seatShards: 4, title: 'Shardable keynote' })).status, 201);
  for (let who = 0; who < 8; who++) assert.equal((await reserve(who, 'popular')).status, 201);
  const { seats } = await auditSeats(api.tableName, 'summit', 'popular');
  assert.deepEqual([seats.taken, seats.waitlisted], [5, 3]);
  const expected = { capacity: 5, taken: 5, waitlisted: 3 };
  assert.deepEqual((await api.call('GET', path('popular'))).body.seats, expected);
  const list = await api.call('GET', '/events/summit/sessions?limit=100');
  assert.deepEqual(list.body.items.find((s: { id: string }) => s.id === 'popular').seats, expected);
  const search = await api.call('GET', '/events/summit/sessions?q=shardable');
  assert.deepEqual(search.body.items.find((s: { id: string }) => s.id === 'popular')?.seats, expected, search.text);
});

test('the shard count changes freely before the first reservation, and is a 409 naming seatShards after it', async () => {
  assert.equal((await create('reshaped', { capacity: 6, seatShards: 2 })).status, 201);
  for (const seatShards of [8, 3, null]) {
    const changed = await patch('reshaped', { seatShards });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.seatShards, seatShards ?? undefined);
  }
  assert.equal((await patch('reshaped', { seatShards: 5 })).status, 200);
  await auditSeats(api.tableName, 'summit', 'reshaped');
  assert.equal((await reserve(0, 'reshaped')).body.status, 'confirmed');
  const refused = await patch('reshaped', { seatShards: 2 });
  assert.equal(refused.status, 409, refused.text);
  assert.deepEqual(refused.body.errors.map((e: { path: string }) => e.path), ['body.seatShards']);
  const after = await api.call('GET', path('reshaped'));
  assert.deepEqual([after.body.seatShards, after.body.seats], [5, { capacity: 6, taken: 1, waitlisted: 0 }]);
  await auditSeats(api.tableName, 'summit', 'reshaped');
});

test('over shards, a lower capacity is refused only below the seats held; above it, every shard keeps what it holds', async () => {
  assert.equal((await create('shrinking', { capacity: 10, seatShards: 4 })).status, 201);
  for (let who = 0; who < 6; who++) assert.equal((await reserve(who, 'shrinking')).body.status, 'confirmed');
  const refused = await patch('shrinking', { capacity: 5 });
  assert.equal(refused.status, 409, refused.text);
  assert.deepEqual(refused.body.errors.map((e: { path: string }) => e.path), ['body.capacity']);
  const lowered = await patch('shrinking', { capacity: 7 });
  assert.equal(lowered.status, 200, lowered.text);
  assert.deepEqual(lowered.body.seats, { capacity: 7, taken: 6, waitlisted: 0 });
  assert.equal((await reserve(6, 'shrinking')).body.status, 'confirmed');
  assert.deepEqual([(await reserve(7, 'shrinking')).body.status, (await reserve(8, 'shrinking')).body.position], ['waitlisted', 2]);
  const raised = await patch('shrinking', { capacity: 8 });
  assert.deepEqual(raised.body.seats, { capacity: 8, taken: 8, waitlisted: 1 }, 'a raised capacity seats the head of the line');
  await auditSeats(api.tableName, 'summit', 'shrinking');
});

test('cancelling a session over shards releases every seat and place on every shard', async () => {
  assert.equal((await create('called-off', { capacity: 3, seatShards: 3 })).status, 201);
  for (let who = 0; who < 7; who++) assert.equal((await reserve(who, 'called-off')).status, 201);
  const cancelled = await patch('called-off', { status: 'cancelled' });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.deepEqual(cancelled.body.seats, { capacity: 3, taken: 0, waitlisted: 0 });
  const { confirmed, waiting } = await auditSeats(api.tableName, 'summit', 'called-off');
  assert.deepEqual([confirmed, waiting], [[], []]);
  for (let who = 0; who < 7; who++) {
    const mine = await api.call('GET', '/me/reservations?eventId=summit', { token: tokens[who] });
    assert.equal(mine.body.items.find((r: { sessionId: string }) => r.sessionId === 'called-off').status, 'released');
  }
  assert.equal((await reserve(8, 'called-off')).status, 409);
});

test('a write changing both the seats and all 16 speakers of a session with many shards, more than one transaction holds, is a 422 saying to split it', async () => {
  const speakers = Array.from({ length: 32 }, (_, i) => `speaker-${i}`);
  for (const id of speakers) assert.ok([200, 201].includes((await api.call('PUT', `/speakers/${id}`, { token: api.adminToken, body: { name: id } })).status));
  const [first, second] = [speakers.slice(0, 16), speakers.slice(16)];
  assert.equal((await create('crowded', { capacity: 10, seatShards: MAX_SEAT_SHARDS, speakerIds: first })).status, 201);
  const both = await patch('crowded', { capacity: 20, speakerIds: second });
  assert.equal(both.status, 422, both.text);
  assert.deepEqual(both.body.errors.map((e: { path: string }) => e.path), ['body.speakerIds']);
  assert.deepEqual((await api.call('GET', path('crowded'))).body.speakerIds, first, 'nothing changed');
  assert.equal((await patch('crowded', { speakerIds: second })).status, 200, 'the speakers alone');
  assert.deepEqual((await patch('crowded', { capacity: 20 })).body.seats, { capacity: 20, taken: 0, waitlisted: 0 }, 'then the seats alone');
});

test('a request that read the shard count before it changed writes nothing: every counter write holds only for the count it read', async () => {
  assert.equal((await create('recount', { capacity: 4, seatShards: 2 })).status, 201);
  const { attendance } = createStores(doc, api.tableName);
  const stale = { eventId: 'summit', sessionId: 'recount', shards: 2 };
  assert.equal((await patch('recount', { seatShards: 3 })).status, 200);
  const attendee = 'stale-reader';
  assert.notEqual(await attendance.confirmSeat(attendee, stale, 1, new Date().toISOString()), 'applied');
  assert.equal(await attendance.getReservation(attendee, 'summit', 'recount'), undefined);
  await auditSeats(api.tableName, 'summit', 'recount');
});

test('a place given up after its session was deleted leaves nothing behind', async () => {
  assert.equal((await create('short-lived', { capacity: 0, seatShards: 3 })).status, 201);
  const { attendance } = createStores(doc, api.tableName);
  const line = { eventId: 'summit', sessionId: 'short-lived', shards: 3 };
  const taken = await attendance.takePlace(line, 1);
  assert.ok(typeof taken === 'object');
  assert.equal((await api.call('DELETE', path('short-lived'), { token: api.adminToken })).status, 204);
  assert.equal(await attendance.givePlaceUp(line, taken.place), 'gone');
  assert.deepEqual(await sessionLeftovers(doc, api.tableName, 'summit', 'short-lived'), { items: [], pending: [] });
});
