/** The frab schedule of a 600-session catalogue (3 days, 20 rooms, short session ids, a hyphenated event id) validates, as XML and as JSON. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frabSchedule, type FrabSession, type FrabSpeaker } from '../../lambda/domain/frab';
import { frabScheduleXml } from '../../lambda/domain/frab-xml';
import { assertValidScheduleJson } from '../support/reference-schemas';
import { assertValidScheduleXml, xmllintSkipReason, xpath } from '../support/xmllint';

test('a 600-session catalogue validates against both schemas, every talk in its day and room', { skip: xmllintSkipReason() }, (t) => {
  const days = ['2025-09-01', '2025-09-02', '2025-09-03'];
  const event = { id: 'big-conf-2025', name: 'Big Conf 2025', timezone: 'Europe/Berlin', days: days.map((date) => ({ date })), tracks: ['Cloud', 'Data', 'Security'], version: 1 };
  const speakers = new Map<string, FrabSpeaker>(Array.from({ length: 200 }, (_, i) => [`speaker-${i}`, { id: `speaker-${i}`, name: `Speaker ${i} & Co.` }]));
  // 3 days x 20 rooms x 10 slots of 40 minutes from 09:00.
  const sessions: FrabSession[] = Array.from({ length: 600 }, (_, i) => {
    const [day, room, slot] = [Math.floor(i / 200), Math.floor(i / 10) % 20, i % 10];
    const start = Date.parse(`${days[day]}T09:00:00+02:00`) + slot * 45 * 60_000;
    return {
      id: `s${i}`,
      title: `Talk ${i}: <data> & "more"`,
      abstract: '세션 소개 '.repeat(40),
      type: 'breakout',
      track: event.tracks[i % 3],
      room: `Hall ${room + 1}`,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 40 * 60_000).toISOString(),
      speakerIds: [`speaker-${i % 200}`, `speaker-${(i + 7) % 200}`],
      status: 'scheduled',
    };
  });
  const schedule = frabSchedule({ event, sessions, speakers, version: '1.600', baseUrl: 'https://catalogue.example' });
  assertValidScheduleJson(t, schedule, 'a 600-session catalogue');
  const xml = frabScheduleXml(schedule);
  assertValidScheduleXml(t, xml, 'a 600-session catalogue');
  assert.equal(xpath(xml, 'count(//event)'), '600');
  assert.equal(xpath(xml, 'count(/schedule/day)'), '3');
  assert.equal(xpath(xml, 'count(/schedule/day[2]/room)'), '20');
  assert.equal(xpath(xml, 'count(/schedule/day[2]/room[@name="Hall 3"]/event)'), '10');
  const first = '/schedule/day[1]/room[@name="Hall 1"]/event[1]';
  assert.equal(xpath(xml, `string(${first}/slug)`), 'big_conf_2025-__s0');
  assert.equal(xpath(xml, `string(${first}/start)`), '09:00');
  assert.equal(xpath(xml, `string(${first}/duration)`), '00:40');
  assert.equal(xpath(xml, `string(${first}/url)`), 'https://catalogue.example/#/e/big-conf-2025/s/s0');
  assert.equal(xpath(xml, 'string(/schedule/url)'), 'https://catalogue.example/events/big-conf-2025/schedule.xml');
});
