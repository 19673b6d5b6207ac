/**
 * Organisers of one event: every staff route of the route table, called by
 * an organiser of another event, is a 403 that changes nothing; the event's
 * own organisers can do each of those things; only admins create events; a
 * speaker who also speaks at someone else's event is an admin's to change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { routes } from '../../lambda/api/routes';
import { createSampleEvent, session, startTestApi, type CallOptions, type TestApi } from '../support/api';

let api: TestApi;
/** Organiser of `elsewhere`, not of `summit`. */
let outsider: string;
/** Organiser of `summit`. */
let organiser: string;
let pollId: string;
/** Alice's review of `kept`, which moderation addresses by its own id. */
let reviewId: string;

const elsewhere = { name: 'Elsewhere Conf', timezone: 'Asia/Seoul', days: [{ date: '2024-06-01' }] };

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const admin = { token: api.adminToken };
  const ok = (result: { status: number; text: string }, status: number) => assert.equal(result.status, status, result.text);
  ok(await api.call('PUT', '/events/elsewhere', { ...admin, body: elsewhere }), 201);
  // ham-giho speaks only at summit; werner-vogels at summit and at elsewhere.
  ok(await api.call('POST', '/events/summit/sessions', { ...admin, body: session({ id: 'kept', speakerIds: ['ham-giho', 'werner-vogels'] }) }), 201);
  ok(await api.call('POST', '/events/elsewhere/sessions', {
    ...admin,
    body: session({ id: 'away', speakerIds: ['werner-vogels'], startsAt: '2024-06-01T10:00:00+09:00', endsAt: '2024-06-01T11:00:00+09:00' }),
  }), 201);
  const poll = await api.call('POST', '/events/summit/sessions/kept/polls', { ...admin, body: { question: 'Graviton?', options: ['yes', 'no'] } });
  ok(poll, 201);
  pollId = poll.body.id;
  const review = await api.call('PUT', '/events/summit/sessions/kept/reviews/me', { token: await api.tokenFor('alice'), body: { rating: 4 } });
  ok(review, 201);
  reviewId = review.body.id;
  outsider = await api.tokenFor('olga', { organiserOf: ['elsewhere'] });
  organiser = await api.tokenFor('bob', { organiserOf: ['summit'] });
});
after(() => api.close());

const concrete = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) =>
    ({ eventId: 'summit', sessionId: 'kept', speakerId: 'ham-giho', pollId, reviewId, webhookId: 'hook' })[name] ?? `some-${name.toLowerCase()}`);

/** The version a replace names in If-Match: the one just read. */
const etagOf = async (path: string) => (await api.call('GET', path)).headers.get('etag')!;

/** A request each operation would carry out if it were let through: valid bodies and current versions. */
async function attemptOf(operation: string, path: string): Promise<CallOptions> {
  switch (operation) {
    case 'putEvent': {
      const { name: _name, venue, timezone, days, tracks } = (await api.call('GET', path)).body;
      return { body: { name: 'Hijacked', venue, timezone, days, tracks }, headers: { 'if-match': await etagOf(path) } };
    }
    case 'createSession':
      return { body: session({ id: 'planted' }) };
    case 'updateSession':
      return { body: { title: 'Hijacked' }, headers: { 'if-match': await etagOf(path) } };
    case 'importCatalogue':
      return { body: { speakers: [{ id: 'ham-giho', name: 'Hijacked' }], sessions: [session({ id: 'planted' })] } };
    case 'putSpeaker':
      return { body: { name: 'Hijacked' }, headers: { 'if-match': await etagOf(path) } };
    case 'putWebhook':
      return { body: { url: 'http://127.0.0.1:9/hook' } };
    case 'createPoll':
      return { body: { question: 'Hijacked?', options: ['a', 'b'] } };
    case 'closePoll':
      return { body: { closed: true } };
    default:
      return {};
  }
}

/** Everything the staff routes could change, as the public (and an admin) sees it. */
async function snapshot() {
  const paths = [
    '/events', '/events/summit', '/events/elsewhere', '/events/summit/sessions?limit=100', '/events/elsewhere/sessions?limit=100',
    '/events/summit/sessions/kept', '/events/summit/speakers', '/speakers/ham-giho', '/speakers/werner-vogels',
    '/events/summit/sessions/kept/polls', '/events/summit/sessions/kept/reviews', '/events/summit/sessions/planted',
  ];
  const reads = await Promise.all(paths.map(async (p) => `${p} ${(await api.call('GET', p)).text}`));
  const hook = await api.call('GET', '/events/summit/webhooks/hook', { token: api.adminToken });
  return [...reads, `webhook ${hook.status}`];
}

const staffRoutes = routes.filter((r) => r.access !== 'public' && r.access !== 'attendee');

