/** Sessions as clients read them, with live seat counts read from each session's seat counter. */
import type { Session } from '../domain/schemas';
import type { AttendanceStore } from '../store/attendance-store';
import type { SessionItem } from '../store/catalogue-store';
import { seatStatesOf } from '../store/seat-counters';
import type { Key } from '../store/keys';
import { sessionView } from '../catalogue/views';
import { NO_CHOICE, type LanguageChoice } from '../domain/languages';

export async function viewSessions(attendance: AttendanceStore, items: readonly SessionItem[], choice: LanguageChoice = NO_CHOICE): Promise<Session[]> {
  if (items.length === 0) return [];
  const seats = await attendance.getSeatsOf(items);
  return items.map((item, i) => sessionView(item, seats[i], choice));
}

/**
 * Showing a page of sessions, for a caller that reads their seat counters
 * in a request of its own (search reads them with the event's head).
 */
export function pageOfSessions(items: readonly SessionItem[], choice: LanguageChoice = NO_CHOICE): { keys: Key[]; show(found: readonly (Record<string, unknown> | undefined)[]): Session[] } {
  const page = seatStatesOf(items);
  return {
    keys: page.keys,
    show(found) {
      const seats = page.states(found);
      return items.map((item, i) => sessionView(item, seats[i], choice));
    },
  };
}

export async function viewSession(attendance: AttendanceStore, item: SessionItem): Promise<Session> {
  return sessionView(item, await attendance.getSeats(item, true));
}
