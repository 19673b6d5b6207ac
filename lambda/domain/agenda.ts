/** Agenda rules that need no database. */

/**
 * Whether a reservation gives the attendee a place: confirmed or waitlisted.
 * A released one (its session was cancelled) holds nothing, so it is no
 * reason to show the session in the agenda or its calendars; a bookmark of
 * the same session still is.
 */
export const holdsPlace = (reservationStatus: string | undefined): boolean =>
  reservationStatus === 'confirmed' || reservationStatus === 'waitlisted';

export interface Slot {
  id: string;
  startsAt?: string;
  endsAt?: string;
  status?: string;
}

/**
 * For each session, the others it overlaps in time ([start, end) intervals:
 * a talk ending at 11:00 does not clash with one starting at 11:00).
 * Unscheduled and cancelled sessions clash with nothing.
 */
export function findConflicts(slots: readonly Slot[]): Map<string, string[]> {
  const timed = slots
    .filter((s) => s.startsAt && s.endsAt && s.status !== 'cancelled')
    .map((s) => ({ id: s.id, start: Date.parse(s.startsAt!), end: Date.parse(s.endsAt!) }))
    .sort((a, b) => a.start - b.start);
  const conflicts = new Map<string, string[]>(slots.map((s) => [s.id, []]));
  for (let i = 0; i < timed.length; i++) {
    for (let j = i + 1; j < timed.length && timed[j]!.start < timed[i]!.end; j++) {
      conflicts.get(timed[i]!.id)!.push(timed[j]!.id);
      conflicts.get(timed[j]!.id)!.push(timed[i]!.id);
    }
  }
  return conflicts;
}
