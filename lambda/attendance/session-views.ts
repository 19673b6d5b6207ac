/** Sessions as clients read them, with live seat counts read from each session's seat counter. */
import type { Session } from '../domain/schemas';
import type { AttendanceStore } from '../store/attendance-store';
import type { SessionItem } from '../store/catalogue-store';
import { shardPartition } from '../store/keys';
import { sessionView } from '../catalogue/views';

export async function viewSessions(attendance: AttendanceStore, items: readonly SessionItem[]): Promise<Session[]> {
  if (items.length === 0) return [];
  const seats = await attendance.getSeatsOf(items);
  return items.map((item) => sessionView(item, seats.get(shardPartition(item.eventId, item.id, 0))));
}

export async function viewSession(attendance: AttendanceStore, item: SessionItem): Promise<Session> {
  return sessionView(item, await attendance.getSeats(item, true));
}
