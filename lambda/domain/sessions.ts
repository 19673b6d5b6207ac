/**
 * Session rules that need no database: merging a patch, checking a session
 * against its event, putting its times in the event's zone, and telling
 * whether a write changes anything.
 */
import type { CatalogueEvent, SessionInput } from './schemas';
import type { FieldError } from './errors';
import { dayRange, toZonedIso } from './time';
import { canonicalJson } from './canonical-json';

/** RFC 7396 merge: `null` removes a field, anything else replaces it. */
export function applyMergePatch(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && key !== 'capacity') delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Rules that depend on the event: a scheduled session falls on one of the
 * event's days (when the event lists days), and its track is one the event
 * declares (when it declares any), which catches typos that would split a track.
 */
export function checkSessionAgainstEvent(session: SessionInput, event: CatalogueEvent): FieldError[] {
  const errors: FieldError[] = [];
  if (session.startsAt && event.days.length > 0) {
    const starts = Date.parse(session.startsAt);
    const onADay = event.days.some(({ date }) => {
      const [from, to] = dayRange(date, event.timezone);
      return starts >= from && starts < to;
    });
    if (!onADay) {
      errors.push({
        path: 'startsAt',
        message: `must fall on one of the event's days (${event.days.map((d) => d.date).join(', ')}) in ${event.timezone}`,
      });
    }
  }
  if (session.track && event.tracks.length > 0 && !event.tracks.includes(session.track)) {
    errors.push({ path: 'track', message: `must be one of the event's tracks: ${event.tracks.join(', ')}` });
  }
  return errors;
}

/** Writes every time of the session with the event's offset, as clients read them. */
export function inEventZone(session: SessionInput, timeZone: string): SessionInput {
  const zoned = { ...session };
  for (const field of ['startsAt', 'endsAt', 'reservationOpensAt', 'reservationClosesAt'] as const) {
    const value = session[field];
    if (value) zoned[field] = toZonedIso(value, timeZone);
  }
  return zoned;
}

/** Whether two versions of a session's writable fields say the same. */
export function sameSessionFields(a: SessionInput, b: SessionInput): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Speakers a write adds and removes, and those it keeps. */
export function diffSpeakers(before: readonly string[], after: readonly string[]) {
  return {
    added: after.filter((id) => !before.includes(id)),
    removed: before.filter((id) => !after.includes(id)),
    kept: after.filter((id) => before.includes(id)),
  };
}
