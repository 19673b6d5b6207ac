/**
 * Bad input, for every route of the route table: a clear 4xx problem
 * document that names the field, never a 500, never a stack trace, and no
 * change to the catalogue.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { routes } from '../../lambda/api/routes';
import { createSampleEvent, session, startTestApi, type CallResult, type TestApi } from '../support/api';

let api: TestApi;
let attendee: string;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  attendee = await api.tokenFor('alice');
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'kept' }) });
  assert.equal(created.status, 201);
});
after(() => api.close());

const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => ({ eventId: 'summit', sessionId: 'kept', speakerId: 'ham-giho' })[name] ?? `some-${name.toLowerCase()}`);

function assertProblem(result: CallResult, status: number) {
  assert.equal(result.status, status, result.text);
  assert.equal(result.headers.get('content-type'), 'application/problem+json');
  assert.equal(result.body.status, status);
  assert.equal(typeof result.body.title, 'string');
  assert.equal(typeof result.body.detail, 'string');
  assert.ok(!/\bat .+\.(ts|js):\d+/.test(result.text), 'no stack trace');
}

/** Everything a client can see of the catalogue, to show a rejected request changed nothing. */
async function snapshot() {
  const paths = ['/events', '/events/summit', '/events/summit/sessions?limit=100', '/events/summit/sessions/kept', '/events/summit/speakers', '/events/summit/tracks', '/speakers/ham-giho'];
  return Promise.all(paths.map(async (p) => (await api.call('GET', p)).text));
}

