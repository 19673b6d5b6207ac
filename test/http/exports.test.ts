/** Schedule exports: the frab JSON validates against the schema conference tools use; the iCalendar parses; both revalidate. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { assertValidScheduleJson } from '../support/reference-schemas';

let api: TestApi;

before(async () => {
  api = await startTestApi();
  await createSampleEvent(api);
  const sessions = [
    session({ id: 'keynote', type: 'keynote', title: '기조연설', room: undefined, track: undefined, startsAt: '2024-05-16T09:30:00+09:00', endsAt: '2024-05-16T10:40:00+09:00', speakerIds: ['ham-giho', 'werner-vogels'] }),
    session({ id: 'graviton', startsAt: '2024-05-16T13:10:00+09:00', endsAt: '2024-05-16T13:50:00+09:00' }),
    session({ id: 'day2', title: 'Day two, with; punctuation\\and a newline\n', room: 'Room 102', startsAt: '2024-05-17T10:00:00+09:00', endsAt: '2024-05-17T11:30:00+09:00', speakerIds: [] }),
    session({ id: 'tbd', title: 'Not yet scheduled', startsAt: undefined, endsAt: undefined }),
  ];
  for (const body of sessions) assert.equal((await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body })).status, 201);
});
after(() => api.close());

test('schedule.json validates against the frab schedule schema and holds every scheduled session', async (t) => {
  const result = await api.call('GET', '/events/summit/schedule.json');
  assert.equal(result.status, 200);
  assertValidScheduleJson(t, result.body, 'the sample event');
  const conference = result.body.schedule.conference;

  assert.equal(conference.title, 'AWS Summit Seoul 2024');
  assert.equal(conference.time_zone_name, 'Asia/Seoul');
  // Links lead people to the web page's event and session pages (its routes live in the URL hash), not to the API.
  assert.equal(conference.url, `${api.publicBaseUrl}/#/e/summit`);
  assert.deepEqual(conference.days.map((d: { date: string }) => d.date), ['2024-05-16', '2024-05-17']);
  const talks = conference.days.flatMap((d: { rooms: Record<string, { slug: string; start: string; duration: string; persons: { name: string }[] }[]> }) => Object.values(d.rooms).flat());
  assert.deepEqual(talks.map((t: { slug: string }) => t.slug).sort(), ['summit-day2', 'summit-graviton', 'summit-keynote']);
  const keynote = talks.find((t: { slug: string }) => t.slug === 'summit-keynote');
  assert.equal(keynote.start, '2024-05-16T09:30:00+09:00');
  assert.equal(keynote.duration, '01:10');
  assert.equal(keynote.url, `${api.publicBaseUrl}/#/e/summit/s/keynote`);
  assert.deepEqual(keynote.persons.map((p: { name: string }) => p.name), ['함기호', 'Dr. Werner Vogels']);
  const again = await api.call('GET', '/events/summit/schedule.json');
  assert.deepEqual(again.body.schedule.conference.days, conference.days, 'ids and guids are stable');
});

test('schedule.ics: one VEVENT per scheduled session, UTC times, stable UIDs, escaped text', async () => {
  const result = await api.call('GET', '/events/summit/schedule.ics');
  assert.equal(result.status, 200);
  assert.match(result.headers.get('content-type')!, /^text\/calendar/);
  const events = new ICAL.Component(ICAL.parse(result.text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  assert.deepEqual(events.map((e) => e.uid).sort(), ['day2.summit@session-catalogue', 'graviton.summit@session-catalogue', 'keynote.summit@session-catalogue']);
  const day2 = events.find((e) => e.uid.startsWith('day2'))!;
  assert.equal(day2.summary, 'Day two, with; punctuation\\and a newline');
  assert.equal(day2.startDate.toJSDate().toISOString(), '2024-05-17T01:00:00.000Z');
  assert.equal(day2.endDate.toJSDate().toISOString(), '2024-05-17T02:30:00.000Z');
});

test('exports carry an ETag and Cache-Control, answer If-None-Match with 304, and change when the catalogue changes', async () => {
  for (const path of ['/events/summit/schedule.json', '/events/summit/schedule.ics']) {
    const first = await api.call('GET', path);
    const etag = first.headers.get('etag')!;
    assert.ok(etag);
    assert.match(first.headers.get('cache-control')!, /max-age=\d+/);
    assert.equal((await api.call('GET', path, { headers: { 'if-none-match': etag } })).status, 304);
  }
  const before = await api.call('GET', '/events/summit/schedule.ics');
  const patched = await api.call('PATCH', '/events/summit/sessions/graviton', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { room: 'Room 305' } });
  assert.equal(patched.status, 200);
  const after = await api.call('GET', '/events/summit/schedule.ics', { headers: { 'if-none-match': before.headers.get('etag')! } });
  assert.equal(after.status, 200);
  assert.match(after.text, /LOCATION:Room 305/);
  assert.match(after.text, /SEQUENCE:2/);
});
