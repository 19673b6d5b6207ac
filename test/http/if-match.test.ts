/**
 * If-Match as RFC 9110 §13.1.1 has it: a well-formed entity tag the server
 * never issued simply does not match (412, nothing written), `*` matches any
 * current representation, a list matches when one of its tags does, and a
 * weak tag never matches. Only a header that is not an entity-tag list is 400.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
});
after(() => api.close());

const patch = (id: string, ifMatch: string, body: Record<string, unknown> = { room: 'Room 777' }) =>
  api.call('PATCH', `/events/summit/sessions/${id}`, { token: api.adminToken, headers: { 'if-match': ifMatch }, body });
const versionOf = async (path: string) => (await api.call('GET', path)).body.version as number;

describe('PATCH a session', () => {
  before(async () => {
    const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'tags' }) });
    assert.equal(created.status, 201, created.text);
  });

  test('a well-formed tag the server never issued is 412, not 400, and changes nothing', async () => {
    for (const tag of ['"0-stale"', '"999"', '"abc"', '"7.abcdef"']) {
      const result = await patch('tags', tag);
      assert.equal(result.status, 412, `${tag}: ${result.text}`);
      assert.equal(result.headers.get('content-type'), 'application/problem+json');
    }
    assert.equal(await versionOf('/events/summit/sessions/tags'), 1);
  });

  test('a weak tag never matches, even the current version', async () => {
    assert.equal((await patch('tags', 'W/"1"')).status, 412);
    assert.equal(await versionOf('/events/summit/sessions/tags'), 1);
  });

  test('a list matches when any of its tags does; empty list elements are allowed', async () => {
    const none = await patch('tags', '"0-stale", W/"1", "5"');
    assert.equal(none.status, 412);
    const etag = (await api.call('GET', '/events/summit/sessions/tags')).headers.get('etag')!;
    const one = await patch('tags', `"0-stale", , ${etag}`, { room: 'Room 801' });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.version, 2);
  });

  test('* matches the current version, whatever it is', async () => {
    const star = await patch('tags', '*', { room: 'Room 802' });
    assert.equal(star.status, 200, star.text);
    assert.equal(star.body.version, 3);
  });

  test('what is not an entity-tag list is 400 naming the header, and changes nothing', async () => {
    for (const bad of ['3', '"unterminated', '"a" "b"', '*, "3"', 'W/3', '"tab\tinside"']) {
      const result = await patch('tags', bad);
      assert.equal(result.status, 400, `${bad}: ${result.text}`);
      assert.equal(result.body.errors[0].path, 'header.If-Match');
    }
    assert.equal(await versionOf('/events/summit/sessions/tags'), 3);
  });
});

describe('PUT and DELETE', () => {
  test('PUT with If-Match: * replaces an existing event and never creates one', async () => {
    const created = await api.call('PUT', '/events/star-new', {
      token: api.adminToken,
      headers: { 'if-match': '*' },
      body: { name: 'Star', timezone: 'Asia/Seoul' },
    });
    assert.equal(created.status, 412, created.text);
    assert.equal((await api.call('GET', '/events/star-new')).status, 404);
    const replaced = await api.call('PUT', '/events/summit', {
      token: api.adminToken,
      headers: { 'if-match': '*' },
      body: { name: 'Renamed with a star', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }, { date: '2024-05-17' }], tracks: ['AI/ML', 'DevOps, Cloud', '금융/핀테크'] },
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.body.name, 'Renamed with a star');
  });

  test('PUT of a speaker with a tag never issued is 412 (also when the PUT would change nothing)', async () => {
    const changed = await api.call('PUT', '/speakers/ham-giho', { token: api.adminToken, headers: { 'if-match': '"0-stale"' }, body: { name: '다른 이름' } });
    assert.equal(changed.status, 412, changed.text);
    const same = await api.call('PUT', '/speakers/ham-giho', { token: api.adminToken, headers: { 'if-match': '"0-stale"' }, body: { name: '함기호', company: 'AWS 코리아' } });
    assert.equal(same.status, 412, same.text);
    assert.equal((await api.call('GET', '/speakers/ham-giho')).body.name, '함기호');
  });

  test('DELETE with a tag never issued is 412 and deletes nothing; with * it deletes', async () => {
    const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'short-lived' }) });
    assert.equal(created.status, 201);
    const stale = await api.call('DELETE', '/events/summit/sessions/short-lived', { token: api.adminToken, headers: { 'if-match': '"0-stale"' } });
    assert.equal(stale.status, 412, stale.text);
    assert.equal((await api.call('GET', '/events/summit/sessions/short-lived')).status, 200);
    const star = await api.call('DELETE', '/events/summit/sessions/short-lived', { token: api.adminToken, headers: { 'if-match': '*' } });
    assert.equal(star.status, 204, star.text);
    assert.equal((await api.call('GET', '/events/summit/sessions/short-lived')).status, 404);
  });
});
