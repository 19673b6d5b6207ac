/**
 * The change feed at its edges: a `since` from anywhere (the beginning, the
 * end, past the end) answers a cursor that misses no later change.
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
