/**
 * Times in a console form are typed as the venue's clock shows them
 * (`<input type=datetime-local>`, the event's zone named beside it) and sent
 * as the API wants them: RFC 3339 with that zone's offset on that day. The
 * zone arithmetic is the server's own (lambda/domain/time.ts).
 */
import { dayRange, toZonedIso, wallClockToInstant } from '../../../lambda/domain/time';

/** `2024-05-16T10:00` (the input's value) in `timeZone` → `2024-05-16T10:00:00+09:00`; undefined when empty or unreadable. */
export function zonedIso(local: string, timeZone: string): string | undefined {
  const wall = Date.parse(`${local.slice(0, 16)}:00Z`);
  if (!local || Number.isNaN(wall)) return undefined;
  return toZonedIso(new Date(wallClockToInstant(wall, timeZone)).toISOString(), timeZone);
}

/** An instant → the input's value (`2024-05-16T10:00`) on the clock of `timeZone`. */
export const localInput = (iso: string | undefined, timeZone: string): string => (iso ? toZonedIso(iso, timeZone).slice(0, 16) : '');

/** Minute `minutes` from midnight of `date` in `timeZone` (the timetable grid's minutes, format.ts minutesFromMidnight) → RFC 3339 with that zone's offset. */
export const atMinute = (date: string, minutes: number, timeZone: string): string =>
  toZonedIso(new Date(dayRange(date, timeZone)[0] + minutes * 60_000).toISOString(), timeZone);
