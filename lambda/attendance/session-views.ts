/** Sessions as clients read them, with live seat counts read from each session's seat counter. */
import type { Session } from '../domain/schemas';
import type { AttendanceStore, Seats } from '../store/attendance-store';
import type { SessionItem } from '../store/catalogue-store';
import { seatsKey, type Key } from '../store/keys';
import { sessionView } from '../catalogue/views';

export async function viewSessions(attendance: AttendanceStore, items: readonly SessionItem[]): Promise<Session[]> {
  if (items.length === 0) return [];
  const seats = await attendance.getSeatsOf(items);
  return items.map((item) => sessionView(item, seats.get(seatsKey(item.eventId, item.id).pk)));
}

/**
 * Showing a page of sessions, for a caller that reads their seat counters
 * in a request of its own (search reads them with the event's head).
 */
export function pageOfSessions(items: readonly SessionItem[]): { keys: Key[]; show(found: readonly (Record<string, unknown> | undefined)[]): Session[] } {
  return {
    keys: items.map((item) => seatsKey(item.eventId, item.id)),
    show: (found) => items.map((item, i) => sessionView(item, found[i] as Seats | undefined)),
  };
}

export async function viewSession(attendance: AttendanceStore, item: SessionItem): Promise<Session> {
  return sessionView(item, await attendance.getSeats(item.eventId, item.id, true));
}
