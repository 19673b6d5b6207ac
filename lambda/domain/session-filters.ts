/**
 * The filters of a session list as a plain predicate, for sessions already
 * in memory (the search index, a speaker's sessions). The DynamoDB path
 * applies the same filters as key ranges and filter expressions.
 */
import type { SessionListQuery } from './schemas';
import { dayRange, toUtcKey } from './time';

export interface FilterableSession {
  track?: string;
  room?: string;
  level?: string;
  type: string;
  status: string;
  startsAt?: string;
  endsAt?: string;
  speakerIds: readonly string[];
}

/** A session with its times parsed once, as the filters compare them (epoch milliseconds). */
export interface ParsedSession {
  session: FilterableSession;
  starts?: number;
  ends?: number;
}

export type SessionFilters = Omit<SessionListQuery, 'limit' | 'cursor' | 'q'>;

export function parseSession(session: FilterableSession): ParsedSession {
  return {
    session,
    ...(session.startsAt ? { starts: Date.parse(session.startsAt) } : {}),
    ...(session.endsAt ? { ends: Date.parse(session.endsAt) } : {}),
  };
}

/** A multi-select filter holds when it is absent or names the session's value. */
const anyOf = (values: readonly string[] | undefined, value: string | undefined) =>
  values === undefined || (value !== undefined && values.includes(value));

/**
 * The filters of a query as one predicate, its bounds (the day in the
 * event's zone, the instant `at`) worked out once; undefined when the query
 * has no filter, so that nothing needs checking.
 */
export function sessionFilter(query: SessionFilters, timeZone: string): ((parsed: ParsedSession) => boolean) | undefined {
  const { track, room, level, type, status, speaker, scheduled, day, at } = query;
  if ([track, room, level, type, status, speaker, scheduled, day, at].every((value) => value === undefined)) return undefined;
  const [from, to] = day ? dayRange(day, timeZone) : [-Infinity, Infinity];
  const instant = at ? Date.parse(toUtcKey(at)) : undefined;
  return ({ session, starts, ends }) => {
    if (!anyOf(track, session.track) || !anyOf(room, session.room) || !anyOf(level, session.level) || !anyOf(type, session.type)) return false;
    if (status !== undefined && session.status !== status) return false;
    if (speaker !== undefined && !session.speakerIds.includes(speaker)) return false;
    if (scheduled !== undefined && (starts !== undefined) !== scheduled) return false;
    if (day && (starts === undefined || starts < from || starts >= to)) return false;
    if (instant !== undefined && (starts === undefined || ends === undefined || starts > instant || ends <= instant)) return false;
    return true;
  };
}

export function matchesFilters(session: FilterableSession, query: SessionFilters, timeZone: string): boolean {
  const accept = sessionFilter(query, timeZone);
  return !accept || accept(parseSession(session));
}
