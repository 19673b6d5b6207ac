/**
 * A repeated query parameter is never a silent empty list. The multi-select
 * session filters (track, level, type, room) take any of their values
 * (`track=A&track=B`); any other parameter given twice is a 400 naming it.
 * A comma is part of a value (the track "DevOps, Cloud"), never a separator.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const ids = (body: { items: { id: string }[] }) => body.items.map((s) => s.id);

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const slot = (date: string) => (hour: number) => {
    const hh = String(hour).padStart(2, '0');
    return { startsAt: `${date}T${hh}:00:00+09:00`, endsAt: `${date}T${hh}:40:00+09:00` };
  };
  const [day1, day2] = [slot('2024-05-16'), slot('2024-05-17')];
  const sessions = [
    session({ id: 'ai-1', track: 'AI/ML', room: 'Room 101', level: '200', type: 'breakout', ...day1(10) }),
    session({ id: 'ops-1', track: 'DevOps, Cloud', room: 'Room 102', level: '300', type: 'workshop', ...day1(11) }),
    session({ id: 'fin-1', track: '금융/핀테크', room: 'Room 101', level: '입문', type: 'breakout', ...day1(12) }),
    session({ id: 'none-1', track: undefined, room: 'Hall', level: undefined, type: 'keynote', ...day1(9) }),
    session({ id: 'ai-2', track: 'AI/ML', room: 'Hall', level: '300', type: 'keynote', ...day2(9) }),
    session({ id: 'ops-2', track: 'DevOps, Cloud', room: 'Room 101', level: '200', type: 'breakout', ...day2(10) }),
    session({ id: 'ai-tbd', track: 'AI/ML', room: undefined, level: '200', startsAt: undefined, endsAt: undefined }),
  ];
  for (const body of sessions.reverse()) {
    const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body });
    assert.equal(created.status, 201, created.text);
  }
});
after(() => api.close());

/** Every page of a list, following nextCursor. */
async function walk(query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 30; pages++) {
    const page = await api.call('GET', `/events/summit/sessions?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    seen.push(...ids(page.body));
    cursor = page.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('too many pages');
}

const q = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

describe('multi-select filters take any of their values', () => {
  const cases: [string, [string, string][], string[]][] = [
    ['two tracks, merged in time order', [['track', 'AI/ML'], ['track', 'DevOps, Cloud']], ['ai-1', 'ops-1', 'ai-2', 'ops-2', 'ai-tbd']],
    ['a comma is part of one value', [['track', 'DevOps, Cloud']], ['ops-1', 'ops-2']],
    ['two tracks on one day', [['track', 'AI/ML'], ['track', '금융/핀테크'], ['day', '2024-05-16']], ['ai-1', 'fin-1']],
    ['two rooms', [['room', 'Room 102'], ['room', 'Hall']], ['none-1', 'ops-1', 'ai-2']],
    ['two tracks and two rooms', [['track', 'AI/ML'], ['track', 'DevOps, Cloud'], ['room', 'Room 101'], ['room', 'Hall']], ['ai-1', 'ai-2', 'ops-2']],
    ['two levels', [['level', '200'], ['level', '입문']], ['ai-1', 'fin-1', 'ops-2', 'ai-tbd']],
    ['two types', [['type', 'keynote'], ['type', 'workshop']], ['none-1', 'ops-1', 'ai-2']],
    ['a repeated value counts once', [['track', 'AI/ML'], ['track', 'AI/ML']], ['ai-1', 'ai-2', 'ai-tbd']],
    ['with a speaker', [['speaker', 'ham-giho'], ['track', 'AI/ML'], ['track', '금융/핀테크']], ['ai-1', 'fin-1', 'ai-2', 'ai-tbd']],
  ];
  for (const [name, pairs, expected] of cases) {
    test(name, async () => {
      for (const limit of [1, 2, 25]) assert.deepEqual(await walk(q(pairs), limit), expected, `limit ${limit}`);
    });
  }

  test('with search (q): any of the tracks, best match first', async () => {
    const found = await api.call('GET', `/events/summit/sessions?${q([['q', 'graviton'], ['track', 'AI/ML'], ['track', 'DevOps, Cloud']])}&limit=100`);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(ids(found.body).sort(), ['ai-1', 'ai-2', 'ai-tbd', 'ops-1', 'ops-2']);
  });

  test('the order of the values does not matter: a cursor of A,B continues B,A', async () => {
    const first = await api.call('GET', `/events/summit/sessions?${q([['track', 'AI/ML'], ['track', 'DevOps, Cloud']])}&limit=2`);
    assert.deepEqual(ids(first.body), ['ai-1', 'ops-1']);
    const next = await api.call('GET', `/events/summit/sessions?${q([['track', 'DevOps, Cloud'], ['track', 'AI/ML']])}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    assert.equal(next.status, 200, next.text);
    assert.deepEqual(ids(next.body), ['ai-2', 'ops-2']);
  });

  test('a cursor of two tracks is refused for one track or three (it belongs to another query)', async () => {
    const first = await api.call('GET', `/events/summit/sessions?${q([['track', 'AI/ML'], ['track', 'DevOps, Cloud']])}&limit=1`);
    for (const other of [[['track', 'AI/ML']], [['track', 'AI/ML'], ['track', 'DevOps, Cloud'], ['track', '금융/핀테크']]] as [string, string][][]) {
      const result = await api.call('GET', `/events/summit/sessions?${q(other)}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
      assert.equal(result.status, 400, result.text);
      assert.equal(result.body.errors[0].path, 'query.cursor');
    }
  });

  test('more than 10 values is a 400 naming the parameter', async () => {
    const many = Array.from({ length: 11 }, (_, i) => ['track', `t${i}`] as [string, string]);
    const result = await api.call('GET', `/events/summit/sessions?${q(many)}`);
    assert.equal(result.status, 400);
    assert.equal(result.body.errors[0].path, 'query.track');
  });
});

describe('any other parameter given twice is a 400 naming it', () => {
  const cases: [string, string][] = [
    ['/events/summit/sessions?day=2024-05-16&day=2024-05-17', 'query.day'],
    ['/events/summit/sessions?limit=1&limit=2', 'query.limit'],
    ['/events/summit/sessions?q=a&q=b', 'query.q'],
    ['/events/summit/sessions?status=scheduled&status=cancelled', 'query.status'],
    ['/events?limit=1&limit=1', 'query.limit'],
    ['/events/summit/changes?since=0&since=1', 'query.since'],
    ['/events/summit/speakers?cursor=a&cursor=b', 'query.cursor'],
  ];
  for (const [path, field] of cases) {
    test(path, async () => {
      const result = await api.call('GET', path);
      assert.equal(result.status, 400, result.text);
      assert.equal(result.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(result.body.errors.map((e: { path: string }) => e.path), [field]);
      assert.match(result.body.errors[0].message, /once/);
    });
  }

  test('/me/agenda?eventId twice', async () => {
    const result = await api.call('GET', '/me/agenda?eventId=summit&eventId=other', { token: await api.tokenFor('alice') });
    assert.equal(result.status, 400);
    assert.equal(result.body.errors[0].path, 'query.eventId');
  });

  test('the calendar feed token twice is no token: 404, like any malformed one (the feed tells nothing about tokens)', async () => {
    const url = new URL((await api.call('POST', '/me/calendar-feed', { token: await api.tokenFor('alice') })).body.url);
    assert.equal((await api.call('GET', url.pathname + url.search)).status, 200);
    const twice = await api.call('GET', `${url.pathname}${url.search}&${url.search.slice(1)}`);
    assert.equal(twice.status, 404, twice.text);
  });
});
