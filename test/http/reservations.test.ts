/** Reserving, waitlisting, cancelling, ownership, and the agenda with its iCalendar export. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const tokens: Record<string, string> = {};
const as = (who: string) => ({ token: tokens[who]! });

/** A day still ahead: a session that has ended takes no reservations, and the sample event's days are long over. */
const AHEAD = '2099-05-16';

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const { id: _id, version: _version, ...event } = (await api.call('GET', '/events/summit')).body;
  const ahead = await api.call('PUT', '/events/summit', { token: api.adminToken, headers: { 'if-match': '*' }, body: { ...event, days: [...event.days, { date: AHEAD }] } });
  assert.equal(ahead.status, 200, ahead.text);
  for (const who of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) tokens[who] = await api.tokenFor(who);
});
after(() => api.close());

async function createSession(id: string, overrides: Record<string, unknown> = {}) {
  const body = session({ id, startsAt: `${AHEAD}T13:10:00+09:00`, endsAt: `${AHEAD}T13:50:00+09:00`, ...overrides });
  const created = await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body });
  assert.equal(created.status, 201, created.text);
}
const reserve = (who: string, id: string) => api.call('PUT', `/events/summit/sessions/${id}/reservation`, as(who));
const cancel = (who: string, id: string) => api.call('DELETE', `/events/summit/sessions/${id}/reservation`, as(who));
const mine = async (who: string) => (await api.call('GET', '/me/reservations', as(who))).body.items;
const seats = async (id: string) => (await api.call('GET', `/events/summit/sessions/${id}`)).body.seats;

describe('reserve and cancel', () => {
  before(() => createSession('small', { capacity: 2 }));

  test('seats are confirmed until full, then the waitlist takes positions in arrival order', async () => {
    const first = await reserve('alice', 'small');
    assert.equal(first.status, 201);
    assert.equal(first.body.status, 'confirmed');
    assert.equal(first.body.position, undefined);
    assert.equal((await reserve('bob', 'small')).body.status, 'confirmed');
    const carol = await reserve('carol', 'small');
    assert.deepEqual([carol.body.status, carol.body.position], ['waitlisted', 1]);
    const dave = await reserve('dave', 'small');
    assert.deepEqual([dave.body.status, dave.body.position], ['waitlisted', 2]);
    assert.deepEqual(await seats('small'), { capacity: 2, taken: 2, waitlisted: 2 });
  });

  test('repeating a reservation answers the same and changes nothing', async () => {
    const again = await reserve('alice', 'small');
    assert.equal(again.status, 201);
    assert.equal(again.body.status, 'confirmed');
    const daveAgain = await reserve('dave', 'small');
    assert.deepEqual([daveAgain.body.status, daveAgain.body.position], ['waitlisted', 2]);
    assert.deepEqual(await seats('small'), { capacity: 2, taken: 2, waitlisted: 2 });
  });

  test('each attendee sees only their own reservations', async () => {
    const carols = await mine('carol');
    assert.deepEqual(carols.map((r: { sessionId: string; status: string; position: number }) => [r.sessionId, r.status, r.position]), [['small', 'waitlisted', 1]]);
    assert.deepEqual(await mine('erin'), []);
  });

  test('cancelling a seat confirms the first waitlisted attendee; the rest move up', async () => {
    assert.equal((await cancel('alice', 'small')).status, 204);
    assert.deepEqual((await mine('carol'))[0].status, 'confirmed');
    assert.deepEqual([(await mine('dave'))[0].status, (await mine('dave'))[0].position], ['waitlisted', 1]);
    assert.deepEqual(await mine('alice'), []);
    assert.deepEqual(await seats('small'), { capacity: 2, taken: 2, waitlisted: 1 });
  });

  test('leaving the waitlist closes the gap; cancelling what you do not hold is 404', async () => {
    assert.equal((await reserve('erin', 'small')).body.position, 2);
    assert.equal((await cancel('dave', 'small')).status, 204);
    assert.equal((await mine('erin'))[0].position, 1);
    assert.equal((await cancel('dave', 'small')).status, 404);
    assert.deepEqual(await seats('small'), { capacity: 2, taken: 2, waitlisted: 1 });
  });

  test('nobody can cancel another attendee’s reservation: the attendee is always the token’s subject', async () => {
    // Bob holds a seat; Erin asking to cancel "the reservation" cancels only her own waitlist place.
    assert.equal((await cancel('erin', 'small')).status, 204);
    assert.equal((await mine('bob'))[0].status, 'confirmed');
    assert.equal((await api.call('GET', '/me/reservations')).status, 401);
  });

  test('raising the capacity confirms the waitlist in order; lowering it below the seats taken is refused', async () => {
    await createSession('grow', { capacity: 1 });
    for (const who of ['alice', 'bob', 'carol']) await reserve(who, 'grow');
    const lower = await api.call('PATCH', '/events/summit/sessions/grow', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { capacity: 0 } });
    assert.equal(lower.status, 409);
    assert.equal(lower.body.errors[0].path, 'body.capacity');
    const raise = await api.call('PATCH', '/events/summit/sessions/grow', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { capacity: 2 } });
    assert.equal(raise.status, 200, raise.text);
    assert.equal((await mine('bob')).find((r: { sessionId: string }) => r.sessionId === 'grow').status, 'confirmed');
    assert.equal((await mine('carol')).find((r: { sessionId: string }) => r.sessionId === 'grow').position, 1);
    assert.deepEqual(await seats('grow'), { capacity: 2, taken: 2, waitlisted: 1 });
  });

  test('a session without capacity is unlimited', async () => {
    await createSession('keynote-hall', { capacity: null });
    for (const who of ['alice', 'bob', 'carol', 'dave', 'erin']) assert.equal((await reserve(who, 'keynote-hall')).body.status, 'confirmed');
    assert.deepEqual(await seats('keynote-hall'), { capacity: null, taken: 5, waitlisted: 0 });
  });

  test('outside the reservation window, or for a missing session, the answer is clear and nothing is written', async () => {
    await createSession('not-yet', { reservationOpensAt: '2099-01-01T09:00:00+09:00' });
    const early = await reserve('alice', 'not-yet');
    assert.equal(early.status, 409);
    assert.match(early.body.detail, /open at 2099-01-01T09:00:00\+09:00/);
    await createSession('too-late', { reservationOpensAt: '2020-01-01T09:00:00+09:00', reservationClosesAt: '2020-01-02T09:00:00+09:00' });
    assert.equal((await reserve('alice', 'too-late')).status, 409);
    assert.equal((await reserve('alice', 'no-such-session')).status, 404);
    assert.ok(!(await mine('alice')).some((r: { sessionId: string }) => ['not-yet', 'too-late'].includes(r.sessionId)));
  });

  test('deleting a session takes its reservations with it', async () => {
    await createSession('doomed', { capacity: 1 });
    await reserve('alice', 'doomed');
    await reserve('bob', 'doomed');
    assert.equal((await api.call('DELETE', '/events/summit/sessions/doomed', { token: api.adminToken })).status, 204);
    for (const who of ['alice', 'bob']) assert.ok(!(await mine(who)).some((r: { sessionId: string }) => r.sessionId === 'doomed'));
  });
});

