/**
 * Search across events (`GET /search`, issue 16.5) and what a search
 * answer shows (16.6): ranking over two events (score first, the newer
 * event first among equals, then time), paging through every hit with
 * cursors, forged and foreign cursors refused, facets equal to a count of
 * every hit, snippets whose offsets point at the matched text, a title with
 * `<script>` escaped, and "did you mean" after a typo.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, importSessions, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;

const EVENTS = {
  // Listed newest first by their first day: `seoul-2025` outranks `summit` among equal scores.
  'seoul-2025': { name: 'AWS Summit Seoul 2025', days: ['2025-05-20', '2025-05-21'] },
  summit: { name: 'AWS Summit Seoul 2024', days: ['2024-05-16', '2024-05-17'] },
} as const;

/** Each event's sessions; `graviton` is in the title of t1 and t3, the tags of t4, the abstract of t2, nowhere in t5. */
function sessionsOf(eventId: keyof typeof EVENTS) {
  const [first, second] = EVENTS[eventId].days;
  const at = (day: string, hour: number) => ({ startsAt: `${day}T${hour}:00:00+09:00`, endsAt: `${day}T${hour}:40:00+09:00` });
  return [
    session({ id: 't1', title: 'Graviton 성능 튜닝', abstract: '', tags: [], track: 'AI/ML', level: '200', type: 'breakout', ...at(first, 10) }),
    session({ id: 't2', title: '비용 최적화', abstract: '서버 비용을 줄이려고 Graviton 인스턴스로 옮긴 이야기', tags: [], track: 'AI/ML', level: '300', type: 'workshop', ...at(first, 11) }),
    session({ id: 't3', title: '<script>alert(1)</script> & Graviton 보안', abstract: '', tags: [], track: 'DevOps, Cloud', level: '300', type: 'breakout', ...at(second, 12) }),
    session({ id: 't4', title: 'Lambda 이야기', abstract: '', tags: ['Graviton'], track: 'DevOps, Cloud', level: '200', type: 'breakout', ...at(second, 13) }),
    session({ id: 't5', title: '데이터 레이크', abstract: '', tags: [], track: '금융/핀테크', level: '100', type: 'breakout', ...at(second, 14) }),
  ];
}

before(async () => {
  api = await startTestApi();
  for (const [eventId, { name, days }] of Object.entries(EVENTS)) {
    await createSampleEvent(api, eventId);
    const current = await api.call('GET', `/events/${eventId}`);
    const { id: _id, version: _version, ...fields } = current.body;
    const put = await api.call('PUT', `/events/${eventId}`, {
      token: api.adminToken,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { ...fields, name, days: days.map((date) => ({ date })) },
    });
    assert.equal(put.status, 200, put.text);
    await importSessions(api, sessionsOf(eventId as keyof typeof EVENTS), eventId);
  }
});
after(() => api.close());

interface Hit {
  id: string;
  eventId: string;
  title: string;
  track?: string;
  level?: string;
  type: string;
  startsAt?: string;
  event: { id: string; name: string };
  snippet: { field: string; text: string; matches: { start: number; end: number }[] } | null;
}

