/**
 * What the API prints keeps no secrets: public review lists (and their
 * cursors) carry no attendee id, moderation addresses a review by its own id,
 * the calendar-feed token stays out of the URL path that access logs record,
 * nor in what the functions log, even when serving it fails, and every URL
 * the API prints starts with the configured public base URL, whatever Host or
 * X-Forwarded-* headers say.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { logger } from '../../lambda/api/log';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { FaultInjectingHandler } from '../support/faults';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  for (const id of ['one', 'two']) {
    assert.equal((await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body: session({ id }) })).status, 201);
  }
});
after(() => api.close());

/** A cursor is base64url JSON before its MAC: read it as an attacker would. */
const decodedCursor = (cursor: string | null) => (cursor ? Buffer.from(cursor.split('.')[0]!, 'base64url').toString('utf8') : '');

test('public review lists and their cursors hold no attendee id; one attendee’s reviews cannot be linked across sessions', async (t) => {
  const people = ['attendee-alice-0001', 'attendee-bob-000002'];
  const ids: Record<string, string[]> = {};
  for (const sub of people) {
    const token = await api.tokenFor(sub);
    for (const sessionId of ['one', 'two']) {
      const written = await api.call('PUT', `/events/summit/sessions/${sessionId}/reviews/me`, { token, body: { rating: 4, text: '좋았어요' } });
      assert.equal(written.status, 201, written.text);
      assert.equal(written.body.attendeeId, undefined);
      (ids[sub] ??= []).push(written.body.id);
    }
  }
  for (const sessionId of ['one', 'two']) {
    const first = await api.call('GET', `/events/summit/sessions/${sessionId}/reviews?limit=1`);
    const second = await api.call('GET', `/events/summit/sessions/${sessionId}/reviews?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    for (const page of [first, second]) {
      assert.equal(page.status, 200);
      for (const sub of people) {
        assert.ok(!page.text.includes(sub), `${sessionId}: the list names ${sub}`);
        assert.ok(!decodedCursor(page.body.nextCursor).includes(sub), `${sessionId}: the cursor names ${sub}`);
      }
      for (const item of page.body.items) assert.deepEqual(Object.keys(item).sort(), ['createdAt', 'id', 'rating', 'text', 'updatedAt', 'version']);
    }
  }
  t.diagnostic(`4 reviews, 4 list pages and their cursors checked: no attendee id`);
  for (const sub of people) {
    const [inOne, inTwo] = ids[sub]!;
    assert.match(inOne!, /^[a-z0-9]{16,}$/);
    assert.notEqual(inOne, inTwo, 'the same attendee has unrelated ids in two sessions');
  }
});

test('moderation addresses a review by its own id; an attendee id there finds nothing', async () => {
  const carol = await api.tokenFor('attendee-carol-0003');
  const written = await api.call('PUT', '/events/summit/sessions/one/reviews/me', { token: carol, body: { rating: 1, text: 'spam' } });
  assert.equal((await api.call('DELETE', '/events/summit/sessions/one/reviews/attendee-carol-0003', { token: api.adminToken })).status, 404);
  assert.equal((await api.call('DELETE', `/events/summit/sessions/one/reviews/${written.body.id}`, { token: api.adminToken })).status, 204);
  const listed = (await api.call('GET', '/events/summit/sessions/one/reviews?limit=100')).body.items.map((r: { id: string }) => r.id);
  assert.ok(!listed.includes(written.body.id), 'hidden');
  // The author still reads it back under the same id.
  assert.equal((await api.call('GET', '/events/summit/sessions/one/reviews/me', { token: carol })).body.id, written.body.id);
});

test('the calendar-feed token is not in the URL path (what access logs record); the old path form answers nothing', async () => {
  const dave = await api.tokenFor('attendee-dave-00004');
  await api.call('PUT', '/me/agenda/summit/one', { token: dave });
  const created = await api.call('POST', '/me/calendar-feed', { token: dave });
  assert.equal(created.status, 201);
  const url = new URL(created.body.url);
  const token = url.searchParams.get('token')!;
  assert.ok(token && token.length >= 43, created.body.url);
  assert.ok(!url.pathname.includes(token), `the path ${url.pathname} holds the token`);
  assert.equal((await api.call('GET', url.pathname + url.search)).status, 200);
  assert.equal((await api.call('GET', `/calendar/${token}.ics`)).status, 404);
});

test('the functions log no feed token, at any level, even when serving the feed fails', async (t) => {
  // The same table behind a DynamoDB client that can be made to fail (no retries, so one request is one failure).
  const faults = new FaultInjectingHandler(() => 'pass');
  const failing = await startTestApi({ tableName: api.tableName, clientConfig: { requestHandler: faults as never, maxAttempts: 1 } });
  const logged: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  const level = logger().getLevelName();
  try {
    const frank = await failing.tokenFor('attendee-frank-0006');
    await failing.call('PUT', '/me/agenda/summit/one', { token: frank });
    const feedUrl = new URL((await failing.call('POST', '/me/calendar-feed', { token: frank })).body.url);
    const token = feedUrl.searchParams.get('token')!;
    logger().setLogLevel('DEBUG');
    for (const stream of streams) {
      stream.write = ((chunk: string | Uint8Array) => (logged.push(String(chunk)), true)) as typeof stream.write;
    }
    assert.equal((await failing.call('GET', feedUrl.pathname + feedUrl.search)).status, 200);
    faults.plan = (operation) => (operation === 'GetItem' ? 'throttle' : 'pass');
    assert.equal((await failing.call('GET', feedUrl.pathname + feedUrl.search)).status, 503);
    streams.forEach((stream, i) => (stream.write = writes[i]!));
    const text = logged.join('');
    assert.match(text, /database unavailable/, 'the failure was logged, so the capture works');
    for (const form of [token, encodeURIComponent(token)]) assert.ok(!text.includes(form), `a log line holds the feed token: ${text}`);
    t.diagnostic(`${logged.length} log lines written while serving the feed twice (once failing), none holding the token`);
  } finally {
    streams.forEach((stream, i) => (stream.write = writes[i]!));
    logger().setLogLevel(level);
    await failing.close();
  }
});

test('printed URLs come from the configured public base URL, never from Host or X-Forwarded-* headers', async (t) => {
  const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'gopher', forwarded: 'host=evil.example;proto=gopher' };
  const erin = await api.tokenFor('attendee-erin-00005');
  await api.call('PUT', '/me/agenda/summit/one', { token: erin });
  const feed = await api.call('POST', '/me/calendar-feed', { token: erin, headers: forged });
  assert.ok(feed.body.url.startsWith(`${api.publicBaseUrl}/calendar/`), feed.body.url);
  const printed = [
    ...JSON.stringify((await api.call('GET', '/events/summit/schedule.json', { headers: forged })).body).matchAll(/"(?:url|base_url)":"([^"]+)"/g),
  ].map((m) => m[1]!);
  const feedUrl = new URL(feed.body.url);
  for (const path of ['/events/summit/schedule.ics', feedUrl.pathname + feedUrl.search]) {
    const ics = (await api.call('GET', path, { headers: forged })).text.replace(/\r\n[ \t]/g, '');
    printed.push(...[...ics.matchAll(/^URL[^:]*:(.+)$/gm)].map((m) => m[1]!.trim()));
  }
  const agenda = await api.call('GET', '/me/agenda.ics?eventId=summit', { token: erin, headers: forged });
  printed.push(...[...agenda.text.replace(/\r\n[ \t]/g, '').matchAll(/^URL[^:]*:(.+)$/gm)].map((m) => m[1]!.trim()));
  assert.ok(printed.length >= 4, printed.join('\n'));
  t.diagnostic(`${printed.length} printed URLs checked, all under ${api.publicBaseUrl}`);
  for (const link of printed) assert.ok(link.startsWith(`${api.publicBaseUrl}/`), link);
  assert.ok(!printed.some((link) => link.includes('evil.example') || link.startsWith('gopher')));
});
