/**
 * The change feed at its edges: a `since` from anywhere (the beginning, the
 * end, past the end) answers a cursor that misses no later change, and a
 * write that changes nothing a client sees records nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi({ changeFeed: true });
  await createSampleEvent(api);
  assert.equal((await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'talk' }) })).status, 201);
});
after(() => api.close());

interface Change {
  seq: number;
  type: string;
  id: string;
  action: string;
  version: number | null;
}

/** Every change after `since`, following nextCursor to the end. */
async function follow(since: string): Promise<Change[]> {
  const changes: Change[] = [];
  let cursor = since;
  for (;;) {
    const page = await api.call('GET', `/events/summit/changes?since=${cursor}&limit=100`);
    assert.equal(page.status, 200, page.text);
    changes.push(...page.body.items);
    if (page.body.items.length === 0) return changes;
    cursor = page.body.nextCursor;
  }
}

async function newestSeq(): Promise<number> {
  await api.changesCaughtUp();
  return (await follow('0')).at(-1)!.seq;
}

test('following nextCursor from any since, even one past the newest change, misses no later change', async () => {
  let renames = 0;
  const sinces = [(n: number) => n, (n: number) => n + 1, (n: number) => n + 7, (n: number) => n + 1_000_000, () => 999_999_999_999];
  let newest = await newestSeq();
  for (const sinceFrom of sinces) {
    const since = sinceFrom(newest);
    const answer = await api.call('GET', `/events/summit/changes?since=${since}`);
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body.items, []);
    assert.ok(Number(answer.body.nextCursor) <= newest, `since=${since}: nextCursor ${answer.body.nextCursor} is past the newest change ${newest}`);

    // What happens next reaches a client that follows that cursor.
    const current = await api.call('GET', '/events/summit/sessions/talk');
    const renamed = await api.call('PATCH', '/events/summit/sessions/talk', {
      token: api.adminToken,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { title: `제목 ${++renames}` },
    });
    assert.equal(renamed.status, 200, renamed.text);
    await api.changesCaughtUp();
    const seen = await follow(answer.body.nextCursor);
    assert.deepEqual(
      seen.map((c) => [c.seq, c.id, c.version]),
      [[newest + 1, 'talk', renamed.body.version]],
      `since=${since}: the next change is seen exactly once`,
    );
    newest++;
  }
});

test('a write that changes nothing a client sees records nothing and keeps the version', async () => {
  const admin = api.adminToken;
  const before = await newestSeq();
  const speaker = await api.call('GET', '/speakers/ham-giho');
  const event = await api.call('GET', '/events/summit');
  const talk = await api.call('GET', '/events/summit/sessions/talk');
  const { id: _e, version: _ev, ...eventFields } = event.body;

  const writes: [string, () => Promise<{ status: number; body: { version: number } }>, number][] = [
    // Optional fields sent empty are what a client sees when they are absent.
    ['speaker PUT, same profile', () => api.call('PUT', '/speakers/ham-giho', { token: admin, headers: { 'if-match': speaker.headers.get('etag')! }, body: { name: '함기호', company: 'AWS 코리아' } }), speaker.body.version],
    ['speaker PUT, empty role and bio', () => api.call('PUT', '/speakers/ham-giho', { token: admin, headers: { 'if-match': speaker.headers.get('etag')! }, body: { name: ' 함기호 ', company: 'AWS 코리아', role: '', bio: '  ' } }), speaker.body.version],
    ['import, same speaker', () => api.call('POST', '/events/summit/import', { token: admin, body: { speakers: [{ id: 'ham-giho', name: '함기호', company: 'AWS 코리아', role: '' }] } }).then((r) => ({ ...r, body: { version: speaker.body.version } })), speaker.body.version],
    ['event PUT, days in another order', () => api.call('PUT', '/events/summit', { token: admin, headers: { 'if-match': event.headers.get('etag')! }, body: { ...eventFields, days: [...eventFields.days].reverse() } }), event.body.version],
    ['session PATCH, same title', () => api.call('PATCH', '/events/summit/sessions/talk', { token: admin, headers: { 'if-match': talk.headers.get('etag')! }, body: { title: talk.body.title } }), talk.body.version],
    ['session PATCH, empty', () => api.call('PATCH', '/events/summit/sessions/talk', { token: admin, headers: { 'if-match': talk.headers.get('etag')! }, body: {} }), talk.body.version],
    ['session PATCH, removing what is absent', () => api.call('PATCH', '/events/summit/sessions/talk', { token: admin, headers: { 'if-match': talk.headers.get('etag')! }, body: { reservationOpensAt: null } }), talk.body.version],
  ];
  for (const [what, write, version] of writes) {
    const answer = await write();
    assert.equal(answer.status, 200, `${what}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.version, version, `${what} keeps the version`);
  }
  assert.equal((await api.call('GET', '/speakers/ham-giho')).body.version, speaker.body.version);
  assert.equal((await api.call('GET', '/events/summit')).body.version, event.body.version);
  assert.equal((await api.call('GET', '/events/summit/sessions/talk')).body.version, talk.body.version);
  assert.equal(await newestSeq(), before, 'nothing was recorded');
});
