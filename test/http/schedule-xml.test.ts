/**
 * schedule.xml, the frab/pentabarf XML that Giggity, EventFahrplan,
 * ConfClerk and engelsystem read, through the API: valid against c3voc's
 * XSD (by xmllint) with awkward text and for an event with no days yet;
 * rooms per day, start HH:MM, duration H:MM, persons, stable guids; ETag
 * and 304 as the other exports. A 600-session catalogue: test/unit/frab-xml.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSampleEvent, session, startTestApi, type TestApi } from '../support/api';
import { assertValidScheduleXml, xmllintSkipReason, xpath } from '../support/xmllint';

const skip = xmllintSkipReason();
let api: TestApi;

before(async () => {
  if (skip) return;
  api = await startTestApi();
  await createSampleEvent(api);
  const speaker = await api.call('PUT', '/speakers/q-and-a', { token: api.adminToken, body: { name: 'Q & A <Team> "Seoul"' } });
  assert.equal(speaker.status, 201, speaker.text);
  const sessions = [
    session({ id: 'keynote', type: 'keynote', title: '기조연설', room: undefined, track: undefined, startsAt: '2024-05-16T09:30:00+09:00', endsAt: '2024-05-16T10:40:00+09:00', speakerIds: ['ham-giho', 'werner-vogels'] }),
    session({
      id: 'awkward',
      title: '<Serverless> & "quotes" \'apos\' ]]>',
      abstract: 'Line one\n\tLine two & <b>not bold</b>',
      room: 'Room "A" & <B>',
      track: 'DevOps, Cloud',
      language: 'ko',
      startsAt: '2024-05-16T13:10:00+09:00',
      endsAt: '2024-05-16T13:50:00+09:00',
      speakerIds: ['q-and-a'],
    }),
    session({ id: 'night', title: 'Past midnight', room: 'Room 102', startsAt: '2024-05-17T23:30:00+09:00', endsAt: '2024-05-18T00:45:00+09:00', speakerIds: [] }),
    session({ id: 'cancelled', title: 'Called off', status: 'cancelled', startsAt: '2024-05-16T15:00:00+09:00', endsAt: '2024-05-16T15:40:00+09:00' }),
    session({ id: 'tbd', title: 'Not yet scheduled', startsAt: undefined, endsAt: undefined }),
  ];
  for (const body of sessions) assert.equal((await api.call('POST', '/events/summit/sessions', { token: api.adminToken, body })).status, 201);
});
after(() => api?.close());

test('schedule.xml validates and carries days, rooms, times, persons, links and stable guids', { skip }, async (t) => {
  const result = await api.call('GET', '/events/summit/schedule.xml');
  assert.equal(result.status, 200);
  assert.match(result.headers.get('content-type')!, /^application\/xml; charset=utf-8/);
  const xml = result.text;
  assertValidScheduleXml(t, xml, 'the sample event');

  assert.equal(xpath(xml, 'string(/schedule/url)'), `${api.publicBaseUrl}/events/summit/schedule.xml`);
  assert.equal(xpath(xml, 'string(/schedule/conference/title)'), 'AWS Summit Seoul 2024');
  assert.equal(xpath(xml, 'string(/schedule/conference/time_zone_name)'), 'Asia/Seoul');
  assert.equal(xpath(xml, 'count(/schedule/conference/track)'), '3');
  // The event's two days: a talk that runs past midnight stays on the day it starts.
  assert.equal(xpath(xml, 'count(/schedule/day)'), '2');
  assert.equal(xpath(xml, 'concat(/schedule/day[1]/@date, " ", /schedule/day[2]/@date)'), '2024-05-16 2024-05-17');
  assert.equal(xpath(xml, 'string(/schedule/day[2]/@end)'), '2024-05-18T00:45:00+09:00', 'a day lasts until its last talk ends');

  // Rooms per day, each talk under its own room; no cancelled or unscheduled talk.
  assert.equal(xpath(xml, 'count(/schedule/day[1]/room)'), '2');
  assert.equal(xpath(xml, 'count(//event)'), '3');
  assert.equal(xpath(xml, 'count(//event[slug="summit-cancelled" or slug="summit-tbd"])'), '0');

  const keynote = '/schedule/day[1]/room[@name="TBA"]/event[slug="summit-keynote"]';
  assert.equal(xpath(xml, `string(${keynote}/start)`), '09:30');
  assert.equal(xpath(xml, `string(${keynote}/duration)`), '01:10');
  assert.equal(xpath(xml, `string(${keynote}/date)`), '2024-05-16T09:30:00+09:00');
  assert.equal(xpath(xml, `string(${keynote}/room)`), 'TBA');
  assert.equal(xpath(xml, `string(${keynote}/type)`), 'keynote');
  assert.equal(xpath(xml, `string(${keynote}/url)`), `${api.publicBaseUrl}/#/e/summit/s/keynote`);
  assert.equal(xpath(xml, `count(${keynote}/persons/person)`), '2');
  assert.equal(xpath(xml, `string(${keynote}/persons/person[2])`), 'Dr. Werner Vogels');
  assert.equal(xpath(xml, `count(${keynote}/links)`), '1');

  // Text with markup characters comes back as written, in elements and in the room's name attribute.
  const awkward = '/schedule/day[1]/room[@name=\'Room "A" & <B>\']/event';
  assert.equal(xpath(xml, `string(${awkward}/title)`), '<Serverless> & "quotes" \'apos\' ]]>');
  assert.equal(xpath(xml, `string(${awkward}/abstract)`), 'Line one\n\tLine two & <b>not bold</b>');
  assert.equal(xpath(xml, `string(${awkward}/persons/person)`), 'Q & A <Team> "Seoul"');
  assert.equal(xpath(xml, `string(${awkward}/track)`), 'DevOps, Cloud');
  assert.equal(xpath(xml, `string(${awkward}/language)`), 'ko');

  const night = '/schedule/day[2]/room[@name="Room 102"]/event';
  assert.equal(xpath(xml, `string(${night}/start)`), '23:30');
  assert.equal(xpath(xml, `string(${night}/duration)`), '01:15');

  // The same ids as the JSON export, the same on every export.
  const json = (await api.call('GET', '/events/summit/schedule.json')).body.schedule.conference;
  const jsonKeynote = json.days[0].rooms.TBA[0];
  assert.equal(xpath(xml, `string(${keynote}/@guid)`), jsonKeynote.guid);
  assert.equal(xpath(xml, `string(${keynote}/@id)`), String(jsonKeynote.id));
  assert.equal((await api.call('GET', '/events/summit/schedule.xml')).text, xml, 'byte for byte the same while nothing changed');
});

test('an event with no days and no sessions yet still validates', { skip }, async (t) => {
  const put = await api.call('PUT', '/events/empty', { token: api.adminToken, body: { name: 'To be announced', timezone: 'Europe/Berlin' } });
  assert.equal(put.status, 201, put.text);
  const xml = (await api.call('GET', '/events/empty/schedule.xml')).text;
  assertValidScheduleXml(t, xml, 'an empty event');
  assert.equal(xpath(xml, 'count(//event)'), '0');
});

test('schedule.xml carries an ETag and Cache-Control, answers If-None-Match with 304, and changes with the catalogue', { skip }, async () => {
  const first = await api.call('GET', '/events/summit/schedule.xml');
  const etag = first.headers.get('etag')!;
  assert.ok(etag);
  assert.match(first.headers.get('cache-control')!, /max-age=\d+/);
  assert.equal((await api.call('GET', '/events/summit/schedule.xml', { headers: { 'if-none-match': etag } })).status, 304);
  const patched = await api.call('PATCH', '/events/summit/sessions/keynote', { token: api.adminToken, headers: { 'if-match': '"1"' }, body: { room: 'Hall D' } });
  assert.equal(patched.status, 200, patched.text);
  const after = await api.call('GET', '/events/summit/schedule.xml', { headers: { 'if-none-match': etag } });
  assert.equal(after.status, 200);
  assert.equal(xpath(after.text, 'string(//room[@name="Hall D"]/event/slug)'), 'summit-keynote');
  assert.equal(xpath(after.text, 'count(//room[@name="TBA"])'), '0');
});
