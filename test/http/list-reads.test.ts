/**
 * A session list does not wait for the event before it reads the sessions:
 * the event (for its 404 and its time zone) and the page's Query are in
 * flight together, then the page's seats. Only a `day` depends on the
 * event's zone, taken from the last read of the event; a changed zone is
 * read again, never answered with the old one. A `status` alone reads a
 * partition per type, the event's types likewise taken from its last read.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestLog } from '../support/request-log';
import { sessionTypes } from '../../lambda/domain/vocabulary';
import { createSampleEvent, importSessions, session, startTestApi, type TestApi } from '../support/api';

const log = new RequestLog();
let api: TestApi;

// 08:00 in Seoul is the day before in UTC; 01:00 on the 17th in Seoul is the 16th in UTC.
const sessions = [
  session({ id: 'early', track: 'AI/ML', startsAt: '2024-05-16T08:00:00+09:00', endsAt: '2024-05-16T08:40:00+09:00' }),
  session({ id: 'morning', track: 'AI/ML', startsAt: '2024-05-16T10:00:00+09:00', endsAt: '2024-05-16T10:40:00+09:00' }),
  session({ id: 'late', track: 'AI/ML', startsAt: '2024-05-17T01:00:00+09:00', endsAt: '2024-05-17T01:40:00+09:00' }),
];

before(async () => {
  api = await startTestApi({ clientConfig: { requestHandler: log as never } });
  await createSampleEvent(api);
  await importSessions(api, sessions);
});
after(() => api.close());

/** A list page, the DynamoDB operations it made (the first two in either order), and whether those two were in flight together. */
async function listed(query: string) {
  log.take();
  const page = await api.call('GET', `/events/summit/sessions?${query}`);
  assert.equal(page.status, 200, page.text);
  const requests = log.take();
  return {
    ids: page.body.items.map((s: { id: string }) => s.id),
    operations: [...requests.slice(0, 2).map((r) => r.operation).sort(), ...requests.slice(2).map((r) => r.operation)],
    together: requests.length > 1 && requests[1]!.started < requests[0]!.ended!,
  };
}

test('a list reads the event and its page in one round, then the seats', async () => {
  const byTrack = await listed('track=AI/ML&limit=2');
  console.log(`?track=AI/ML&limit=2: ${byTrack.operations.join(' + ')}, event and page in flight together: ${byTrack.together}`);
  assert.deepEqual(byTrack.operations, ['GetItem', 'Query', 'BatchGetItem']);
  assert.ok(byTrack.together);
  assert.deepEqual(byTrack.ids, ['early', 'morning']);
  assert.equal((await api.call('GET', '/events/nowhere/sessions')).status, 404);
});

test('a day list uses the zone last read, and reads its page again when the zone changed', async () => {
  await listed('day=2024-05-16');
  const seoul = await listed('day=2024-05-16');
  console.log(`?day= with the zone known: ${seoul.operations.join(' + ')}, in flight together: ${seoul.together}`);
  assert.deepEqual(seoul.ids, ['early', 'morning']);
  assert.deepEqual(seoul.operations, ['GetItem', 'Query', 'BatchGetItem']);
  assert.ok(seoul.together);

  const event = await api.call('GET', '/events/summit');
  const { id: _id, version: _version, ...fields } = event.body;
  const moved = await api.call('PUT', '/events/summit', { token: api.adminToken, headers: { 'if-match': event.headers.get('etag')! }, body: { ...fields, timezone: 'UTC' } });
  assert.equal(moved.status, 200, moved.text);
  const utc = await listed('day=2024-05-16');
  console.log(`?day= after the zone moved to UTC: ${utc.operations.join(' + ')}`);
  assert.deepEqual(utc.ids, ['morning', 'late']);
  assert.deepEqual(utc.operations, ['GetItem', 'Query', 'Query', 'BatchGetItem']);
});

test("a status list uses the event's types last read, and reads its page again when the types changed", async () => {
  const cancelled = async () => {
    log.take();
    const page = await api.call('GET', '/events/summit/sessions?status=cancelled');
    assert.equal(page.status, 200, page.text);
    const requests = log.take();
    const event = requests.find((r) => r.operation === 'GetItem')!;
    const queries = requests.filter((r) => r.operation === 'Query');
    return { ids: page.body.items.map((s: { id: string }) => s.id), queries: queries.length, together: queries.some((q) => q.started < event.ended!) };
  };
  const cancel = async (id: string) => {
    const current = await api.call('GET', `/events/summit/sessions/${id}`);
    const done = await api.call('PATCH', `/events/summit/sessions/${id}`, { token: api.adminToken, headers: { 'if-match': current.headers.get('etag')! }, body: { status: 'cancelled' } });
    assert.equal(done.status, 200, done.text);
  };
  await cancel('morning');
  await cancelled();
  const known = await cancelled();
  console.log(`?status=cancelled with the types known: ${known.queries} Queries, in flight with the event's read: ${known.together}`);
  assert.deepEqual(known.ids, ['morning']);
  assert.ok(known.together);

  // A type added since: its partition was not in the guess, so the page is read again with it.
  const event = await api.call('GET', '/events/summit');
  const { id: _id, version: _version, ...fields } = event.body;
  const typed = await api.call('PUT', '/events/summit', { token: api.adminToken, headers: { 'if-match': event.headers.get('etag')! }, body: { ...fields, types: [...(event.body.types ?? sessionTypes), 'chalk-talk'] } });
  assert.equal(typed.status, 200, typed.text);
  const late = await api.call('GET', '/events/summit/sessions/late');
  const chalk = await api.call('PATCH', '/events/summit/sessions/late', { token: api.adminToken, headers: { 'if-match': late.headers.get('etag')! }, body: { type: 'chalk-talk' } });
  assert.equal(chalk.status, 200, chalk.text);
  await cancel('late');
  const after = await cancelled();
  console.log(`?status=cancelled after a type was added: ${after.queries} Queries`);
  assert.deepEqual(after.ids, ['morning', 'late']);
  assert.equal(after.queries, known.queries + (known.queries + 1), "the guess with the old types, then the page with the new");
});