describe('cancellation, not deletion', () => {
  test('a cancelled session stays listed, releases every place with the records kept, and shows as cancelled in calendars', async () => {
    await createSession('called-off', { capacity: 1 });
    await reserve('alice', 'called-off');
    await reserve('bob', 'called-off');
    await api.call('PUT', '/me/agenda/summit/called-off', as('carol'));
    const cancelled = await api.call('PATCH', '/events/summit/sessions/called-off', {
      token: api.adminToken,
      headers: { 'if-match': '"1"' },
      body: { status: 'cancelled' },
    });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.deepEqual(cancelled.body.seats, { capacity: 1, taken: 0, waitlisted: 0 });
    const { auditSeats } = await import('../support/seat-audit');
    await auditSeats(api.tableName, 'summit', 'called-off');
    for (const who of ['alice', 'bob']) {
      assert.equal((await mine(who)).find((r: { sessionId: string }) => r.sessionId === 'called-off').status, 'released');
    }
    const listed = await api.call('GET', '/events/summit/sessions?status=cancelled');
    assert.deepEqual(listed.body.items.map((s: { id: string }) => s.id), ['called-off']);
    assert.equal((await reserve('dave', 'called-off')).status, 409);
    const ics = await api.call('GET', '/events/summit/schedule.ics');
    const vevent = ics.text.split('BEGIN:VEVENT').find((v) => v.includes('UID:called-off.summit'))!;
    assert.match(vevent, /STATUS:CANCELLED/);
    assert.match(vevent, /SEQUENCE:2/);
    const agenda = await api.call('GET', '/me/agenda.ics?eventId=summit', as('carol'));
    assert.match(agenda.text, /STATUS:CANCELLED/);

    // Scheduled again: the released attendee can reserve anew, and may also just forget the record.
    await api.call('PATCH', '/events/summit/sessions/called-off', { token: api.adminToken, headers: { 'if-match': '"2"' }, body: { status: 'scheduled' } });
    assert.equal((await reserve('bob', 'called-off')).body.status, 'confirmed');
    assert.equal((await cancel('alice', 'called-off')).status, 204);
    assert.ok(!(await mine('alice')).some((r: { sessionId: string }) => r.sessionId === 'called-off'));
    await auditSeats(api.tableName, 'summit', 'called-off');
  });
});

