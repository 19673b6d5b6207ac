/**
 * Times in a console form are typed as the venue's clock shows them
 * (`<input type=datetime-local>`, the event's zone named beside it) and sent
 * as the API wants them: RFC 3339 with that zone's offset on that day.
 */

const parts = (timeZone: string, at: number) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(timeZone: string, at: number): number {
  const p = parts(timeZone, at);
  return Math.round((Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - at) / 60_000);
}

/** `2024-05-16T10:00` (the input's value) in `timeZone` → `2024-05-16T10:00:00+09:00`; undefined when empty or unreadable. */
export function zonedIso(local: string, timeZone: string): string | undefined {
  const wall = Date.parse(`${local}Z`);
  if (!local || Number.isNaN(wall)) return undefined;
  // The offset at the instant meant: asked twice, so a time next to a daylight-saving change settles.
  const offset = offsetMinutes(timeZone, wall - offsetMinutes(timeZone, wall) * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local.slice(0, 16)}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant → the input's value (`2024-05-16T10:00`) on the clock of `timeZone`. */
export function localInput(iso: string | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = parts(timeZone, Date.parse(iso));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
