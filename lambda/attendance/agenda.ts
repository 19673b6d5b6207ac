/** An attendee's agenda at one event: bookmarked and reserved sessions, in time order, with clashes. */
import { defaultLanguageOf } from '../domain/sessions';
import type { CatalogueEvent, Session } from '../domain/schemas';
import { findConflicts, holdsPlace } from '../domain/agenda';
import { renderCalendar } from '../domain/icalendar';
import { calendarEntry } from '../domain/session-calendar';
import { requireEvent } from '../catalogue/sessions';
import type { Stores } from '../store/stores';
import type { ReservationItem } from '../store/attendance-store';
import { reservationView, type ReservationView } from './reservations';
import { viewSessions } from './session-views';
import { withCheckInCode } from './check-ins';

/** What the door needs of a reservation: its code (confirmed) and when it was checked in. */
const pickDoor = ({ checkInCode, checkedInAt }: { checkInCode?: string; checkedInAt?: string }) => ({
  ...(checkInCode ? { checkInCode } : {}),
  ...(checkedInAt ? { checkedInAt } : {}),
});

export interface AgendaItem extends Session {
  bookmarked: boolean;
  reservation?: Pick<ReservationView, 'status' | 'position' | 'createdAt' | 'checkedInAt'> & { checkInCode?: string };
  conflictsWith: string[];
}

async function allReservations(stores: Pick<Stores, 'attendance'>, attendeeId: string, eventId: string): Promise<ReservationItem[]> {
  const items: ReservationItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores.attendance.listReservations(attendeeId, { limit: 100, cursor }, eventId);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** `wanted`: the languages the attendee reads (Accept-Language), for titles and abstracts. */
export async function agendaOf(
  stores: Pick<Stores, 'catalogue' | 'attendance' | 'bookmarks' | 'checkInCodes'>,
  attendeeId: string,
  eventId: string,
  wanted: readonly string[] = [],
): Promise<{ event: CatalogueEvent; items: AgendaItem[] }> {
  const event = await requireEvent(stores.catalogue, eventId);
  const [bookmarks, reservations] = await Promise.all([
    stores.bookmarks.listBookmarks(attendeeId, eventId),
    allReservations(stores, attendeeId, eventId),
  ]);
  const bookmarked = new Set(bookmarks.map((b) => b.sessionId));
  const reserved = new Map(reservations.filter((r) => holdsPlace(r.status)).map((r) => [r.sessionId, r]));
  const ids = [...new Set([...bookmarked, ...reserved.keys()])];
  // Sessions deleted since they were bookmarked are simply gone from the agenda.
  const found = await stores.catalogue.getSessions(ids.map((sessionId) => ({ eventId, sessionId })));
  // Code-unit order, as DynamoDB sorts keys (localeCompare would put the unscheduled `~` first).
  found.sort((a, b) => (a.timelineSk < b.timelineSk ? -1 : a.timelineSk > b.timelineSk ? 1 : 0));
  const sessions = await viewSessions(stores.attendance, found, { wanted, defaultLanguage: defaultLanguageOf(event) });
  const conflicts = findConflicts(sessions);
  const items = await Promise.all(
    sessions.map(async (session): Promise<AgendaItem> => {
      const reservation = reserved.get(session.id);
      const view = reservation ? withCheckInCode(stores, attendeeId, await reservationView(stores.attendance, reservation)) : undefined;
      return {
        ...session,
        bookmarked: bookmarked.has(session.id),
        ...(view ? { reservation: { status: view.status, ...(view.position ? { position: view.position } : {}), createdAt: view.createdAt, ...pickDoor(view) } } : {}),
        conflictsWith: conflicts.get(session.id) ?? [],
      };
    }),
  );
  return { event, items };
}

export function agendaCalendar(event: CatalogueEvent, items: readonly AgendaItem[], baseUrl: string): string {
  const entries = items.flatMap((item) => calendarEntry(event, item, baseUrl, item.reservation?.status) ?? []);
  return renderCalendar({ name: `${event.name} — my agenda`, entries });
}
