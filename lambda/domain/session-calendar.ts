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
}

export const sessionUid = (eventId: string, sessionId: string) => `${sessionId}.${eventId}@session-catalogue`;

/** An unscheduled session has no place in a calendar. */
export function calendarEntry(event: CatalogueEvent, session: CalendarSession, baseUrl: string): CalendarEntry | undefined {
  if (!session.startsAt || !session.endsAt) return undefined;
  return {
    uid: sessionUid(event.id, session.id),
    title: session.title,
    description: session.abstract || undefined,
    location: [session.room, event.venue].filter(Boolean).join(', ') || undefined,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    sequence: session.version,
    status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    url: `${baseUrl}/events/${event.id}/sessions/${session.id}`,
    categories: session.track ? [session.track] : undefined,
  };
}
