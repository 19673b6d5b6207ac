/** Live polls: one vote per attendee, moving a vote, closing, and counts that equal a recount under concurrency. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pool } from '../../bench/support';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { createDocumentClient } from '../../lambda/store/dynamo-client';
import { createStores } from '../../lambda/store/stores';

let api: TestApi;
const base = '/events/summit/sessions/talk/polls';

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'talk' }) });
});
after(() => api.close());

async function newPoll(body: Record<string, unknown> = { question: '서버리스를 써 보셨나요?', options: ['네', '아니요', '곧 써 볼 예정'] }) {
  const created = await api.call('POST', base, { token: api.adminToken, body });
  assert.equal(created.status, 201, created.text);
  return created.body.id as string;
}
const pollOf = async (id: string) => (await api.call('GET', base)).body.items.find((p: { id: string }) => p.id === id);
const votes = (poll: { options: { votes: number }[] }) => poll.options.map((o) => o.votes);

test('an attendee votes once; voting again moves the vote; the same vote twice changes nothing', async () => {
  const id = await newPoll();
  const alice = await api.tokenFor('alice');
  assert.equal((await api.call('PUT', `${base}/${id}/vote`, { token: alice, body: { option: 0 } })).status, 200);
  assert.deepEqual(votes(await pollOf(id)), [1, 0, 0]);
  await api.call('PUT', `${base}/${id}/vote`, { token: alice, body: { option: 2 } });
  assert.deepEqual(votes(await pollOf(id)), [0, 0, 1]);
  await api.call('PUT', `${base}/${id}/vote`, { token: alice, body: { option: 2 } });
  const poll = await pollOf(id);
  assert.deepEqual(votes(poll), [0, 0, 1]);
  assert.equal(poll.total, 1);
  assert.deepEqual(poll.options.map((o: { text: string }) => o.text), ['네', '아니요', '곧 써 볼 예정']);
});

test('bad polls and bad votes are 4xx naming the field and change nothing', async () => {
  for (const [body, path] of [
    [{ question: 'q', options: ['only one'] }, 'body.options'],
    [{ question: 'q', options: Array.from({ length: 11 }, (_, i) => `o${i}`) }, 'body.options'],
    [{ question: 'q', options: ['a', 'a'] }, 'body.options[1]'],
    [{ question: '', options: ['a', 'b'] }, 'body.question'],
    [{ question: 'q', options: ['a', 'b'], closesAt: 'tomorrow' }, 'body.closesAt'],
  ] as const) {
    const result = await api.call('POST', base, { token: api.adminToken, body });
    assert.equal(result.status, 400, JSON.stringify(body));
    assert.equal(result.body.errors[0].path, path);
  }
  const id = await newPoll();
  const bob = await api.tokenFor('bob');
  const outOfRange = await api.call('PUT', `${base}/${id}/vote`, { token: bob, body: { option: 3 } });
  assert.equal(outOfRange.status, 400);
  assert.equal(outOfRange.body.errors[0].path, 'body.option');
  assert.equal((await api.call('PUT', `${base}/${id}/vote`, { token: bob, body: { option: 'yes' } })).status, 400);
  assert.equal((await api.call('PUT', `${base}/p-nope/vote`, { token: bob, body: { option: 0 } })).status, 404);
  assert.deepEqual(votes(await pollOf(id)), [0, 0, 0]);
  assert.equal((await api.call('POST', '/events/summit/sessions/none/polls', { token: api.adminToken, body: { question: 'q', options: ['a', 'b'] } })).status, 404);
});

test('a closed poll refuses votes clearly: closed early by an admin, or past closesAt', async () => {
  const id = await newPoll();
  const carol = await api.tokenFor('carol');
  await api.call('PUT', `${base}/${id}/vote`, { token: carol, body: { option: 1 } });
  const closed = await api.call('PATCH', `${base}/${id}`, { token: api.adminToken, body: { closed: true } });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.closed, true);
  const refused = await api.call('PUT', `${base}/${id}/vote`, { token: carol, body: { option: 0 } });
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /closed/);
  assert.deepEqual(votes(await pollOf(id)), [0, 1, 0]);

  const expired = await newPoll({ question: 'Past?', options: ['a', 'b'], closesAt: '2020-01-01T00:00:00Z' });
  assert.equal((await pollOf(expired)).closed, true);
  assert.equal((await api.call('PUT', `${base}/${expired}/vote`, { token: carol, body: { option: 0 } })).status, 409);
});

test('hundreds voting and re-voting, 20 at once: counts equal a recount and sum to the number of voters', async (t) => {
  const id = await newPoll({ question: 'Favourite service?', options: ['Lambda', 'DynamoDB', 'S3', 'Graviton'] });
  const voters = await Promise.all(Array.from({ length: 200 }, (_, i) => api.tokenFor(`voter-${i}`)));
  const started = performance.now();
  let busy = 0;
  // Every voter votes, then changes their mind twice, 20 voters at once. A 503
  // (the store stayed busy past the server's own retries) is retried as a client would: it
  // must have changed nothing, which the recount below checks. (More at once only measures how
  // DynamoDB Local queues transactions on one item, not whether the counts hold.)
  await pool([...voters.keys()], 20, async (i) => {
    const token = voters[i]!;
    for (const option of [i % 4, (i + 1) % 4, (i * 7) % 4]) {
      for (let attempt = 1; ; attempt++) {
        const result = await api.call('PUT', `${base}/${id}/vote`, { token, body: { option } });
        if (result.status === 503 && attempt < 10) {
          busy++;
          await new Promise((r) => setTimeout(r, 50 * attempt));
          continue;
        }
        assert.equal(result.status, 200, result.text);
        break;
      }
    }
  });
  t.diagnostic(`600 votes, ${busy} answered 503 (busy) and were sent again`);
  const elapsed = performance.now() - started;
  const poll = await pollOf(id);
  const doc = createDocumentClient();
  const recorded = await createStores(doc, api.tableName).engagement.votesOf('summit', 'talk', id);
  doc.destroy();
  const recount = [0, 1, 2, 3].map((option) => recorded.filter((v) => v.option === option).length);
  assert.equal(recorded.length, 200);
  assert.deepEqual(votes(poll), recount);
  assert.deepEqual(recount, [0, 1, 2, 3].map((option) => voters.filter((_, i) => (i * 7) % 4 === option).length));
  assert.equal(poll.total, 200);
  process.stdout.write(`# polls: 600 votes by 200 voters in ${elapsed.toFixed(0)} ms; counts ${JSON.stringify(votes(poll))} = recount\n`);
});

test('deleting a session takes its polls, votes and reviews with it', async () => {
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'gone' }) });
  const poll = await api.call('POST', '/events/summit/sessions/gone/polls', { token: api.adminToken, body: { question: 'q', options: ['a', 'b'] } });
  const dave = await api.tokenFor('dave');
  await api.call('PUT', `/events/summit/sessions/gone/polls/${poll.body.id}/vote`, { token: dave, body: { option: 1 } });
  await api.call('PUT', '/events/summit/sessions/gone/reviews/me', { token: dave, body: { rating: 3 } });
  assert.equal((await api.call('DELETE', '/events/summit/sessions/gone', { token: api.adminToken })).status, 204);
  const doc = createDocumentClient();
  const left = await createStores(doc, api.tableName).attendance.sessionChildren({ eventId: 'summit', sessionId: 'gone', shards: 1 });
  doc.destroy();
  assert.deepEqual(left, []);
  assert.equal((await api.call('GET', '/events/summit/sessions/gone/polls')).status, 404);
  // A session created again with the same id starts clean.
  await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id: 'gone' }) });
  assert.deepEqual((await api.call('GET', '/events/summit/sessions/gone/reviews')).body.summary.count, 0);
});

test('an attendee reads back their own vote, and only their own', async () => {
  const id = await newPoll();
  const erin = await api.tokenFor('erin');
  assert.equal((await api.call('GET', `${base}/${id}/vote`, { token: erin })).status, 404);
  await api.call('PUT', `${base}/${id}/vote`, { token: erin, body: { option: 1 } });
  const mine = await api.call('GET', `${base}/${id}/vote`, { token: erin });
  assert.deepEqual(mine.body, { pollId: id, option: 1 });
  assert.equal((await api.call('GET', `${base}/${id}/vote`, { token: await api.tokenFor('frank') })).status, 404);
  assert.equal((await api.call('GET', `${base}/${id}/vote`)).status, 401);
});