describe('who may call what (every route)', () => {
  for (const route of routes.filter((r) => r.access !== 'public')) {
    test(`${route.method} ${route.path}: no token is 401, a forged token is 401`, async () => {
      const body = route.method === 'GET' ? undefined : {};
      assertProblem(await api.call(route.method, concrete(route.path), { body }), 401);
      const forged = api.adminToken.slice(0, -4) + (api.adminToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      assertProblem(await api.call(route.method, concrete(route.path), { body, token: forged }), 401);
    });
    if (route.access !== 'attendee') {
      // Staff routes take the staff pool's tokens only (test/http/organisers.test.ts: 403 for an organiser of another event).
      test(`${route.method} ${route.path}: an attendee's token is 401`, async () => {
        const before = await snapshot();
        assertProblem(await api.call(route.method, concrete(route.path), { body: route.method === 'GET' ? undefined : session(), token: attendee }), 401);
        assert.deepEqual(await snapshot(), before);
      });
    }
  }

  test('an expired token, or one signed by another key, is 401', async () => {
    const expired = await api.tokenFor('admin-1', { admin: true, expiresIn: '-1m' });
    assertProblem(await api.call('PUT', '/speakers/x', { token: expired, body: { name: 'x' } }), 401);
    const { createLocalAuth } = await import('../../local/dev-auth');
    const foreign = await (await createLocalAuth()).sign({ sub: 'mallory', admin: true });
    assertProblem(await api.call('PUT', '/speakers/x', { token: foreign, body: { name: 'x' } }), 401);
    assert.equal((await api.call('GET', '/speakers/x')).status, 404);
  });
});

describe('unknown routes and methods', () => {
  test('an unknown path is 404 and an unknown method on a known path is 405 with Allow', async () => {
    assertProblem(await api.call('GET', '/nothing/here'), 404);
    const wrongMethod = await api.call('DELETE', '/events');
    assertProblem(wrongMethod, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET, HEAD');
    const patchEvent = await api.call('PATCH', '/events/summit');
    assertProblem(patchEvent, 405);
    assert.deepEqual(patchEvent.headers.get('allow')!.split(', ').sort(), ['GET', 'HEAD', 'PUT']);
  });

  test('ids that are not slugs are 400 naming the path parameter', async () => {
    const result = await api.call('GET', '/events/Summit_2024/sessions');
    assertProblem(result, 400);
    assert.deepEqual(result.body.errors, [{ path: 'path.eventId', message: 'must be a lowercase slug: [a-z0-9][a-z0-9-]{0,63}' }]);
    assertProblem(await api.call('GET', `/speakers/${'a'.repeat(65)}`), 400);
  });
});

describe('bodies', () => {
  const post = (options: Parameters<TestApi['call']>[2]) => api.call('POST', '/events/summit/sessions', { token: api.adminToken, ...options });

  test('malformed JSON is 400 naming the body', async () => {
    const before = await snapshot();
    const result = await post({ rawBody: '{"title": "unterminated' });
    assertProblem(result, 400);
    assert.equal(result.body.errors[0].path, 'body');
    assert.deepEqual(await snapshot(), before);
  });

  test('a body that is not JSON is 415', async () => {
    assertProblem(await post({ rawBody: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  });

  test('a missing body names the body as required', async () => {
    const result = await api.call('POST', '/events/summit/sessions', { token: api.adminToken });
    assertProblem(result, 400);
    assert.equal(result.body.errors[0].path, 'body');
  });

  const cases: [string, Record<string, unknown>, string[]][] = [
    ['wrong types', { title: 42, capacity: '40', tags: 'x' }, ['body.title', 'body.capacity', 'body.tags']],
    ['unknown fields and server-owned fields', { foo: 1, version: 3, seats: {} }, ['body.foo', 'body.version', 'body.seats']],
    ['an over-long title', { title: '가'.repeat(201) }, ['body.title']],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ['body.tags']],
    ['endsAt before startsAt', { startsAt: '2024-05-16T14:00:00+09:00', endsAt: '2024-05-16T13:00:00+09:00' }, ['body.endsAt']],
    ['a time without an offset', { startsAt: '2024-05-16T14:00:00', endsAt: '2024-05-16T15:00:00+09:00' }, ['body.startsAt']],
    ['only one end of a time slot', { startsAt: '2024-05-16T14:00:00+09:00', endsAt: undefined }, ['body.endsAt']],
    ['an id that is not a slug', { id: 'Bad Id' }, ['body.id']],
    ['a speaker id that is not a slug, and a duplicate', { speakerIds: ['ham-giho', 'ham-giho', 'X'] }, ['body.speakerIds[1]', 'body.speakerIds[2]']],
    ['a negative capacity', { capacity: -1 }, ['body.capacity']],
    ['an unknown type', { type: 'party' }, ['body.type']],
  ];
  for (const [name, overrides, paths] of cases) {
    test(`${name}: 400 naming ${paths.join(', ')}, nothing written`, async () => {
      const before = await snapshot();
      const result = await post({ body: session({ id: 'never-written', ...overrides }) });
      assertProblem(result, 400);
      const named = result.body.errors.map((e: { path: string }) => e.path);
      for (const path of paths) assert.ok(named.includes(path), `${path} in ${named.join(', ')}`);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('an event with a bad time zone, a bad date and duplicate days is 400 naming each', async () => {
    const result = await api.call('PUT', '/events/new-event', {
      token: api.adminToken,
      body: { name: 'x', timezone: 'Mars/Olympus', days: [{ date: '2024-02-30' }, { date: '2024-05-16' }, { date: '2024-05-16' }] },
    });
    assertProblem(result, 400);
    assert.deepEqual(result.body.errors.map((e: { path: string }) => e.path).sort(), ['body.days[0].date', 'body.days[2].date', 'body.timezone']);
    assert.equal((await api.call('GET', '/events/new-event')).status, 404);
  });

  test('a bad If-Match is 400 naming the header; a stale one is 412; neither changes anything', async () => {
    const before = await snapshot();
    const malformed = await api.call('PATCH', '/events/summit/sessions/kept', { token: api.adminToken, headers: { 'if-match': '1' }, body: { title: 'x' } });
    assertProblem(malformed, 400);
    assert.equal(malformed.body.errors[0].path, 'header.If-Match');
    const stale = await api.call('PATCH', '/events/summit/sessions/kept', { token: api.adminToken, headers: { 'if-match': '"5"' }, body: { title: 'x' } });
    assertProblem(stale, 412);
    const staleEvent = await api.call('PUT', '/events/summit', { token: api.adminToken, headers: { 'if-match': '"9"' }, body: { name: 'x', timezone: 'Asia/Seoul' } });
    assertProblem(staleEvent, 412);
    const noIfMatch = await api.call('PUT', '/speakers/ham-giho', { token: api.adminToken, body: { name: 'renamed' } });
    assertProblem(noIfMatch, 428);
    assert.deepEqual(await snapshot(), before);
  });
});

describe('query parameters and cursors', () => {
  test('limit outside 1..100, unknown parameters and bad filters are 400 naming them', async () => {
    for (const [query, path] of [
      ['limit=0', 'query.limit'],
      ['limit=101', 'query.limit'],
      ['limit=ten', 'query.limit'],
      ['day=2024-13-01', 'query.day'],
      ['at=2024-05-16T13:00:00', 'query.at'],
      ['type=party', 'query.type'],
      ['speaker=Not_A_Slug', 'query.speaker'],
      ['colour=red', 'query.colour'],
      ['scheduled=maybe', 'query.scheduled'],
    ]) {
      const result = await api.call('GET', `/events/summit/sessions?${query}`);
      assertProblem(result, 400);
      assert.equal(result.body.errors[0].path, path, query);
    }
  });

  test('a forged, altered or foreign cursor is 400, never another query’s data', async () => {
    for (let i = 0; i < 3; i++) {
      await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: `page-${i}` }) });
    }
    const first = await api.call('GET', '/events/summit/sessions?limit=1');
    const cursor: string = first.body.nextCursor;
    assert.ok(cursor);
    const [payload, mac] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    decoded.k.timelinePk = 'EVENT#other#SESSIONS';
    const altered = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${mac}`;
    for (const bad of ['garbage', `${cursor}x`, altered, cursor.replace('.', '')]) {
      const result = await api.call('GET', `/events/summit/sessions?limit=1&cursor=${encodeURIComponent(bad)}`);
      assertProblem(result, 400);
      assert.equal(result.body.errors[0].path, 'query.cursor');
    }
    // The same cursor with another filter, or on another list, is foreign.
    const otherFilter = await api.call('GET', `/events/summit/sessions?limit=1&track=AI%2FML&cursor=${encodeURIComponent(cursor)}`);
    assertProblem(otherFilter, 400);
    const otherList = await api.call('GET', `/events?cursor=${encodeURIComponent(cursor)}`);
    assertProblem(otherList, 400);
    // And the genuine cursor still works, with any page size.
    const next = await api.call('GET', `/events/summit/sessions?limit=2&cursor=${encodeURIComponent(cursor)}`);
    assert.equal(next.status, 200);
    assert.notEqual(next.body.items[0].id, first.body.items[0].id);
  });
});
