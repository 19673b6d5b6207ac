/**
 * Time in an event's own zone. Days are dates in the event's IANA zone and
 * times are shown with that zone's offset, while keys store UTC instants so
 * that string order is time order. Uses Intl only (no time-zone library).
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `instant`, in minutes (Asia/Seoul: 540). */
export function offsetMinutes(timeZone: string, instant: number): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The UTC instant (ms) at which the clocks of `timeZone` show `wall` (that reading taken as if it were UTC, in ms). */
export function wallClockToInstant(wall: number, timeZone: string): number {
  const instant = wall - offsetMinutes(timeZone, wall) * 60_000;
  // Once more: the offset at the guessed instant can differ across a DST change.
  return wall - offsetMinutes(timeZone, instant) * 60_000;
}

/** The UTC instant (ms) at which local midnight of `date` happens in `timeZone`. */
const zonedWallTimeToInstant = (date: string, timeZone: string) => wallClockToInstant(Date.parse(`${date}T00:00:00Z`), timeZone);

/** [start, end) of a calendar day in the event's zone, as UTC instants in ms. */
export function dayRange(date: string, timeZone: string): [number, number] {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return [zonedWallTimeToInstant(date, timeZone), zonedWallTimeToInstant(next, timeZone)];
}

/** Sortable UTC form used in keys: `2024-05-16T04:10:00.000Z`. */
export function toUtcKey(iso: string): string {
  return new Date(iso).toISOString();
}

/** `2024-05-16T13:10:00+09:00`: the instant written in the event's zone. */
export function toZonedIso(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  const offset = offsetMinutes(timeZone, instant);
  const local = new Date(instant + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** The calendar date of an instant in the event's zone. */
export function zonedDate(iso: string, timeZone: string): string {
  return toZonedIso(iso, timeZone).slice(0, 10);
}