describe('agenda', () => {
  before(async () => {
    await createSession('morning', { title: '아침 세션; with, commas', startsAt: `${AHEAD}T09:00:00+09:00`, endsAt: `${AHEAD}T10:00:00+09:00`, capacity: 10 });
    await createSession('overlap', { title: 'Overlapping talk', startsAt: `${AHEAD}T09:30:00+09:00`, endsAt: `${AHEAD}T10:30:00+09:00` });
    await createSession('after', { title: 'Right after', startsAt: `${AHEAD}T10:30:00+09:00`, endsAt: `${AHEAD}T11:00:00+09:00` });
    await createSession('someday', { title: 'Unscheduled', startsAt: undefined, endsAt: undefined });
  });

  test('bookmarks and reservations in time order, with overlapping sessions named', async () => {
    for (const id of ['after', 'overlap', 'someday']) assert.equal((await api.call('PUT', `/me/agenda/summit/${id}`, as('frank'))).status, 204);
    assert.equal((await api.call('PUT', '/me/agenda/summit/overlap', as('frank'))).status, 204, 'bookmarking twice is fine');
    await reserve('frank', 'morning');
    const agenda = await api.call('GET', '/me/agenda?eventId=summit', as('frank'));
    assert.equal(agenda.status, 200, agenda.text);
    const rows = agenda.body.items.map((i: { id: string; bookmarked: boolean; reservation?: { status: string }; conflictsWith: string[] }) => [
      i.id,
      i.bookmarked,
      i.reservation?.status ?? null,
      i.conflictsWith,
    ]);
    assert.deepEqual(rows, [
      ['morning', false, 'confirmed', ['overlap']],
      ['overlap', true, null, ['morning']],
      ['after', true, null, []],
      ['someday', true, null, []],
    ]);
    assert.equal((await api.call('DELETE', '/me/agenda/summit/after', as('frank'))).status, 204);
    const fewer = await api.call('GET', '/me/agenda?eventId=summit', as('frank'));
    assert.ok(!fewer.body.items.some((i: { id: string }) => i.id === 'after'));
    const others = await api.call('GET', '/me/agenda?eventId=summit', as('erin'));
    assert.ok(!others.body.items.some((i: { id: string }) => i.id === 'overlap'), 'bookmarks are per attendee');
  });

  test('the agenda needs an event and a real session', async () => {
    const missing = await api.call('GET', '/me/agenda', as('frank'));
    assert.equal(missing.status, 400);
    assert.equal(missing.body.errors[0].path, 'query.eventId');
    assert.equal((await api.call('PUT', '/me/agenda/summit/nope', as('frank'))).status, 404);
  });

  test('agenda.ics parses with a real iCalendar parser: UIDs, UTC times, escaped Korean text', async () => {
    const ics = await api.call('GET', '/me/agenda.ics?eventId=summit', as('frank'));
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type')!, /^text\/calendar/);
    assert.ok(ics.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets');
    const calendar = new ICAL.Component(ICAL.parse(ics.text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    assert.deepEqual(events.map((e) => e.summary), ['아침 세션; with, commas', 'Overlapping talk']);
    assert.equal(events[0]!.uid, 'morning.summit@session-catalogue');
    assert.equal(events[0]!.startDate.toJSDate().toISOString(), `${AHEAD}T00:00:00.000Z`);
    assert.equal(events[0]!.endDate.toJSDate().toISOString(), `${AHEAD}T01:00:00.000Z`);
    assert.equal(events[0]!.location, 'Room 101, 코엑스');
    const again = await api.call('GET', '/me/agenda.ics?eventId=summit', as('frank'));
    const uids = new ICAL.Component(ICAL.parse(again.text)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'));
    assert.deepEqual(uids, events.map((e) => e.uid), 'UIDs are stable');
  });
});

describe('subscribable personal calendar', () => {
  test('a secret URL serves the agenda to apps that send no header; rotating kills the old URL at once', async () => {
    await createSession('feed-talk', { title: '피드 세션', startsAt: '2024-05-17T14:00:00+09:00', endsAt: '2024-05-17T14:40:00+09:00' });
    await api.call('PUT', '/me/agenda/summit/feed-talk', as('erin'));
    const created = await api.call('POST', '/me/calendar-feed', as('erin'));
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const url = new URL(created.body.url);
    const path = url.pathname + url.search;
    assert.match(path, /^\/calendar\/feed\.ics\?token=[A-Za-z0-9_-]{43}$/);

    const feed = await api.call('GET', path);
    assert.equal(feed.status, 200);
    assert.match(feed.text, /REFRESH-INTERVAL;VALUE=DURATION:PT60M/);
    const summaries = new ICAL.Component(ICAL.parse(feed.text)).getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary'));
    assert.ok(summaries.includes('피드 세션'));
    const etag = feed.headers.get('etag')!;
    assert.equal((await api.call('GET', path, { headers: { 'if-none-match': etag } })).status, 304);

    const rotated = await api.call('POST', '/me/calendar-feed', as('erin'));
    assert.equal((await api.call('GET', path)).status, 404, 'the old URL is dead');
    const rotatedUrl = new URL(rotated.body.url);
    assert.equal((await api.call('GET', rotatedUrl.pathname + rotatedUrl.search)).status, 200);
    for (const bad of [`/calendar/feed.ics?token=${'0'.repeat(43)}`, '/calendar/feed.ics?token=not-a-token', '/calendar/feed.ics', '/calendar/x']) {
      assert.equal((await api.call('GET', bad)).status, 404, bad);
    }
  });
});
