/**
 * What the agenda and its calendars say about the attendee's place: a
 * `released` reservation (the session was cancelled) leaves the agenda and
 * both calendars (the .ics download and the subscribable feed); a waitlisted
 * one is STATUS:TENTATIVE, never CONFIRMED, until the seat is theirs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let alice: string;
let bob: string;
const DAY = '2099-05-16';
const at = (hour: number) => `${DAY}T${String(hour).padStart(2, '0')}:00:00+09:00`;

before(async () => {
  api = await startTestApi();
  [alice, bob] = await Promise.all([api.tokenFor('alice'), api.tokenFor('bob')]);
  const event = await api.call('PUT', '/events/upcoming', { token: api.adminToken, body: { name: 'Upcoming', venue: '코엑스', timezone: 'Asia/Seoul', days: [{ date: DAY }] } });
  assert.equal(event.status, 201, event.text);
  const sessions: [string, number, number][] = [['kept', 9, 5], ['full', 10, 1], ['noted', 11, 5], ['called-off', 12, 5], ['called-off-noted', 13, 5]];
  for (const [id, hour, capacity] of sessions) {
    const created = await api.call('POST', '/events/upcoming/sessions', {
      token: api.adminToken,
      body: { id, title: `Talk ${id}`, startsAt: at(hour), endsAt: at(hour + 1), capacity },
    });
    assert.equal(created.status, 201, created.text);
  }
  const reserve = async (token: string, id: string) => {
    const result = await api.call('PUT', `/events/upcoming/sessions/${id}/reservation`, { token });
    assert.equal(result.status, 201, result.text);
    return result.body.status as string;
  };
  assert.equal(await reserve(alice, 'kept'), 'confirmed');
  assert.equal(await reserve(bob, 'full'), 'confirmed');
  assert.equal(await reserve(alice, 'full'), 'waitlisted');
  assert.equal(await reserve(alice, 'called-off'), 'confirmed');
  assert.equal(await reserve(alice, 'called-off-noted'), 'confirmed');
  for (const id of ['noted', 'called-off-noted']) {
    assert.equal((await api.call('PUT', `/me/agenda/upcoming/${id}`, { token: alice })).status, 204);
  }
  for (const id of ['called-off', 'called-off-noted']) {
    const cancelled = await api.call('PATCH', `/events/upcoming/sessions/${id}`, { token: api.adminToken, headers: { 'if-match': '*' }, body: { status: 'cancelled' } });
    assert.equal(cancelled.status, 200, cancelled.text);
  }
  const mine = (await api.call('GET', '/me/reservations?eventId=upcoming', { token: alice })).body.items as { sessionId: string; status: string }[];
  assert.deepEqual(mine.filter((r) => r.status === 'released').map((r) => r.sessionId).sort(), ['called-off', 'called-off-noted']);
});
after(() => api.close());

/** UID → STATUS of every VEVENT, parsed with a real iCalendar parser. */
function statuses(ics: string): Record<string, string> {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return Object.fromEntries(
    calendar.getAllSubcomponents('vevent').map((v) => [String(v.getFirstPropertyValue('uid')).split('.')[0], String(v.getFirstPropertyValue('status'))]),
  );
}

const expected = { kept: 'CONFIRMED', full: 'TENTATIVE', noted: 'CONFIRMED', 'called-off-noted': 'CANCELLED' };

test('a released reservation leaves the agenda; a bookmark of the same session keeps it there, cancelled', async () => {
  const agenda = await api.call('GET', '/me/agenda?eventId=upcoming', { token: alice });
  assert.equal(agenda.status, 200, agenda.text);
  const rows = agenda.body.items.map((i: { id: string; status: string; bookmarked: boolean; reservation?: { status: string; position?: number } }) => [
    i.id,
    i.status,
    i.bookmarked,
    i.reservation ? `${i.reservation.status}${i.reservation.position ? ` ${i.reservation.position}` : ''}` : null,
  ]);
  assert.deepEqual(rows, [
    ['kept', 'scheduled', false, 'confirmed'],
    ['full', 'scheduled', false, 'waitlisted 1'],
    ['noted', 'scheduled', true, null],
    ['called-off-noted', 'cancelled', true, null],
  ]);
});

test('agenda.ics: waitlisted is TENTATIVE, released is gone', async () => {
  const ics = await api.call('GET', '/me/agenda.ics?eventId=upcoming', { token: alice });
  assert.equal(ics.status, 200);
  assert.deepEqual(statuses(ics.text), expected);
});

test('the subscribable feed says the same', async () => {
  const feed = await api.call('POST', '/me/calendar-feed', { token: alice });
  const url = new URL(feed.body.url);
  const calendar = await api.call('GET', url.pathname + url.search);
  assert.equal(calendar.status, 200);
  assert.deepEqual(statuses(calendar.text), expected);
});

test('once the seat is theirs, the waitlisted session is CONFIRMED', async () => {
  assert.equal((await api.call('DELETE', '/events/upcoming/sessions/full/reservation', { token: bob })).status, 204);
  const ics = await api.call('GET', '/me/agenda.ics?eventId=upcoming', { token: alice });
  assert.equal(statuses(ics.text).full, 'CONFIRMED');
});
