import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, reservable, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
});
after(() => api.close());

const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api.call('POST', '/events/summit/sessions', { token: api.adminToken, body, headers });

describe('create and read a session', () => {
  test('POST answers 201 with Location, ETag and the stored session; GET reads it back with speakers', async () => {
    const created = await create(session({ id: 'graviton' }));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('location'), '/events/summit/sessions/graviton');
    assert.match(created.headers.get('etag')!, /^"1\.[\w-]+"$/, 'the version, then a hash of the answer');
    assert.equal(created.body.version, 1);
    assert.deepEqual(created.body.seats, { capacity: 40, taken: 0, waitlisted: 0 });

    const read = await api.call('GET', '/events/summit/sessions/graviton');
    assert.equal(read.status, 200);
    assert.match(read.headers.get('etag')!, /^"1\./);
    assert.equal(read.body.title, 'AWS Graviton과 함께하는 계획문제 최적화 애플리케이션 개발');
    assert.deepEqual(read.body.speakers.map((s: { name: string }) => s.name), ['함기호']);
    assert.equal(read.body.speakers[0].company, 'AWS 코리아');
  });

  test('times come back in the event zone whatever offset they were sent with', async () => {
    const created = await create(session({ id: 'utc-sent', startsAt: '2024-05-16T05:00:00Z', endsAt: '2024-05-16T05:40:00Z' }));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.startsAt, '2024-05-16T14:00:00+09:00');
    assert.equal(created.body.endsAt, '2024-05-16T14:40:00+09:00');
  });

  test('a server-made id is a slug; the same Idempotency-Key makes one session, not two', async () => {
    const body = session({ title: 'Idempotent create', room: 'Room 900' });
    const first = await create(body, { 'idempotency-key': 'retry-me-123' });
    const second = await create(body, { 'idempotency-key': 'retry-me-123' });
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.match(first.body.id, /^[a-z0-9][a-z0-9-]{0,63}$/);
    assert.equal(second.body.id, first.body.id);
    const inRoom = await api.call('GET', `/events/summit/sessions?room=${encodeURIComponent('Room 900')}`);
    assert.equal(inRoom.body.items.length, 1);
  });

  test('creating an existing id with other content is a 409 and changes nothing', async () => {
    const again = await create(session({ id: 'graviton', title: 'Something else' }));
    assert.equal(again.status, 409);
    assert.equal(again.headers.get('content-type'), 'application/problem+json');
    const read = await api.call('GET', '/events/summit/sessions/graviton');
    assert.equal(read.body.version, 1);
    assert.notEqual(read.body.title, 'Something else');
  });

  test('an unknown speaker is a 422 naming the entry, and nothing is written', async () => {
    const bad = await create(session({ id: 'ghost-talk', speakerIds: ['ham-giho', 'nobody'] }));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors, [{ path: 'body.speakerIds[1]', message: 'speaker nobody does not exist' }]);
    assert.equal((await api.call('GET', '/events/summit/sessions/ghost-talk')).status, 404);
  });

  test('a session outside the event days, or in an undeclared track, is a 422 naming the field', async () => {
    const offDay = await create(session({ id: 'off-day', startsAt: '2024-05-20T10:00:00+09:00', endsAt: '2024-05-20T11:00:00+09:00' }));
    assert.equal(offDay.status, 422);
    assert.equal(offDay.body.errors[0].path, 'body.startsAt');
    const badTrack = await create(session({ id: 'bad-track', track: 'DevOps,Cloud' }));
    assert.equal(badTrack.status, 422);
    assert.equal(badTrack.body.errors[0].path, 'body.track');
  });

  test('an event that does not exist is a 404', async () => {
    const result = await api.call('POST', '/events/nowhere/sessions', { token: api.adminToken, body: session() });
    assert.equal(result.status, 404);
  });
});

