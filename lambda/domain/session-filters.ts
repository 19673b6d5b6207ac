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

export function matchesFilters(session: FilterableSession, query: Omit<SessionListQuery, 'limit' | 'cursor' | 'q'>, timeZone: string): boolean {
  if (query.track !== undefined && session.track !== query.track) return false;
  if (query.room !== undefined && session.room !== query.room) return false;
  if (query.level !== undefined && session.level !== query.level) return false;
  if (query.type !== undefined && session.type !== query.type) return false;
  if (query.status !== undefined && session.status !== query.status) return false;
  if (query.speaker !== undefined && !session.speakerIds.includes(query.speaker)) return false;
  const starts = session.startsAt ? Date.parse(session.startsAt) : undefined;
  if (query.scheduled !== undefined && (starts !== undefined) !== query.scheduled) return false;
  if (query.day) {
    const [from, to] = dayRange(query.day, timeZone);
    if (starts === undefined || starts < from || starts >= to) return false;
  }
  if (query.at) {
    const at = Date.parse(toUtcKey(query.at));
    if (starts === undefined || !session.endsAt || starts > at || Date.parse(session.endsAt) <= at) return false;
  }
  return true;
}
