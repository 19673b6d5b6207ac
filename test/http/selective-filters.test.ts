/**
 * A selective filter reads about what it returns: `type=` and `status=` have
 * an index of their own (kindTimeline), so a page of rare sessions, or of
 * none, does not read its way through every other session of the event.
 * Items read are DynamoDB's ScannedCount, summed over the page's Queries.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { sessionKey } from '../../lambda/store/keys';
import { RequestLog } from '../support/request-log';
import { createSampleEvent, importSessions, session, startTestApi, type TestApi } from '../support/api';

const log = new RequestLog();
let api: TestApi;

const at = (i: number) => `2024-05-16T${String(9 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00+09:00`;
const kinds: Record<string, { type: string; status: string }> = {
  'talk-7': { type: 'workshop', status: 'scheduled' },
  'talk-19': { type: 'workshop', status: 'scheduled' },
  'talk-31': { type: 'workshop', status: 'cancelled' },
  'talk-2': { type: 'keynote', status: 'cancelled' },
  'talk-25': { type: 'breakout', status: 'cancelled' },
};
const sessions = Array.from({ length: 40 }, (_, i) =>
  session({ id: `talk-${i}`, startsAt: at(i), endsAt: at(i + 1), type: 'breakout', status: 'scheduled', ...kinds[`talk-${i}`] }),
);

before(async () => {
  api = await startTestApi({ clientConfig: { requestHandler: log as never } });
  await createSampleEvent(api);
  await importSessions(api, sessions);
});
after(() => api.close());

/** Every page of a list, with the items each page's Queries read. */
async function walk(query: string, limit: number) {
  const pages: { ids: string[]; read: number }[] = [];
  let cursor: string | null = null;
  do {
    log.take();
    const page = await api.call('GET', `/events/summit/sessions?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    const read = log.take().filter((r) => r.operation === 'Query').reduce((sum, r) => sum + r.output.ScannedCount, 0);
    pages.push({ ids: page.body.items.map((s: { id: string }) => s.id), read });
    cursor = page.body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

const cases: [query: string, limit: number, expected: string[]][] = [
  ['type=expo', 25, []],
  ['type=workshop', 25, ['talk-7', 'talk-19', 'talk-31']],
  ['type=workshop', 1, ['talk-7', 'talk-19', 'talk-31']],
  ['status=cancelled', 25, ['talk-2', 'talk-25', 'talk-31']],
  ['status=cancelled', 2, ['talk-2', 'talk-25', 'talk-31']],
  ['type=workshop&status=scheduled', 25, ['talk-7', 'talk-19']],
  ['type=keynote&day=2024-05-16', 25, ['talk-2']],
  ['status=cancelled&day=2024-05-17', 25, []],
];

for (const [query, limit, expected] of cases) {
  test(`?${query}&limit=${limit}: every page reads about what it returns`, async () => {
    const pages = await walk(query, limit);
    const returned = pages.flatMap((p) => p.ids);
    const read = pages.reduce((sum, p) => sum + p.read, 0);
    console.log(`?${query}&limit=${limit} over ${sessions.length} sessions: ${pages.length} page(s), ${returned.length} returned, ${read} items read`);
    assert.deepEqual(returned, expected);
    // Each partition of the index reads ahead at most one item to know whether it has more.
    for (const page of pages) assert.ok(page.read <= page.ids.length + 2, JSON.stringify(pages));
  });
}

test('a session stored before the index gains its key on the next import, in place: no new version, nothing for the feed', async () => {
  const ids = async () => (await api.call('GET', '/events/summit/sessions?type=workshop')).body.items.map((s: { id: string }) => s.id);
  const doc = createDocumentClient();
  await doc.send(new UpdateCommand({ TableName: api.tableName, Key: sessionKey('summit', 'talk-19'), UpdateExpression: 'REMOVE kindPk' }));
  doc.destroy();
  assert.deepEqual(await ids(), ['talk-7', 'talk-31']);
  const before = (await api.call('GET', '/events/summit/sessions/talk-19')).body.version;
  const again = await api.call('POST', '/events/summit/import', { token: api.adminToken, body: { sessions } });
  assert.equal(again.status, 200, again.text);
  const version = (await api.call('GET', '/events/summit/sessions/talk-19')).body.version;
  console.log(`the same ${sessions.length} sessions imported again after talk-19 lost its kindPk: updated ${JSON.stringify(again.body.updated.sessions)}, talk-19 at version ${before} -> ${version}`);
  assert.deepEqual(again.body.updated.sessions, []);
  assert.equal(version, before);
  assert.deepEqual(await ids(), ['talk-7', 'talk-19', 'talk-31']);
});
