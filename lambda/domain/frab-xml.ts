/**
 * The schedule as frab/pentabarf XML, the form most conference apps read
 * (Giggity, EventFahrplan, ConfClerk, pyfahrplan, info-beamer,
 * engelsystem), valid against c3voc's schedule XSD. Written from the same
 * structure as the JSON (frab.ts), so ids, GUIDs and slugs agree; where
 * the XML differs it is as frab writes it: `start` is the local HH:MM.
 */
import type { FrabSchedule } from './frab';
import { dayRange, toZonedIso } from './time';
import { renderXml, xml } from './xml';

type Conference = FrabSchedule['schedule']['conference'];
type Day = Conference['days'][number];
type Talk = Day['rooms'][string][number];

const talkXml = (talk: Talk) =>
  xml('event', { guid: talk.guid, id: talk.id }, [
    xml('room', {}, [talk.room]),
    xml('title', {}, [talk.title]),
    xml('subtitle'),
    xml('type', {}, [talk.type]),
    xml('date', {}, [talk.date]),
    // The talk's wall-clock time where it happens: `date` carries the zone's offset.
    xml('start', {}, [talk.date.slice(11, 16)]),
    xml('duration', {}, [talk.duration]),
    xml('abstract', {}, [talk.abstract ?? '']),
    xml('slug', {}, [talk.slug]),
    xml('track', {}, [talk.track ?? '']),
    !!talk.language && xml('language', {}, [talk.language]),
    xml('persons', {}, talk.persons.map((person) => xml('person', { guid: person.guid }, [person.name]))),
    xml('links', {}, talk.links.map((link) => xml('link', { href: link.url, type: link.type }, [link.title]))),
    xml('url', {}, [talk.url]),
  ]);

const dayXml = (day: Day, roomGuids: ReadonlyMap<string, string>) =>
  xml(
    'day',
    { index: day.index, date: day.date, start: day.day_start, end: day.day_end },
    Object.entries(day.rooms).map(([name, talks]) => xml('room', { name, guid: roomGuids.get(name) }, talks.map(talkXml))),
  );

/**
 * The XSD wants at least one day: an event with neither days nor scheduled
 * talks yet gets one empty day, on the date the JSON gives as its start.
 */
function emptyDay(conference: Conference): Day {
  const [from, to] = dayRange(conference.start, conference.time_zone_name);
  const zoned = (ms: number) => toZonedIso(new Date(ms).toISOString(), conference.time_zone_name);
  return { index: 1, date: conference.start, day_start: zoned(from), day_end: zoned(to - 60_000), rooms: {} };
}

export function frabScheduleXml(schedule: FrabSchedule): string {
  const { version, base_url: baseUrl, conference } = schedule.schedule;
  const roomGuids = new Map(conference.rooms.map((room) => [room.name, room.guid]));
  const days = conference.days.length > 0 ? conference.days : [emptyDay(conference)];
  return renderXml(
    xml('schedule', {}, [
      xml('generator', { name: schedule.generator.name, version: schedule.generator.version }),
      xml('url', {}, [`${baseUrl}schedule.xml`]),
      xml('version', {}, [version]),
      xml('conference', {}, [
        xml('acronym', {}, [conference.acronym]),
        xml('title', {}, [conference.title]),
        xml('start', {}, [conference.start]),
        xml('end', {}, [conference.end]),
        xml('days', {}, [String(days.length)]),
        xml('timeslot_duration', {}, [conference.timeslot_duration]),
        xml('base_url', {}, [baseUrl]),
        xml('url', {}, [conference.url]),
        xml('time_zone_name', {}, [conference.time_zone_name]),
        ...conference.tracks.map((track) => xml('track', { name: track.name })),
      ]),
      ...days.map((day) => dayXml(day, roomGuids)),
    ]),
  );
}