describe('patch with optimistic locking', () => {
  test('If-Match with the current version updates and bumps the version; a stale one is 412 and changes nothing', async () => {
    await create(session({ id: 'lock-me' }));
    const patched = await api.call('PATCH', '/events/summit/sessions/lock-me', {
      token: api.adminToken,
      headers: { 'if-match': '"1"' },
      body: { title: '바뀐 제목', room: null },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.match(patched.headers.get('etag')!, /^"2\./);
    assert.equal(patched.body.title, '바뀐 제목');
    assert.equal(patched.body.room, undefined);

    const stale = await api.call('PATCH', '/events/summit/sessions/lock-me', {
      token: api.adminToken,
      headers: { 'if-match': '"1"' },
      body: { title: 'lost update' },
    });
    assert.equal(stale.status, 412);
    const read = await api.call('GET', '/events/summit/sessions/lock-me');
    assert.equal(read.body.title, '바뀐 제목');
    assert.equal(read.body.version, 2);
  });

  test('PATCH without If-Match is 428', async () => {
    const result = await api.call('PATCH', '/events/summit/sessions/lock-me', { token: api.adminToken, body: { title: 'x' } });
    assert.equal(result.status, 428);
    assert.equal(result.body.errors[0].path, 'header.If-Match');
  });

  test('a patch that breaks the whole (endsAt before startsAt) is refused and changes nothing', async () => {
    const before = await api.call('GET', '/events/summit/sessions/lock-me');
    const result = await api.call('PATCH', '/events/summit/sessions/lock-me', {
      token: api.adminToken,
      headers: { 'if-match': before.headers.get('etag')! },
      body: { endsAt: '2024-05-16T12:00:00+09:00' },
    });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body.errors.map((e: { path: string }) => e.path), ['body.endsAt']);
    const after = await api.call('GET', '/events/summit/sessions/lock-me');
    assert.equal(after.body.endsAt, before.body.endsAt);
    assert.equal(after.body.version, before.body.version);
  });

  test('server-owned fields cannot be written', async () => {
    const result = await api.call('PATCH', '/events/summit/sessions/lock-me', {
      token: api.adminToken,
      headers: { 'if-match': '"2"' },
      body: { version: 99, seats: { taken: 0 }, eventId: 'other' },
    });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body.errors.map((e: { path: string }) => e.path).sort(), ['body.eventId', 'body.seats', 'body.version']);
  });

  test('moving a session to another track and time moves it in the track counts and the speaker list', async () => {
    await create(session({ id: 'mover', track: 'AI/ML', speakerIds: ['werner-vogels'] }));
    const tracksBefore = await api.call('GET', '/events/summit/tracks');
    const count = (body: { items: { track: string; sessions: number }[] }, track: string) =>
      body.items.find((t) => t.track === track)?.sessions ?? 0;
    const result = await api.call('PATCH', '/events/summit/sessions/mover', {
      token: api.adminToken,
      headers: { 'if-match': '"1"' },
      body: { track: '금융/핀테크', startsAt: '2024-05-17T09:00:00+09:00', endsAt: '2024-05-17T09:30:00+09:00', speakerIds: ['ham-giho'] },
    });
    assert.equal(result.status, 200, result.text);
    const tracksAfter = await api.call('GET', '/events/summit/tracks');
    assert.equal(count(tracksAfter.body, 'AI/ML'), count(tracksBefore.body, 'AI/ML') - 1);
    assert.equal(count(tracksAfter.body, '금융/핀테크'), count(tracksBefore.body, '금융/핀테크') + 1);
    const day2 = await api.call('GET', '/events/summit/sessions?day=2024-05-17');
    assert.deepEqual(day2.body.items.map((s: { id: string }) => s.id), ['mover']);
    const werner = await api.call('GET', '/speakers/werner-vogels');
    assert.ok(!werner.body.sessions.some((s: { id: string }) => s.id === 'mover'));
    const ham = await api.call('GET', '/events/summit/sessions?speaker=ham-giho&day=2024-05-17');
    assert.deepEqual(ham.body.items.map((s: { id: string }) => s.id), ['mover']);
  });
});

describe('delete', () => {
  test('DELETE removes the session, its track count and speaker links; a stale If-Match is 412', async () => {
    await create(session({ id: 'doomed', track: '금융/핀테크', speakerIds: ['werner-vogels'] }));
    const stale = await api.call('DELETE', '/events/summit/sessions/doomed', { token: api.adminToken, headers: { 'if-match': '"7"' } });
    assert.equal(stale.status, 412);
    assert.equal((await api.call('GET', '/events/summit/sessions/doomed')).status, 200);

    const tracksBefore = await api.call('GET', '/events/summit/tracks');
    const deleted = await api.call('DELETE', '/events/summit/sessions/doomed', { token: api.adminToken, headers: { 'if-match': '"1"' } });
    assert.equal(deleted.status, 204);
    assert.equal((await api.call('GET', '/events/summit/sessions/doomed')).status, 404);
    const tracksAfter = await api.call('GET', '/events/summit/tracks');
    const fin = (body: { items: { track: string; sessions: number }[] }) => body.items.find((t) => t.track === '금융/핀테크')!.sessions;
    assert.equal(fin(tracksAfter.body), fin(tracksBefore.body) - 1);
    const werner = await api.call('GET', '/speakers/werner-vogels');
    assert.ok(!werner.body.sessions.some((s: { id: string }) => s.id === 'doomed'));
    assert.equal((await api.call('DELETE', '/events/summit/sessions/doomed', { token: api.adminToken })).status, 404);
  });
});

describe('conditional GET', () => {
  test('a reservation changes the session’s ETag (its seats), and the ETag still works for If-Match', async () => {
    await create(reservable({ id: 'etag-seats', capacity: 5 }));
    const before = await api.call('GET', '/events/summit/sessions/etag-seats');
    await api.call('PUT', '/events/summit/sessions/etag-seats/reservation', { token: await api.tokenFor('etag-alice') });
    const after = await api.call('GET', '/events/summit/sessions/etag-seats', { headers: { 'if-none-match': before.headers.get('etag')! } });
    assert.equal(after.status, 200, 'not a 304 with stale seats');
    assert.equal(after.body.seats.taken, 1);
    const patched = await api.call('PATCH', '/events/summit/sessions/etag-seats', {
      token: api.adminToken,
      headers: { 'if-match': after.headers.get('etag')! },
      body: { room: 'Room 2' },
    });
    assert.equal(patched.status, 200);
  });


  test('If-None-Match with the ETag answers 304 with no body; a change gives a new ETag', async () => {
    const first = await api.call('GET', '/events/summit/sessions');
    const etag = first.headers.get('etag')!;
    assert.ok(etag);
    const again = await api.call('GET', '/events/summit/sessions', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    await create(session({ id: 'etag-changer' }));
    const changed = await api.call('GET', '/events/summit/sessions', { headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
  });
});
