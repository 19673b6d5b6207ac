/**
 * A speaker's sessions are paged, not cut at 100: GET /speakers/{id} answers a
 * page of them with nextCursor, and everything that walks a speaker's talks
 * (renaming them refreshes the search text of each) reaches every one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from '../support/api';

const TALKS = 105;
let api: TestApi;
/** Session ids in the order the speaker's sessions are listed: by event, then time. */
const expected: string[] = [];

const EVENTS = ['marathon-a', 'marathon-b', 'marathon-c', 'marathon-d', 'marathon-e'];

before(async () => {
  api = await startTestApi();
  const speaker = await api.call('PUT', '/speakers/prolific', { token: api.adminToken, body: { name: 'Pat Prolific', company: 'Talks Inc' } });
  assert.equal(speaker.status, 201, speaker.text);
  // One event at a time would make every write contend for the event's speaker count: events side by side,
  // each event's sessions one after another, latest first, so the list's order is the key order and not the write order.
  const perEvent = TALKS / EVENTS.length;
  await Promise.all(
    EVENTS.map(async (eventId, e) => {
      const event = await api.call('PUT', `/events/${eventId}`, { token: api.adminToken, body: { name: eventId, timezone: 'UTC' } });
      assert.equal(event.status, 201, event.text);
      for (let i = perEvent - 1; i >= 0; i--) {
        const start = new Date(Date.UTC(2099, 4, 16) + i * 3600_000);
        const id = `talk-${e}-${String(i).padStart(2, '0')}`;
        const body = { id, title: `Talk ${e}-${i}`, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 1800_000).toISOString(), speakerIds: ['prolific'] };
        const created = await api.call('POST', `/events/${eventId}/sessions`, { token: api.adminToken, body });
        assert.equal(created.status, 201, created.text);
      }
    }),
  );
  for (let e = 0; e < EVENTS.length; e++) for (let i = 0; i < perEvent; i++) expected.push(`talk-${e}-${String(i).padStart(2, '0')}`);
});
after(() => api.close());

async function walk(limit?: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const params = new URLSearchParams({ ...(limit ? { limit: String(limit) } : {}), ...(cursor ? { cursor } : {}) });
    const page = await api.call('GET', `/speakers/prolific?${params}`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.name, 'Pat Prolific');
    ids.push(...page.body.sessions.map((s: { id: string }) => s.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return { ids, pages };
}

test(`GET /speakers/{id} pages all ${TALKS} sessions, by event then time`, async () => {
  const first = await api.call('GET', '/speakers/prolific');
  assert.equal(first.body.sessions.length, 100, 'the first page holds 100 by default');
  assert.equal(typeof first.body.nextCursor, 'string');
  assert.deepEqual(await walk(), { ids: expected, pages: 2 });
  assert.deepEqual(await walk(40), { ids: expected, pages: 3 });
});

test('a bad limit or cursor is a 400 naming it', async () => {
  for (const [query, path] of [['limit=0', 'query.limit'], ['limit=101', 'query.limit'], ['cursor=forged.mac', 'query.cursor']]) {
    const result = await api.call('GET', `/speakers/prolific?${query}`);
    assert.equal(result.status, 400, `${query}: ${result.text}`);
    assert.equal(result.body.errors[0].path, path);
  }
});

test('renaming the speaker refreshes the search text of every one of their sessions, past the 100th', async () => {
  const current = await api.call('GET', '/speakers/prolific');
  const renamed = await api.call('PUT', '/speakers/prolific', {
    token: api.adminToken,
    headers: { 'if-match': current.headers.get('etag')! },
    body: { name: 'Robin Renamed', company: 'Talks Inc' },
  });
  assert.equal(renamed.status, 200, renamed.text);
  let found = 0;
  for (const eventId of EVENTS) {
    let cursor: string | null = null;
    do {
      const page = await api.call('GET', `/events/${eventId}/sessions?q=robin&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200, page.text);
      found += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
  }
  assert.equal(found, TALKS);
});
