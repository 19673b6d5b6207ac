/**
 * An event's own Hangul spellings of names (`searchSynonyms`, issue 16):
 * searched both ways once the event has them, gone when it drops them (the
 * cached index is rebuilt), and bad entries are a 400 naming the field.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  for (const [id, title] of [['karpenter', 'Karpenter로 노드 비용 줄이기'], ['aurora', '오로라로 옮긴 이야기']]) {
    const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id, title, abstract: '', tags: [] }) });
    assert.equal(created.status, 201, created.text);
  }
});
after(() => api.close());

async function putSynonyms(searchSynonyms: unknown) {
  const current = await api.call('GET', '/events/summit');
  const { id: _id, version: _version, searchSynonyms: _old, ...fields } = current.body;
  return api.call('PUT', '/events/summit', {
    token: api.adminToken,
    headers: { 'if-match': current.headers.get('etag')! },
    body: { ...fields, ...(searchSynonyms === undefined ? {} : { searchSynonyms }) },
  });
}
const found = async (q: string) => (await api.call('GET', `/events/summit/sessions?q=${encodeURIComponent(q)}`)).body.items.map((s: { id: string }) => s.id);

test('the built-in dictionary needs nothing from the event; an event adds its own spellings, and dropping them rebuilds the index', async () => {
  assert.deepEqual(await found('aurora'), ['aurora']);
  assert.deepEqual(await found('카르펜터'), [], 'not in the built-in dictionary');
  const put = await putSynonyms([{ ko: '카르펜터', en: 'Karpenter' }]);
  assert.equal(put.status, 200, put.text);
  assert.deepEqual((await api.call('GET', '/events/summit')).body.searchSynonyms, [{ ko: '카르펜터', en: 'Karpenter' }]);
  assert.deepEqual(await found('카르펜터를'), ['karpenter']);
  assert.deepEqual(await found('aurora'), ['aurora'], 'the built-in entries stay');
  assert.equal((await putSynonyms(undefined)).status, 200);
  assert.deepEqual(await found('카르펜터'), []);
});

test('a bad entry is a 400 naming it, and changes nothing', async () => {
  const before = (await api.call('GET', '/events/summit')).body;
  for (const [entries, path] of [
    [[{ ko: 'Karpenter', en: 'Karpenter' }], 'body.searchSynonyms[0].ko'],
    [[{ ko: '카르펜터', en: 'Kar penter' }], 'body.searchSynonyms[0].en'],
    [[{ ko: '카르펜터' }], 'body.searchSynonyms[0].en'],
    [Array.from({ length: 201 }, () => ({ ko: '카르펜터', en: 'karpenter' })), 'body.searchSynonyms'],
  ] as const) {
    const result = await putSynonyms(entries);
    assert.equal(result.status, 400, result.text);
    assert.equal(result.headers.get('content-type'), 'application/problem+json');
    assert.ok(result.body.errors.some((e: { path: string }) => e.path === path), `${path}: ${result.text}`);
  }
  assert.deepEqual((await api.call('GET', '/events/summit')).body, before);
});
