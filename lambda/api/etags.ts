/**
 * ETags from versions, not from hashing answers. A resource's ETag is its
 * version (what If-Match compares, lambda/api/preconditions.ts), then what
 * its answer shows that moves without a new version: a session's seats, its
 * copies of its speakers' profiles, and which incarnation of its id it is (a
 * session deleted and created again starts at version 1 again). A list's is
 * a hash of its items' tags and its cursor: a few bytes per item, never the
 * answer itself.
 */
import { createHash } from 'node:crypto';
import type { Session } from '../domain/schemas';
import type { SessionItem } from '../store/catalogue-store';

/** A session as answered: the stored item (what the tag reads) and its view (what the client sees). */
export interface ShownSession {
  item: SessionItem;
  view: Session;
}

/** `"3"`: a resource whose answer is its version (an event, a speaker's profile, a review). */
export const versionTag = (version: number): string => `"${version}"`;

function sessionState({ item, view }: ShownSession): string {
  const incarnation = Date.parse(item.createdAt).toString(36);
  // A session in several languages answers in one of them: its tag says which, so a cached copy in another is not reused.
  const language = item.translations ? `-${view.contentLanguage}` : '';
  return `${incarnation}-${item.derivedRevision ?? 0}-${view.seats.taken}-${view.seats.waitlisted}${language}`;
}

/** `"3.lx0q2k1c-0-12-4"`: version, then incarnation, speaker copies' revision, seats taken and waitlisted. */
export const sessionTag = (shown: ShownSession): string => `"${shown.item.version}.${sessionState(shown)}"`;

/** The sessions of a page and where it continues (and `more` it shows of sessions beyond it), in 16 characters. */
function pageState(sessions: readonly ShownSession[], nextCursor: string | null, more = ''): string {
  let state = '';
  for (const shown of sessions) state += `${shown.item.eventId}/${shown.item.id}:${shown.item.version}.${sessionState(shown)};`;
  return createHash('sha256').update(state + (nextCursor ?? '') + more).digest('base64url').slice(0, 16);
}

/** A page of sessions: weak, as a list has no version of its own. A search's `more` is its facets and total, which other sessions move. */
export const sessionPageTag = (sessions: readonly ShownSession[], nextCursor: string | null, more?: string): string => `W/"${pageState(sessions, nextCursor, more)}"`;

/** `"3.x7Yq…"`: a speaker's version, then the page of their sessions shown with the profile. */
export const speakerTag = (version: number, sessions: readonly ShownSession[], nextCursor: string | null): string =>
  `"${version}.${pageState(sessions, nextCursor)}"`;
