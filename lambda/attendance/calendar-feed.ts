/**
 * A subscribable personal calendar: a secret URL that calendar apps (which
 * cannot send an Authorization header) poll. The token is 256 random bits;
 * only its SHA-256 is stored, and a new token kills the old one at once.
 *
 * The token travels in the query string, never in the path: access logs
 * record the path, and no log may hold a usable token (docs/security.md).
 * Tokens are base64url; the hex tokens of the old `/calendar/{token}.ics`
 * form, which did reach the logs, are refused whatever their hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CatalogueError, notFound } from '../domain/errors';
import { holdsPlace } from '../domain/agenda';
import { renderCalendar } from '../domain/icalendar';
import { calendarEntry } from '../domain/session-calendar';
import type { Stores } from '../store/stores';

const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** How often calendar apps are asked to poll. */
const REFRESH_MINUTES = 60;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function rotateCalendarFeed(stores: Pick<Stores, 'attendance'>, attendeeId: string, publicBaseUrl: string) {
  const token = randomBytes(32).toString('base64url');
  const createdAt = new Date().toISOString();
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((await stores.attendance.rotateCalendarFeed(attendeeId, hashOf(token), createdAt)) === 'applied') {
      return { url: `${publicBaseUrl}/calendar/feed.ics?token=${token}`, createdAt };
    }
  }
  throw new CatalogueError('unavailable', 'The calendar feed changed at the same moment; try again');
}

/** The attendee's agenda across all events, for the holder of the feed URL. */
export async function feedCalendar(stores: Pick<Stores, 'catalogue' | 'attendance' | 'bookmarks' | 'checkInCodes'>, token: string | undefined, publicBaseUrl: string): Promise<string> {
  // An unknown, malformed or missing token answers exactly like a revoked one.
  const attendeeId = token && FEED_TOKEN.test(token) ? await stores.attendance.attendeeOfCalendarFeed(hashOf(token)) : undefined;
  if (!attendeeId) throw notFound('This calendar feed');
  // Bookmarks, and reservations that hold a place (a released one is no reason to list a session).
  const refs = (await stores.attendance.listAllAgendaRefs(attendeeId)).filter((r) => r.status === undefined || holdsPlace(r.status));
  const refKey = (eventId: string, sessionId: string) => `${eventId}/${sessionId}`;
  const reservationStatus = new Map(refs.flatMap((r) => (r.status ? [[refKey(r.eventId, r.sessionId), r.status] as const] : [])));
  const unique = [...new Map(refs.map((r) => [refKey(r.eventId, r.sessionId), r])).values()];
  const [sessions, events] = await Promise.all([
    stores.catalogue.getSessions(unique),
    stores.catalogue.getEvents([...new Set(unique.map((r) => r.eventId))]),
  ]);
  const eventsById = new Map(events.map((e) => [e.id, e]));
  sessions.sort((a, b) => (a.timelineSk < b.timelineSk ? -1 : a.timelineSk > b.timelineSk ? 1 : 0));
  const entries = sessions.flatMap((s) => {
    const event = eventsById.get(s.eventId);
    return (event && calendarEntry(event, s, publicBaseUrl, reservationStatus.get(refKey(s.eventId, s.id)))) || [];
  });
  // DTSTAMP is the last change, so an unchanged agenda is the same bytes (and ETag) every time.
  const lastChange = sessions.reduce((latest, s) => (s.updatedAt > latest ? s.updatedAt : latest), '1970-01-01T00:00:00.000Z');
  return renderCalendar({ name: 'My conference agenda', entries, refreshMinutes: REFRESH_MINUTES, now: new Date(lastChange) });
}
