/**
 * What organisers read of a session's attendance: its roster (confirmed
 * seats with their check-ins, then the waitlist in line order) as pages or
 * as one CSV, and the counts per session of an event.
 */
import { notFound } from '../domain/errors';
import { csvDocument } from '../domain/csv';
import type { PageRequest } from '../store/query-page';
import type { Seats } from '../store/seat-counters';
import type { SessionItem } from '../store/catalogue-store';
import type { RosterRow } from '../store/check-in-store';
import type { Line } from '../store/waitlist-store';
import type { Stores } from '../store/stores';

export interface AttendanceCounts {
  capacity: number | null;
  confirmed: number;
  checkedIn: number;
  waitlisted: number;
}

export const countsOf = (seats: Seats | undefined, capacity: number | null): AttendanceCounts => ({
  capacity,
  confirmed: seats?.taken ?? 0,
  checkedIn: seats?.checkedIn ?? 0,
  waitlisted: seats?.waitlisted ?? 0,
});

async function sessionLine(stores: Pick<Stores, 'catalogue' | 'attendance' | 'checkIns'>, eventId: string, sessionId: string): Promise<{ session: SessionItem; line: Line }> {
  const session = await stores.catalogue.getSession(eventId, sessionId, true);
  if (!session) throw notFound(`Session ${sessionId} of event ${eventId}`);
  return { session, line: { eventId, sessionId, shards: session.seatShards ?? 1 } };
}

/** A page of the roster, with the session's counts. */
export async function rosterPage(stores: Pick<Stores, 'catalogue' | 'attendance' | 'checkIns'>, eventId: string, sessionId: string, page: PageRequest) {
  const { session, line } = await sessionLine(stores, eventId, sessionId);
  const [rows, seats] = await Promise.all([stores.checkIns.rosterPage(line, page), stores.attendance.getSeats(session, true)]);
  return { eventId, sessionId, counts: countsOf(seats, session.capacity), items: rows.items, nextCursor: rows.nextCursor };
}

/**
 * The whole roster as CSV: every page read through (a session's roster is
 * bounded by its capacity and its line; 100,000 rows are ~6 MB, Lambda's
 * answer limit).
 */
export async function rosterCsv(stores: Pick<Stores, 'catalogue' | 'attendance' | 'checkIns'>, eventId: string, sessionId: string): Promise<string> {
  const { session, line } = await sessionLine(stores, eventId, sessionId);
  const rows: RosterRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.checkIns.rosterPage(line, { limit: 1000, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return csvDocument(
    ['status', 'place', 'attendeeId', 'checkedInAt', 'scannedAt', 'sessionId', 'sessionTitle'],
    rows.map((row) =>
      row.status === 'confirmed'
        ? [row.status, undefined, row.attendeeId, row.checkedInAt, row.scannedAt, sessionId, session.title]
        : [row.status, row.place, row.attendeeId, undefined, undefined, sessionId, session.title],
    ),
  );
}

/** Counts of a page of an event's sessions (as listed in time order), read from their seat counters. */
export async function checkInCounts(stores: Pick<Stores, 'catalogue' | 'attendance' | 'checkIns'>, sessions: readonly SessionItem[]) {
  const seats = await stores.attendance.getSeatsOf(sessions);
  return sessions.map((session, i) => ({
    sessionId: session.id,
    title: session.title,
    ...(session.startsAt ? { startsAt: session.startsAt } : {}),
    status: session.status,
    ...countsOf(seats[i], session.capacity),
  }));
}
