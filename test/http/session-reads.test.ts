/**
 * GET one session is one request to DynamoDB: the session item carries its
 * speakers' profiles (kept current by the speaker fan-out) and its seat
 * counter is read in the same BatchGetItem. A speaker's change reaches the
 * session and its ETag; a reservation reaches its seats and its ETag.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestLog } from '../support/request-log';
import { createSampleEvent, importSessions, reservable, startTestApi, type TestApi } from '../support/api';

const log = new RequestLog();
let api: TestApi;

before(async () => {
  api = await startTestApi({ clientConfig: { requestHandler: log as never } });
  await createSampleEvent(api);
  await importSessions(api, [reservable({ id: 'duo', speakerIds: ['werner-vogels', 'ham-giho'], capacity: 3 })]);
});
after(() => api.close());

async function read(headers: Record<string, string> = {}) {
  log.take();
  const answer = await api.call('GET', '/events/summit/sessions/duo', { headers });
  return { answer, operations: log.take().map((r) => r.operation) };
}

test('GET one session reads the session, its speakers and its seats in one request', async () => {
  const { answer, operations } = await read();
  console.log(`GET one session: ${operations.join(' + ')}`);
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(operations, ['BatchGetItem']);
  assert.deepEqual(answer.body.speakers.map((s: { id: string }) => s.id), ['werner-vogels', 'ham-giho'], 'in the session’s order');
  assert.equal(answer.body.speakers[0].company, 'Amazon.com');
  assert.deepEqual(answer.body.seats, { capacity: 3, taken: 0, waitlisted: 0 });
});

test('a speaker’s new profile reaches the session and changes its ETag; a reservation does too', async () => {
  const before = await read();
  const speaker = await api.call('GET', '/speakers/ham-giho');
  const bio = await api.call('PUT', '/speakers/ham-giho', {
    token: api.adminToken,
    headers: { 'if-match': speaker.headers.get('etag')! },
    body: { name: '함기호', company: 'AWS 코리아', role: 'Principal SA', bio: 'Optimisation on Graviton' },
  });
  assert.equal(bio.status, 200, bio.text);
  const after = await read({ 'if-none-match': before.answer.headers.get('etag')! });
  assert.equal(after.answer.status, 200, 'not a 304 with the old profile');
  assert.deepEqual(after.operations, ['BatchGetItem']);
  assert.equal(after.answer.body.speakers[1].role, 'Principal SA');
  assert.equal(after.answer.body.speakers[1].bio, 'Optimisation on Graviton');
  assert.equal(after.answer.body.speakers[1].version, bio.body.version);
  assert.equal(after.answer.body.version, before.answer.body.version, 'the session itself did not change');
  assert.equal((await read({ 'if-none-match': after.answer.headers.get('etag')! })).answer.status, 304);

  await api.call('PUT', '/events/summit/sessions/duo/reservation', { token: await api.tokenFor('reader-ann') });
  const reserved = await read({ 'if-none-match': after.answer.headers.get('etag')! });
  assert.equal(reserved.answer.status, 200);
  assert.equal(reserved.answer.body.seats.taken, 1);
});

test('a session that does not exist is a 404 from the same one request', async () => {
  log.take();
  const missing = await api.call('GET', '/events/summit/sessions/nowhere');
  assert.equal(missing.status, 404);
  assert.deepEqual(log.take().map((r) => r.operation), ['BatchGetItem']);
});
