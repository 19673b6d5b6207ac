/**
 * The change feed, built from DynamoDB Local's stream by the same consumer
 * that runs on DynamoDB Streams: a client that follows it from the start
 * rebuilds exactly the current catalogue, and its cursor never skips or
 * repeats, even when read while edits are still happening.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi({ changeFeed: true });
  await createSampleEvent(api);
});
after(() => api.close());

interface Change {
  seq: number;
  type: 'event' | 'session' | 'speaker';
  id: string;
  action: string;
  version: number | null;
  data: Record<string, unknown> | null;
}

async function follow(since: string, pageSize: number): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  let cursor = since;
  for (;;) {
    const page = await api.call('GET', `/events/summit/changes?since=${cursor}&limit=${pageSize}`);
    assert.equal(page.status, 200, page.text);
    changes.push(...page.body.items);
    if (page.body.items.length === 0) return { changes, cursor };
    cursor = page.body.nextCursor;
  }
}

test('a client following the feed from the start rebuilds exactly the current catalogue', async () => {
  const rng = fc.sample(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 60, maxLength: 60 }), { numRuns: 1, seed: 7 })[0]!;
  let r = 0;
  const next = (n: number) => rng[r++ % rng.length]! % n;
  const ids: string[] = [];
  const versions = new Map<string, number>();
  const seen: Change[] = [];
  let cursor = '0';

  for (let step = 0; step < 40; step++) {
    const choice = ids.length === 0 ? 0 : next(6);
    if (choice === 0 || choice === 1) {
      const id = `s-${step}`;
      const result = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id, speakerIds: next(2) ? ['ham-giho'] : [] }) });
      assert.equal(result.status, 201);
      ids.push(id);
      versions.set(id, 1);
    } else if (choice === 2 || choice === 3) {
      const id = ids[next(ids.length)]!;
      const body = [{ title: `제목 ${step}` }, { track: 'AI/ML' }, { speakerIds: ['werner-vogels'] }, { status: 'cancelled' }][next(4)]!;
      const result = await api.call('PATCH', `/events/summit/sessions/${id}`, { token: api.adminToken, headers: { 'if-match': `"${versions.get(id)}"` }, body });
      assert.equal(result.status, 200, result.text);
      versions.set(id, result.body.version);
    } else if (choice === 4) {
      const id = ids.splice(next(ids.length), 1)[0]!;
      assert.equal((await api.call('DELETE', `/events/summit/sessions/${id}`, { token: api.adminToken })).status, 204);
    } else {
      const current = await api.call('GET', '/speakers/ham-giho');
      const renamed = await api.call('PUT', '/speakers/ham-giho', {
        token: api.adminToken,
        headers: { 'if-match': current.headers.get('etag')! },
        body: { name: `함기호 ${step}`, company: 'AWS 코리아' },
      });
      assert.equal(renamed.status, 200);
    }
    // Read the feed now and then while edits go on, in pages of varying size.
    if (step % 7 === 0) {
      const read = await follow(cursor, 1 + next(5));
      seen.push(...read.changes);
      cursor = read.cursor;
    }
  }
  await api.call('PUT', '/events/summit', {
    token: api.adminToken,
    headers: { 'if-match': (await api.call('GET', '/events/summit')).headers.get('etag')! },
    body: { name: 'AWS Summit Seoul 2024 (renamed)', timezone: 'Asia/Seoul', days: [{ date: '2024-05-16' }, { date: '2024-05-17' }], tracks: ['AI/ML', 'DevOps, Cloud', '금융/핀테크'] },
  });
  const started = performance.now();
  await api.changesCaughtUp();
  const lag = performance.now() - started;
  seen.push(...(await follow(cursor, 100)).changes);

  // Never skips or repeats: the sequence numbers are 1..N exactly once each.
  assert.deepEqual(seen.map((c) => c.seq), Array.from({ length: seen.length }, (_, i) => i + 1));

  // Replay.
  let event: Record<string, unknown> | undefined;
  const sessions = new Map<string, Record<string, unknown>>();
  const speakers = new Map<string, Record<string, unknown>>();
  for (const change of seen) {
    if (change.type === 'event') event = change.data!;
    else if (change.type === 'speaker') speakers.set(change.id, change.data!);
    else if (change.action === 'deleted') sessions.delete(change.id);
    else sessions.set(change.id, change.data!);
  }

  const current = await api.call('GET', '/events/summit');
  assert.deepEqual(event, current.body);
  const list = (await api.call('GET', '/events/summit/sessions?limit=100')).body.items.map(({ seats: _seats, ...rest }: Record<string, unknown>) => rest);
  assert.deepEqual(
    [...sessions.values()].sort((a, b) => String(a.id).localeCompare(String(b.id))),
    list.sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id)),
  );
  assert.ok(list.some((s: { status: string }) => s.status === 'cancelled') || !seen.some((c) => c.action === 'cancelled'));
  for (const speakerId of new Set(list.flatMap((s: { speakerIds: string[] }) => s.speakerIds))) {
    const { sessions: _sessions, nextCursor: _nextCursor, ...profile } = (await api.call('GET', `/speakers/${speakerId}`)).body;
    assert.deepEqual(speakers.get(speakerId as string), profile, `speaker ${speakerId}`);
  }
  process.stdout.write(`# change feed: ${seen.length} changes replayed; the feed caught up ${lag.toFixed(0)} ms after the last write\n`);
});

test('the feed validates its cursor and knows cancellations', async () => {
  const bad = await api.call('GET', '/events/summit/changes?since=abc');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors[0].path, 'query.since');
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'to-cancel' }) });
  await api.call('PATCH', '/events/summit/sessions/to-cancel', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { status: 'cancelled' } });
  await api.changesCaughtUp();
  const all = await api.call('GET', '/events/summit/changes?since=0&limit=100');
  let changes: Change[] = all.body.items;
  let cursor = all.body.nextCursor;
  for (;;) {
    const page = await api.call('GET', `/events/summit/changes?since=${cursor}&limit=100`);
    if (page.body.items.length === 0) break;
    changes = [...changes, ...page.body.items];
    cursor = page.body.nextCursor;
  }
  const mine = changes.filter((c) => c.id === 'to-cancel').map((c) => [c.action, c.version]);
  assert.deepEqual(mine, [['created', 1], ['cancelled', 2]]);
  const atEnd = await api.call('GET', `/events/summit/changes?since=${cursor}`);
  assert.deepEqual([atEnd.body.items, atEnd.body.nextCursor], [[], cursor], 'at the end, the cursor stays put');
});
