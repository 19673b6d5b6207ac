/**
 * Searching every event (`GET /search?q=`): the events are listed (one
 * Query of the events' timeline, newest first), each is searched in its
 * cached snapshot (./search.ts: the same snapshots and memory budget as
 * the search of one event, nothing more kept per event), and the hits are
 * ranked together: best score first, then the newer event, then time
 * order. Facets add up over every event's matches. The events' heads are
 * read with the page's seats in one BatchGetItem; only the events whose
 * revision moved are built again, and the page made again. docs/search.md.
 */
import type { CatalogueEvent } from '../domain/schemas';
import { mergedPage } from '../domain/search-ranking';
import { facetCounter } from '../domain/search-facets';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';
import type { EventHead } from '../store/catalogue-revision';
import { queryFingerprint, type Cursors } from '../store/cursor';
import { NO_CHOICE, type LanguageChoice } from '../domain/languages';
import { hitTexts, matchSnapshot, pageShows, type PageRead, type SearchResult, type SessionSearch, type Snapshot } from './search';

export interface EverywhereQuery {
  q: string;
  limit: number;
  cursor?: string | undefined;
}

/** A hit of a search of every event names its event. */
export interface EventOfHit {
  id: string;
  name: string;
}

/** Events are listed this many to a page (the most a Query page of them returns here). */
const EVENT_PAGE = 100;

export function createEverywhereSearch(store: CatalogueStore, search: SessionSearch, cursors: Cursors) {
  async function allEvents(): Promise<CatalogueEvent[]> {
    const events: CatalogueEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listEvents({ limit: EVENT_PAGE, cursor });
      events.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return events;
  }

  async function searchEverywhere<V>(query: EverywhereQuery, page: (items: SessionItem[]) => PageRead<V>, choice: LanguageChoice = NO_CHOICE): Promise<SearchResult<V> & { events: EventOfHit[] }> {
    const { q, limit, cursor } = query;
    const fingerprint = queryFingerprint(['search-everywhere', q]);
    const offset = cursor ? cursors.decodeOffset(cursor, fingerprint) : 0;
    const events = await allEvents();
    const names = new Map(events.map((e) => [e.id, e.name]));
    let snapshots = (await Promise.all(events.map((e) => search.anySnapshot(e.id)))).filter((s): s is Snapshot => s !== undefined);

    const answer = async (current: readonly Snapshot[]) => {
      const counter = facetCounter();
      // Synchronous from here to the read: each index's scratch space holds its matches until then.
      const parts = current.map((snapshot) => ({ snapshot, ...matchSnapshot(snapshot, q, {}, counter) }));
      const total = parts.reduce((sum, p) => sum + p.docs.length, 0);
      const ranked = mergedPage(parts.map((p) => ({ index: p.snapshot.index, docs: p.docs })), offset, offset + limit);
      const sessions = ranked.map(({ part, hit }) => parts[part]!.snapshot.sessions[hit.doc]!);
      const next = () => cursors.encodeOffset(offset + limit, fingerprint);
      const shown = {
        ...pageShows(q, sessions.map((session) => hitTexts(session, choice)), (i) => parts[ranked[i]!.part]!.plans, { offset, limit, total, facets: counter.counts(), next }),
        events: sessions.map((s) => ({ id: s.eventId, name: names.get(s.eventId) ?? s.eventId })),
      };
      const read = page(sessions);
      const { heads, items } = await store.getEventHeadsWith(current.map((s) => s.eventId), read.keys);
      return { heads, result: { items: read.show(items), ...shown } };
    };

    const first = await answer(snapshots);
    const fresh = (snapshot: Snapshot, head: EventHead) => head.event !== undefined && search.holds(snapshot, head);
    if (snapshots.every((snapshot, i) => fresh(snapshot, first.heads[i]!))) return first.result;
    // Some event changed (or went) since its snapshot: those are built again, and the page made again from them.
    snapshots = (
      await Promise.all(snapshots.map((snapshot, i) => (fresh(snapshot, first.heads[i]!) ? snapshot : first.heads[i]!.event ? search.atLeast(snapshot.eventId, first.heads[i]!) : undefined)))
    ).filter((s): s is Snapshot => s !== undefined);
    return (await answer(snapshots)).result;
  }

  return { searchEverywhere };
}
