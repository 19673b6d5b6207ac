/**
 * An event's declared tracks and its sessions agree: a PUT of the event that
 * drops a track some sessions still use is a 409 naming those sessions, and
 * changes nothing; a track nobody uses can go.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';
import { CatalogueError } from '../../lambda/domain/errors';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const TRACKS = ['AI/ML', 'DevOps, Cloud', '금융/핀테크'];

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  for (const [id, track] of [['ml-1', 'AI/ML'], ['ml-2', 'AI/ML'], ['ops-1', 'DevOps, Cloud']]) {
    const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id, track }) });
    assert.equal(created.status, 201, created.text);
  }
});
after(() => api.close());

async function putTracks(tracks: string[]) {
  const current = await api.call('GET', '/events/summit');
  const { id: _id, version: _version, ...fields } = current.body;
  return api.call('PUT', '/events/summit', { token: api.adminToken, headers: { 'if-match': current.headers.get('etag')! }, body: { ...fields, tracks } });
}

test('dropping a track still used by sessions is a 409 naming them, and changes nothing', async () => {
  const before = (await api.call('GET', '/events/summit')).body;
  const result = await putTracks(['DevOps, Cloud', '금융/핀테크']);
  assert.equal(result.status, 409, result.text);
  assert.equal(result.headers.get('content-type'), 'application/problem+json');
  assert.deepEqual(result.body.errors.map((e: { path: string }) => e.path), ['body.tracks']);
  assert.match(result.body.errors[0].message, /AI\/ML/);
  assert.match(result.body.errors[0].message, /ml-1, ml-2/);
  assert.deepEqual((await api.call('GET', '/events/summit')).body, before);
});

test('dropping every track (tracks: []) while sessions use two of them names both', async () => {
  const result = await putTracks([]);
  assert.equal(result.status, 409, result.text);
  const messages = result.body.errors.map((e: { message: string }) => e.message).join('\n');
  assert.match(messages, /AI\/ML.*ml-1, ml-2/);
  assert.match(messages, /DevOps, Cloud.*ops-1/);
  assert.deepEqual((await api.call('GET', '/events/summit')).body.tracks, TRACKS);
});

test('a track nobody uses can be dropped; once its sessions moved, so can the other', async () => {
  const unused = await putTracks(['AI/ML', 'DevOps, Cloud']);
  assert.equal(unused.status, 200, unused.text);
  assert.deepEqual(unused.body.tracks, ['AI/ML', 'DevOps, Cloud']);
  for (const id of ['ml-1', 'ml-2']) {
    const moved = await api.call('PATCH', `/events/summit/sessions/${id}`, { token: api.adminToken, headers: { 'if-match': '*' }, body: { track: 'DevOps, Cloud' } });
    assert.equal(moved.status, 200, moved.text);
  }
  const dropped = await putTracks(['DevOps, Cloud']);
  assert.equal(dropped.status, 200, dropped.text);
  assert.deepEqual(dropped.body.tracks, ['DevOps, Cloud']);
});

test('a session cannot take a track the event no longer declares', async () => {
  const result = await api.call('PATCH', '/events/summit/sessions/ops-1', { token: api.adminToken, headers: { 'if-match': '*' }, body: { track: 'AI/ML' } });
  assert.equal(result.status, 422, result.text);
  assert.equal(result.body.errors[0].path, 'body.track');
});

test('the rule holds for writes that read the event before it changed (the store checks it in the transaction)', async () => {
  const doc = createDocumentClient();
  const { catalogue } = createStores(doc, api.tableName);
  try {
    // A session write prepared while 'AI/ML' was still declared (it was dropped above) is refused.
    const ops = (await catalogue.getSession('summit', 'ops-1', true))!;
    const stale = { ...ops, track: 'AI/ML', trackPk: 'EVENT#summit#TRACK#AI/ML', version: ops.version + 1 };
    await assert.rejects(catalogue.saveSession(stale, ops), (error: CatalogueError) => error.kind === 'unprocessable' && error.errors[0]?.path === 'body.track');
    // An event write that checked a track as unused, while a session took it meanwhile, is refused.
    const event = (await catalogue.getEvent('summit', true))!;
    const { id: _id, version, pk: _pk, ...fields } = event as typeof event & { pk: string; sk: string; timelinePk: string; timelineSk: string };
    const input = { name: fields.name, timezone: fields.timezone, days: fields.days, tracks: [] };
    await assert.rejects(catalogue.putEvent('summit', input, version + 1, { version }, ['DevOps, Cloud']), (error: CatalogueError) => error.kind === 'conflict');
    assert.equal((await catalogue.getEvent('summit', true))!.version, version);
  } finally {
    doc.destroy();
  }
});