describe('an organiser of another event', () => {
  test('the route table has the staff routes this file walks', () => {
    assert.ok(staffRoutes.length >= 12, `${staffRoutes.length} staff routes`);
  });

  for (const route of staffRoutes) {
    test(`${route.method} ${route.path}: 403, nothing changed`, async () => {
      const path = concrete(route.path);
      const before = await snapshot();
      const result = await api.call(route.method, path, { ...(await attemptOf(route.operation, path)), token: outsider });
      assert.equal(result.status, 403, result.text);
      assert.equal(result.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(await snapshot(), before);
    });
  }
});

describe("the event's own organiser", () => {
  test('changes the event, its sessions, polls, reviews, imports and webhooks', async () => {
    const as = (options: CallOptions) => ({ ...options, token: organiser });
    const event = await api.call('PUT', '/events/summit', as(await attemptOf('putEvent', '/events/summit')));
    assert.equal(event.status, 200, event.text);
    assert.equal(event.body.name, 'Hijacked');
    assert.equal((await api.call('POST', '/events/summit/sessions', as({ body: session({ id: 'added' }) }))).status, 201);
    const patched = await api.call('PATCH', '/events/summit/sessions/added', as(await attemptOf('updateSession', '/events/summit/sessions/added')));
    assert.equal(patched.status, 200, patched.text);
    const poll = await api.call('POST', '/events/summit/sessions/added/polls', as({ body: { question: 'q', options: ['a', 'b'] } }));
    assert.equal(poll.status, 201, poll.text);
    assert.equal((await api.call('PATCH', `/events/summit/sessions/added/polls/${poll.body.id}`, as({ body: { closed: true } }))).status, 200);
    assert.equal((await api.call('DELETE', `/events/summit/sessions/kept/reviews/${reviewId}`, as({}))).status, 204);
    const imported = await api.call('POST', '/events/summit/import', as({ body: { sessions: [session({ id: 'imported' })] } }));
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual(imported.body.created.sessions, ['imported']);
    // Webhooks: past the access check to the resource itself (no delivery is ever made here).
    assert.equal((await api.call('GET', '/events/summit/webhooks/none', as({}))).status, 404);
    assert.equal((await api.call('DELETE', '/events/summit/webhooks/none', as({}))).status, 404);
    const badHook = await api.call('PUT', '/events/summit/webhooks/none', as({ body: { url: 'ftp://example.com/x' } }));
    assert.equal(badHook.status, 400, badHook.text);
    assert.equal((await api.call('DELETE', '/events/summit/sessions/added', as({}))).status, 204);
  });

  test('only an admin creates an event, even for an organiser named for it ahead of time', async () => {
    const early = await api.tokenFor('bob', { organiserOf: ['summit', 'next-year'] });
    const result = await api.call('PUT', '/events/next-year', { token: early, body: elsewhere });
    assert.equal(result.status, 403, result.text);
    assert.equal((await api.call('GET', '/events/next-year')).status, 404);
    assert.equal((await api.call('PUT', '/events/next-year', { token: api.adminToken, body: elsewhere })).status, 201);
    const replaced = await api.call('PUT', '/events/next-year', { token: early, body: { ...elsewhere, name: 'Next year' }, headers: { 'if-match': '"1"' } });
    assert.equal(replaced.status, 200, replaced.text);
  });
});

describe('speakers', () => {
  test('an organiser creates speakers and changes those who speak only at their events', async () => {
    const created = await api.call('PUT', '/speakers/new-voice', { token: organiser, body: { name: 'New Voice' } });
    assert.equal(created.status, 201, created.text);
    const mine = await api.call('PUT', '/speakers/ham-giho', { token: organiser, body: { name: '함기호', company: 'AWS' }, headers: { 'if-match': await etagOf('/speakers/ham-giho') } });
    assert.equal(mine.status, 200, mine.text);
  });

  test('a speaker who also speaks at another organiser\'s event is 403 by PUT and rejected by import, unchanged', async () => {
    const before = (await api.call('GET', '/speakers/werner-vogels')).text;
    const put = await api.call('PUT', '/speakers/werner-vogels', { token: organiser, body: { name: 'Hijacked' }, headers: { 'if-match': await etagOf('/speakers/werner-vogels') } });
    assert.equal(put.status, 403, put.text);
    const imported = await api.call('POST', '/events/summit/import', {
      token: organiser,
      body: { speakers: [{ id: 'werner-vogels', name: 'Hijacked' }, { id: 'another-voice', name: 'Another Voice' }] },
    });
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual(imported.body.created.speakers, ['another-voice']);
    assert.deepEqual(imported.body.rejected.map((r: { id: string; errors: { path: string }[] }) => [r.id, r.errors[0]!.path]), [['werner-vogels', 'body.speakers[0]']]);
    assert.equal((await api.call('GET', '/speakers/werner-vogels')).text, before);
    // Sending the speaker as stored changes nothing and is not refused; an admin changes them.
    const same = await api.call('POST', '/events/summit/import', { token: organiser, body: { speakers: [{ id: 'werner-vogels', name: 'Dr. Werner Vogels', company: 'Amazon.com' }] } });
    assert.deepEqual(same.body.unchanged.speakers, ['werner-vogels']);
    const byAdmin = await api.call('PUT', '/speakers/werner-vogels', { token: api.adminToken, body: { name: 'Werner Vogels' }, headers: { 'if-match': await etagOf('/speakers/werner-vogels') } });
    assert.equal(byAdmin.status, 200, byAdmin.text);
  });
});
