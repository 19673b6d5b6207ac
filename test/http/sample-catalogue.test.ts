/** The sample catalogue that `npm start` loads goes in through the import API with nothing rejected, can be browsed, and exports valid frab XML. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadSampleCatalogue, SAMPLE_CATALOGUE } from '../../local/sample-catalogue';
import { startTestApi, type TestApi } from '../support/api';
import { assertValidScheduleXml, xmllintSkipReason, xpath } from '../support/xmllint';

let api: TestApi;
const file = JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as { events: { event: { id: string }; sessions: { id: string }[] }[] };

before(async () => {
  api = await startTestApi();
});
after(() => api.close());

test('loads with nothing rejected, and loading it again changes nothing', async () => {
  const summary = await loadSampleCatalogue(api.baseUrl, api.adminToken);
  assert.deepEqual(summary.rejected, []);
  assert.equal(summary.events, file.events.length);
  const again = await loadSampleCatalogue(api.baseUrl, api.adminToken);
  assert.deepEqual(again.rejected, []);
  for (const { event, sessions } of file.events) {
    const listed = await api.call('GET', `/events/${event.id}/sessions?limit=100`);
    assert.deepEqual(listed.body.items.map((s: { id: string }) => s.id).sort(), sessions.map((s) => s.id).sort(), event.id);
    assert.ok(listed.body.items.every((s: { version: number }) => s.version === 1), 'a second load is a no-op');
  }
});

test('the events, newest first, and the 2024 day in time order with its tracks', async () => {
  const events = await api.call('GET', '/events');
  assert.deepEqual(events.body.items.map((e: { id: string }) => e.id).slice(0, 2), ['aws-summit-seoul-2024', 'aws-cloud-computing-day-2016']);
  const day = await api.call('GET', '/events/aws-summit-seoul-2024/sessions?day=2024-05-16');
  assert.deepEqual(day.body.items.map((s: { startsAt: string }) => s.startsAt.slice(11, 16)), ['09:30', '11:10', '13:10', '14:20', '15:20', '17:20']);
  const keynote = await api.call('GET', '/events/aws-summit-seoul-2024/sessions/keynote');
  assert.deepEqual(keynote.body.speakers.map((s: { name: string }) => s.name), ['함기호', '송재하', '정석근']);
  const tracks = await api.call('GET', '/events/aws-summit-seoul-2024/tracks');
  assert.deepEqual(tracks.body.items, [
    { track: 'AI/ML', sessions: 1 },
    { track: 'DevOps, Cloud', sessions: 3 },
    { track: '금융, 핀테크, 법', sessions: 1 },
  ]);
});

test('searches a person would type find the sessions they mean', async () => {
  const ids = async (eventId: string, q: string) =>
    (await api.call('GET', `/events/${eventId}/sessions?q=${encodeURIComponent(q)}`)).body.items.map((s: { id: string }) => s.id);
  assert.deepEqual(await ids('aws-summit-seoul-2023', '디자인 패턴'), ['cloud-native-msa-12-design-patterns']);
  assert.deepEqual(await ids('aws-summit-seoul-2023', '디자인패턴'), ['cloud-native-msa-12-design-patterns']);
  assert.deepEqual((await ids('aws-summit-seoul-2023', 'Gravi')).slice(0, 1), ['graviton-planning-optimization']);
  assert.deepEqual(await ids('aws-summit-seoul-2024', '배민'), ['keynote']);
  assert.deepEqual(await ids('aws-summit-seoul-2024', 'dynamodb'), ['rdbms-to-nosql']);
  assert.deepEqual(await ids('aws-summit-online-korea-2020', 'vogels'), ['keynote']);
});

test('every event’s schedule.xml validates against the frab XSD and holds its scheduled sessions', { skip: xmllintSkipReason() }, async (t) => {
  for (const { event, sessions } of file.events) {
    const xml = (await api.call('GET', `/events/${event.id}/schedule.xml`)).text;
    assertValidScheduleXml(t, xml, event.id);
    const scheduled = sessions.filter((s) => (s as { startsAt?: string }).startsAt).length;
    assert.equal(xpath(xml, 'count(//event)'), String(scheduled), event.id);
  }
});
