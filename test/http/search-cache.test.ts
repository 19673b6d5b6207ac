/**
 * The search cache under load: one rebuild per change however many searches
 * arrive, one round of reads for a warm search, and a memory budget that
 * evicts the least recently searched event.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { seatsKey, sessionTimelinePk } from '../../lambda/store/keys';
import { createSessionSearch } from '../../lambda/catalogue/search';
import { queriesOf, RequestLog } from '../support/request-log';
import { createSampleEvent, importSessions, session, startTestApi, type TestApi } from '../support/api';

const log = new RequestLog();
let api: TestApi;
const sessions = Array.from({ length: 12 }, (_, i) =>
  session({ id: `talk-${i}`, title: `서버리스 패턴 ${i} with Lambda`, startsAt: `2024-05-16T${String(9 + (i % 8)).padStart(2, '0')}:00:00+09:00`, endsAt: `2024-05-16T${String(9 + (i % 8)).padStart(2, '0')}:40:00+09:00`, speakerIds: ['ham-giho'] }),
);

before(async () => {
  api = await startTestApi({ clientConfig: { requestHandler: log as never } });
  for (const eventId of ['summit', 'other']) {
    await createSampleEvent(api, eventId);
    await importSessions(api, sessions, eventId);
  }
});
after(() => api.close());

test('after a change, 20 concurrent searches rebuild the index once and all see the change', async () => {
  assert.equal((await api.call('GET', '/events/summit/sessions?q=lambda')).status, 200);
  const current = await api.call('GET', '/events/summit/sessions/talk-3');
  const patched = await api.call('PATCH', '/events/summit/sessions/talk-3', {
    token: api.adminToken,
    headers: { 'if-match': current.headers.get('etag')! },
    body: { title: '코루틴 마이그레이션' },
  });
  assert.equal(patched.status, 200, patched.text);
  log.take();
  // Reading a large event's sessions takes a while: every search arriving meanwhile must wait for that one read.
  log.delay = (request) => (queriesOf([request], sessionTimelinePk('summit')).length > 0 ? 500 : 0);
  const answers = await Promise.all(Array.from({ length: 20 }, () => api.call('GET', `/events/summit/sessions?q=${encodeURIComponent('코루틴')}`)));
  log.delay = () => 0;
  const rebuilds = queriesOf(log.take(), sessionTimelinePk('summit'));
  console.log(`20 concurrent searches after a change: ${rebuilds.length} Query of the event's sessions`);
  assert.equal(rebuilds.length, 1);
  for (const answer of answers) assert.deepEqual(answer.body.items.map((s: { id: string }) => s.id), ['talk-3']);
});

test('a warm search reads the event, its revision and the page’s seats in one BatchGetItem, and nothing else', async () => {
  await api.call('GET', '/events/summit/sessions?q=lambda&limit=5');
  log.take();
  const found = await api.call('GET', '/events/summit/sessions?q=lambda&limit=5');
  assert.equal(found.status, 200);
  assert.equal(found.body.items.length, 5);
  const requests = log.take();
  console.log(`a warm search: ${requests.map((r) => `${r.operation} of ${Object.values(r.input.RequestItems as Record<string, { Keys: unknown[] }>)[0]!.Keys.length}`).join(' + ')}`);
  assert.deepEqual(requests.map((r) => r.operation), ['BatchGetItem']);
  const [read] = Object.values(requests[0]!.input.RequestItems as Record<string, { Keys: { pk: { S: string }; sk: { S: string } }[]; ConsistentRead?: boolean }>);
  const keys = read!.Keys.map((k) => `${k.pk.S}/${k.sk.S}`).sort();
  const seats = found.body.items.map((s: { id: string }) => `${seatsKey('summit', s.id).pk}/SEATS`);
  assert.deepEqual(keys, ['EVENT#summit/EVENT', 'EVENT#summit/REVISION', ...seats].sort());
  assert.equal(read!.ConsistentRead, true, 'the event is read as it is now');
  assert.equal((await api.call('GET', '/events/nowhere/sessions?q=lambda')).status, 404);
});

test('a page of 100 search hits: its seats and the event’s head in requests of at most 100 keys, in flight together', async () => {
  const many = Array.from({ length: 110 }, (_, i) => session({ id: `many-${i}`, title: `Kotlin 코루틴 ${i}` }));
  await createSampleEvent(api, 'large');
  await importSessions(api, many, 'large');
  await api.call('GET', '/events/large/sessions?q=kotlin&limit=100');
  log.take();
  const found = await api.call('GET', '/events/large/sessions?q=kotlin&limit=100');
  assert.equal(found.status, 200);
  assert.equal(found.body.items.length, 100);
  assert.ok(found.body.items.every((s: { seats: { capacity: unknown } }) => s.seats !== undefined));
  const requests = log.take();
  const sizes = requests.map((r) => Object.values(r.input.RequestItems as Record<string, { Keys: unknown[] }>)[0]!.Keys.length);
  console.log(`a warm search of 100 hits: ${requests.map((r, i) => `${r.operation} of ${sizes[i]}`).join(' + ')}`);
  assert.deepEqual(requests.map((r) => r.operation), ['BatchGetItem', 'BatchGetItem']);
  assert.equal(sizes.reduce((a, b) => a + b, 0), 102);
  assert.ok(requests[1]!.started < requests[0]!.ended!, 'in flight together');
});

test('the cache keeps to its memory budget: the least recently searched event is dropped', async () => {
  const ownLog = new RequestLog();
  const doc = createDocumentClient({ requestHandler: ownLog as never });
  const { catalogue: store, cursors } = createStores(doc, api.tableName);
  const view = <T>(items: T[]) => ({ keys: [], show: () => items });
  const rebuildsOf = async (search: ReturnType<typeof createSessionSearch>) => {
    for (const eventId of ['summit', 'other', 'summit', 'other']) {
      assert.equal((await search.searchSessions(eventId, { q: 'lambda', limit: 5 }, view)).items.length, 5);
    }
    const requests = ownLog.take();
    return queriesOf(requests, sessionTimelinePk('summit')).length + queriesOf(requests, sessionTimelinePk('other')).length;
  };
  try {
    // Room for one event's index only: searching the two in turn builds every time.
    const tight = await rebuildsOf(createSessionSearch(store, cursors, { maxBytes: 1 }));
    // The default budget holds both: each is built once.
    const ample = await rebuildsOf(createSessionSearch(store, cursors));
    console.log(`two events searched in turn, 4 searches: ${tight} builds with room for one, ${ample} with room for both`);
    assert.deepEqual([tight, ample], [4, 2]);
  } finally {
    doc.destroy();
  }
});
