/**
 * The schedule in the frab-compatible JSON that conference tools read
 * (c3voc's schema, frab-schedule.schema.json): days, each with its rooms,
 * each with its talks in time order. Ids and GUIDs are derived from the
 * session ids, so they stay the same from one export to the next. The XML
 * form (frab-xml.ts) is written from this same structure.
 */
import { createHash } from 'node:crypto';
import type { CatalogueEvent } from './schemas';
import { dayRange, toZonedIso, zonedDate } from './time';
import { eventPageUrl, sessionPageUrl } from './web-pages';

export interface FrabSession {
  id: string;
  title: string;
  abstract?: string;
  type: string;
  track?: string;
  language?: string;
  /** The language title and abstract are in, when the talk names no language of its own. */
  contentLanguage?: string;
  links?: readonly { kind: string; url: string; title?: string }[];
  room?: string;
  startsAt?: string;
  endsAt?: string;
  speakerIds: readonly string[];
  status: string;
}

export interface FrabSpeaker {
  id: string;
  name: string;
  bio?: string;
}

/** A name-based UUID (version 5 layout) from a stable name. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`session-catalogue:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A positive integer from 31 bits of a name's hash. */
const stableInt = (name: string) => (parseInt(createHash('sha1').update(name).digest('hex').slice(0, 8), 16) & 0x7fffffff) || 1;

/**
 * Each session's integer id: its hash's 31 bits, stable across exports. Among
 * thousands of sessions two hashes may be equal (~0.2% of events with 3,000):
 * in session id order, a later one takes the next free integer, so ids stay
 * unique within the export and the same for the same sessions.
 */
function talkIds(eventId: string, sessionIds: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  for (const sessionId of [...sessionIds].sort()) {
    let id = stableInt(`${eventId}/${sessionId}`);
    while (taken.has(id)) id = (id % 0x7fffffff) + 1;
    taken.add(id);
    ids.set(sessionId, id);
  }
  return ids;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Talks without a room are listed under this room name. */
export const UNASSIGNED_ROOM = 'TBA';

/**
 * Both schemas' patterns: an acronym of at least four characters with no
 * hyphen after the first (the XSD's slug wants none before its own hyphen
 * either), a slug `{acronym}-{at least four}` ending in a letter or digit.
 * Ids are slugs, never with `_`, so padding with it keeps them apart.
 */
const acronymOf = (eventId: string) => eventId.replace(/-/g, '_').padEnd(4, '_');
const slugOf = (eventId: string, sessionId: string) => `${acronymOf(eventId)}-${sessionId.padStart(4, '_')}`;

export type FrabSchedule = ReturnType<typeof frabSchedule>;

export function frabSchedule(options: {
  event: CatalogueEvent;
  sessions: readonly FrabSession[];
  speakers: ReadonlyMap<string, FrabSpeaker>;
  version: string;
  baseUrl: string;
}) {
  const { event, sessions, speakers, version, baseUrl } = options;
  const scheduled = sessions.filter((s) => s.startsAt && s.endsAt && s.status !== 'cancelled');
  const dates = [...new Set([...event.days.map((d) => d.date), ...scheduled.map((s) => zonedDate(s.startsAt!, event.timezone))])].sort();
  const roomNames = [...new Set(scheduled.map((s) => s.room ?? UNASSIGNED_ROOM))];
  const ids = talkIds(event.id, scheduled.map((s) => s.id));

  const talk = (s: FrabSession) => {
    const minutes = Math.round((Date.parse(s.endsAt!) - Date.parse(s.startsAt!)) / 60_000);
    const start = toZonedIso(s.startsAt!, event.timezone);
    return {
      id: ids.get(s.id)!,
      guid: stableUuid(`${event.id}/${s.id}`),
      date: start,
      // The shared schema types `start` as a date-time (frab itself wrote "09:30"); both carry the zone's offset.
      start,
      duration: hhmm(minutes),
      room: s.room ?? UNASSIGNED_ROOM,
      slug: slugOf(event.id, s.id),
      // For people: the session's page on the web page, not the API.
      url: sessionPageUrl(baseUrl, event.id, s.id),
      title: s.title,
      subtitle: null,
      track: s.track ?? null,
      type: s.type,
      language: s.language ?? s.contentLanguage ?? '',
      abstract: s.abstract || null,
      persons: s.speakerIds.flatMap((id) => {
        const speaker = speakers.get(id);
        return speaker ? [{ guid: stableUuid(`speaker/${id}`), name: speaker.name, ...(speaker.bio ? { biography: speaker.bio } : {}) }] : [];
      }),
      // frab's own form: a URL and a title; `type` says what it is (slides, video, blog), as the XML's attribute.
      links: (s.links ?? []).map((link) => ({ url: link.url, title: link.title ?? link.kind, type: link.kind })),
    };
  };

  const days = dates.map((date, index) => {
    const talks = scheduled.filter((s) => zonedDate(s.startsAt!, event.timezone) === date).sort((a, b) => Date.parse(a.startsAt!) - Date.parse(b.startsAt!));
    const [from, to] = dayRange(date, event.timezone);
    const rooms: Record<string, ReturnType<typeof talk>[]> = {};
    for (const name of roomNames) {
      const inRoom = talks.filter((s) => (s.room ?? UNASSIGNED_ROOM) === name);
      if (inRoom.length > 0) rooms[name] = inRoom.map(talk);
    }
    // A day runs midnight to midnight in the event's zone, longer if a talk runs past it.
    const last = Math.max(to - 60_000, ...talks.map((s) => Date.parse(s.endsAt!)));
    return {
      index: index + 1,
      date,
      day_start: toZonedIso(new Date(from).toISOString(), event.timezone),
      day_end: toZonedIso(new Date(last).toISOString(), event.timezone),
      rooms,
    };
  });

  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'session-catalogue', version: '1.0.0' },
    schedule: {
      version,
      base_url: `${baseUrl}/events/${event.id}/`,
      conference: {
        acronym: acronymOf(event.id),
        title: event.name,
        start: dates[0] ?? '1970-01-01',
        end: dates[dates.length - 1] ?? '1970-01-01',
        daysCount: dates.length,
        timeslot_duration: '00:05',
        time_zone_name: event.timezone,
        url: eventPageUrl(baseUrl, event.id),
        tracks: event.tracks.map((name) => ({ name })),
        rooms: roomNames.map((name) => ({ name, guid: stableUuid(`room/${event.id}/${name}`) })),
        days,
      },
    },
  };
}
