/**
 * Searching an event's sessions (`q`). The index is built in memory from the
 * event's sessions (one Query of the timeline index, no Scan) and kept per
 * warm Lambda; each request checks the event's revision (one GetItem) and
 * rebuilds only when the catalogue changed. See docs/search.md for how it
 * scales and where a search engine would take over.
 */
import type { SessionListQuery } from '../domain/schemas';
import { buildIndex, search, type SearchIndex } from '../domain/search';
import { matchesFilters } from '../domain/session-filters';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';
import { queryFingerprint, type Cursors } from '../store/cursor';
import type { Page } from '../store/query-page';

interface EventIndex {
  revision: number;
  builtAt: number;
  sessions: SessionItem[];
  index: SearchIndex;
}

/** Rebuild at least this often, in case a revision bump was lost to a crash. */
const MAX_AGE_MS = 5 * 60_000;

export function createSessionSearch(store: CatalogueStore, cursors: Cursors) {
  const cache = new Map<string, EventIndex>();

  async function eventIndex(eventId: string): Promise<EventIndex> {
    const revision = await store.getRevision(eventId);
    const cached = cache.get(eventId);
    if (cached && cached.revision === revision && Date.now() - cached.builtAt < MAX_AGE_MS) return cached;
    const sessions = await store.listAllSessions(eventId);
    const index = buildIndex(
      sessions.map((s) => ({
        id: s.id,
        fields: { title: s.title, speakers: s.speakerText ?? '', tags: s.tags.join(' '), abstract: s.abstract ?? '' },
      })),
    );
    const entry = { revision, builtAt: Date.now(), sessions, index };
    cache.set(eventId, entry);
    return entry;
  }

  /** Matching sessions, best first, filtered and paged like any session list. */
  async function searchSessions(eventId: string, timeZone: string, query: SessionListQuery & { q: string }): Promise<Page<SessionItem>> {
    const { limit, cursor, ...filters } = query;
    const fingerprint = queryFingerprint(['search', eventId, filters]);
    const offset = cursor ? cursors.decodeOffset(cursor, fingerprint) : 0;
    const { sessions, index } = await eventIndex(eventId);
    const hits = search(index, filters.q, (doc) => matchesFilters(sessions[doc]!, filters, timeZone));
    const items = hits.slice(offset, offset + limit).map((hit) => sessions[hit.doc]!);
    const next = offset + limit < hits.length ? cursors.encodeOffset(offset + limit, fingerprint) : null;
    return { items, nextCursor: next };
  }

  return { searchSessions, eventIndex };
}

export type SessionSearch = ReturnType<typeof createSessionSearch>;