/** Every page of a search, following nextCursor; the pages' other fields must not change from page to page. */
async function allPages(path: string, limit: number) {
  const hits: Hit[] = [];
  let cursor: string | null = null;
  let first: { total: number; facets: unknown } | undefined;
  let pages = 0;
  do {
    const page = await api.call('GET', `${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    hits.push(...page.body.items);
    first ??= { total: page.body.total, facets: page.body.facets };
    assert.deepEqual({ total: page.body.total, facets: page.body.facets }, first, 'every page shows the same totals');
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  return { hits, pages, ...first! };
}

const unescape = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

test('every event is searched: score first, the newer event first among equal scores, then time; every hit names its event', async () => {
  const { hits, pages, total } = await allPages('/search?q=graviton', 3);
  assert.equal(pages, 3);
  assert.equal(total, 8);
  assert.deepEqual(
    hits.map((h) => `${h.event.id}/${h.id}`),
    // Title (t1, t3), then tags (t4), then abstract (t2); t5 never.
    ['seoul-2025/t1', 'seoul-2025/t3', 'summit/t1', 'summit/t3', 'seoul-2025/t4', 'summit/t4', 'seoul-2025/t2', 'summit/t2'],
  );
  for (const hit of hits) {
    assert.equal(hit.event.id, hit.eventId);
    assert.equal(hit.event.name, EVENTS[hit.eventId as keyof typeof EVENTS].name);
  }
});

test('facets count every match, not the page: equal to a count of all hits walked page by page', async () => {
  const { hits, facets } = await allPages('/search?q=graviton', 2);
  const counted: Record<string, Record<string, number>> = { track: {}, level: {}, type: {}, day: {} };
  for (const hit of hits) {
    for (const [facet, value] of [['track', hit.track], ['level', hit.level], ['type', hit.type], ['day', hit.startsAt?.slice(0, 10)]] as const) {
      if (value !== undefined) counted[facet]![value] = (counted[facet]![value] ?? 0) + 1;
    }
  }
  const answered = Object.fromEntries(
    Object.entries(facets as Record<string, { value: string; count: number }[]>).map(([facet, rows]) => [facet, Object.fromEntries(rows.map((r) => [r.value, r.count]))]),
  );
  assert.deepEqual(answered, counted);
  assert.deepEqual(answered.track, { 'AI/ML': 4, 'DevOps, Cloud': 4 });
});

test('snippets: the heaviest field that matched, HTML-escaped, its offsets on the matched text; tags alone give none', async () => {
  const { hits } = await allPages('/search?q=graviton', 10);
  for (const hit of hits) {
    if (hit.id === 't4') {
      assert.equal(hit.snippet, null, 'only its tags match');
      continue;
    }
    const { field, text, matches } = hit.snippet!;
    assert.equal(field, hit.id === 't2' ? 'abstract' : 'title');
    assert.ok(matches.length > 0);
    for (const { start, end } of matches) assert.equal(text.slice(start, end).toLowerCase(), 'graviton', `${hit.id}: ${text}`);
    if (hit.id === 't3') {
      assert.equal(text, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Graviton 보안');
      assert.ok(!text.includes('<'));
      assert.equal(unescape(text), hit.title);
    }
  }
});

test('a Korean word with a particle, an infix and a typo are marked where they matched', async () => {
  const korean = await api.call('GET', `/events/summit/sessions?q=${encodeURIComponent('성능을 튜닝')}`);
  assert.equal(korean.status, 200, korean.text);
  const [hit] = korean.body.items;
  assert.equal(hit.id, 't1');
  assert.deepEqual(hit.snippet.matches.map(({ start, end }: { start: number; end: number }) => hit.snippet.text.slice(start, end)), ['성능', '튜닝']);
  assert.equal(korean.body.didYouMean, undefined);

  const infix = await api.call('GET', '/events/summit/sessions?q=raviton');
  assert.deepEqual(infix.body.items.map((s: Hit) => s.snippet && s.snippet.text.slice(s.snippet.matches[0]!.start, s.snippet.matches[0]!.end)), ['raviton', 'raviton', null, 'raviton']);
  assert.equal(infix.body.didYouMean, undefined, 'inside a word is no typo');

  const typo = await api.call('GET', '/events/summit/sessions?q=gravitn');
  assert.equal(typo.status, 200, typo.text);
  assert.equal(typo.body.didYouMean, 'Graviton');
  assert.equal(typo.body.items[0].snippet.text.slice(typo.body.items[0].snippet.matches[0].start, typo.body.items[0].snippet.matches[0].end), 'Graviton');
  const everywhere = await api.call('GET', '/search?q=gravitn');
  assert.equal(everywhere.body.didYouMean, 'Graviton');
  assert.equal(everywhere.body.total, 8);
});

test('a facet whose filter is in use counts the matches of the other filters, so the other choices keep their numbers', async () => {
  const all = await api.call('GET', '/events/summit/sessions?q=graviton');
  const filtered = await api.call('GET', `/events/summit/sessions?q=graviton&track=${encodeURIComponent('AI/ML')}`);
  assert.equal(filtered.status, 200, filtered.text);
  assert.deepEqual(filtered.body.items.map((s: Hit) => s.id).sort(), ['t1', 't2']);
  assert.equal(filtered.body.total, 2);
  assert.deepEqual(filtered.body.facets.track, all.body.facets.track, 'every track keeps its count');
  assert.deepEqual(filtered.body.facets.level, [{ value: '200', count: 1 }, { value: '300', count: 1 }], 'the other facets count the filtered matches');
});

test('forged, foreign and stale cursors are a 400 naming cursor, never a 500', async () => {
  const page = await api.call('GET', '/search?q=graviton&limit=2');
  const cursor: string = page.body.nextCursor;
  const perEvent: string = (await api.call('GET', '/events/summit/sessions?q=graviton&limit=2')).body.nextCursor;
  const flipped = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
  for (const [path, why] of [
    [`/search?q=graviton&cursor=${encodeURIComponent(flipped)}`, 'altered'],
    [`/search?q=lambda&cursor=${encodeURIComponent(cursor)}`, 'another query'],
    [`/search?q=graviton&cursor=${encodeURIComponent(perEvent)}`, 'one event’s search'],
    ['/search?q=graviton&cursor=not-a-cursor', 'garbage'],
    [`/search?q=graviton&cursor=${'x'.repeat(3000)}`, 'too long'],
  ]) {
    const answer = await api.call('GET', path!);
    assert.equal(answer.status, 400, `${why}: ${answer.text}`);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
    assert.ok(answer.body.errors.some((e: { path: string }) => e.path === 'query.cursor'), `${why}: ${answer.text}`);
  }
  const missing = await api.call('GET', '/search');
  assert.equal(missing.status, 400);
  assert.ok(missing.body.errors.some((e: { path: string }) => e.path === 'query.q'), missing.text);
});

test('a change to one event shows in the next search of every event', async () => {
  const current = await api.call('GET', '/events/summit/sessions/t5');
  const patched = await api.call('PATCH', '/events/summit/sessions/t5', {
    token: api.adminToken,
    headers: { 'if-match': current.headers.get('etag')! },
    body: { title: 'Graviton 데이터 레이크' },
  });
  assert.equal(patched.status, 200, patched.text);
  const { hits, total } = await allPages('/search?q=graviton', 25);
  assert.equal(total, 9);
  assert.deepEqual(hits.slice(0, 5).map((h) => `${h.event.id}/${h.id}`), ['seoul-2025/t1', 'seoul-2025/t3', 'summit/t1', 'summit/t3', 'summit/t5']);
});
