/**
 * Session rules that need no database: merging a patch, checking a session
 * against its event, putting its times in the event's zone, and telling
 * whether a write changes anything.
 */
import type { CatalogueEvent, SessionInput } from './schemas';
import type { FieldError } from './errors';
import { dayRange, toZonedIso } from './time';
import { canonicalJson } from './canonical-json';
import { FALLBACK_LANGUAGE, sessionTypes } from './vocabulary';

/** The session formats an event takes: its own, or the five defaults. */
export const typesOf = (event: Pick<CatalogueEvent, 'types'>): readonly string[] => event.types ?? sessionTypes;

/** The language of an event's plain-string text. */
export const defaultLanguageOf = (event: Pick<CatalogueEvent, 'defaultLanguage'>): string => event.defaultLanguage ?? FALLBACK_LANGUAGE;

/**
 * Merges a PATCH's title or abstract into the session's: a string sets the
 * default language's text, an object sets (or with `null` removes) texts by
 * language, so a translation never drops the others; removing the last one
 * removes the field (`null`). `own` is the language of the session's
 * plain-string text; `defaultLanguage` the event's.
 */
export function mergeTexts(current: unknown, patch: unknown, own: string, defaultLanguage: string): unknown {
  if (patch === undefined || patch === null) return patch;
  if (typeof patch === 'string' && typeof current !== 'object') return patch;
  const base: Record<string, unknown> = typeof current === 'string' ? { [own]: current } : { ...(current as Record<string, unknown> | undefined) };
  const changes = typeof patch === 'string' ? { [defaultLanguage]: patch } : (patch as Record<string, unknown>);
  for (const [tag, text] of Object.entries(changes)) {
    if (text === null) delete base[tag];
    else base[tag] = text;
  }
  return Object.keys(base).length > 0 ? base : null;
}

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

/**
 * The event's vocabulary: a session's type is one of the event's types, and
 * its room and level are among the event's when it lists any (a typo would
 * make a room or level of its own). Bad input (400), named by field.
 */
export function checkSessionVocabulary(session: Pick<SessionInput, 'type' | 'room' | 'level'>, event: CatalogueEvent): FieldError[] {
  const errors: FieldError[] = [];
  const types = typesOf(event);
  if (!types.includes(session.type)) errors.push({ path: 'type', message: `must be one of the event's types: ${types.join(', ')}` });
  if (session.room && event.rooms?.length && !event.rooms.some((r) => r.name === session.room)) {
    errors.push({ path: 'room', message: `must be one of the event's rooms: ${event.rooms.map((r) => r.name).join(', ')}` });
  }
  if (session.level && event.levels?.length && !event.levels.includes(session.level)) {
    errors.push({ path: 'level', message: `must be one of the event's levels: ${event.levels.join(', ')}` });
  }
  return errors;
}

/** A session's seats: as written (null: unlimited), else its room's capacity, else unlimited. */
export function capacityOf(session: Pick<SessionInput, 'capacity' | 'room'>, event: CatalogueEvent): number | null {
  if (session.capacity !== undefined) return session.capacity;
  return event.rooms?.find((r) => r.name === session.room)?.capacity ?? null;
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
