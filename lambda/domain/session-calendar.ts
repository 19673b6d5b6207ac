/** Sessions as iCalendar events: the same UID for a session in every export, for ever. */
import type { CatalogueEvent } from './schemas';
import type { CalendarEntry } from './icalendar';

export interface CalendarSession {
  id: string;
  title: string;
  abstract?: string;
  room?: string;
  track?: string;
  startsAt?: string;
  endsAt?: string;
  status: string;
  version: number;
  /** The language title and abstract are in (a session shown in a language: lambda/domain/languages.ts). */
  contentLanguage?: string;
  links?: readonly { url: string }[];
}

export const sessionUid = (eventId: string, sessionId: string) => `${sessionId}.${eventId}@session-catalogue`;

/**
 * A cancelled session is CANCELLED; in an attendee's calendar a waitlist
 * place is only TENTATIVE until the seat is theirs (RFC 5545 §3.8.1.11).
 */
function calendarStatus(sessionStatus: string, reservationStatus: string | undefined): CalendarEntry['status'] {
  if (sessionStatus === 'cancelled') return 'CANCELLED';
  return reservationStatus === 'waitlisted' ? 'TENTATIVE' : 'CONFIRMED';
}

/** An unscheduled session has no place in a calendar. `reservationStatus`: the attendee's, in their own calendars. */
export function calendarEntry(
  event: CatalogueEvent,
  session: CalendarSession,
  baseUrl: string,
  reservationStatus?: string,
): CalendarEntry | undefined {
  if (!session.startsAt || !session.endsAt) return undefined;
  return {
    uid: sessionUid(event.id, session.id),
    title: session.title,
    description: session.abstract || undefined,
    location: [session.room, event.venue].filter(Boolean).join(', ') || undefined,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    sequence: session.version,
    status: calendarStatus(session.status, reservationStatus),
    url: `${baseUrl}/events/${event.id}/sessions/${session.id}`,
    categories: session.track ? [session.track] : undefined,
    language: session.contentLanguage,
    attachments: session.links?.map((link) => link.url),
  };
}
