/**
 * Searching an event's sessions (`q`). The index is built in memory from a
 * snapshot of the event's sessions (one Query of the timeline index, no Scan)
 * and kept per warm Lambda, within a memory budget. A warm search answers
 * from the cached snapshot and checks it in the same request as it reads
 * the page's seat counts: one BatchGetItem of the event, its revision and
 * the seats. Only when the revision moved is the answer computed again,
 * from a snapshot built once however many searches are waiting for it.
 * An answer carries its facets (all matches), a snippet per hit and "did
 * you mean". A search of every event (./search-everywhere.ts) uses the same
 * cached snapshots. See docs/search.md.
 */
import type { CatalogueEvent, SessionListQuery } from '../domain/schemas';
import { notFound } from '../domain/errors';
import { everyText, NO_CHOICE, textsIn, type LanguageChoice } from '../domain/languages';
import { buildIndex, matchQuery, type SearchIndex } from '../domain/search';
import { rankedPage } from '../domain/search-ranking';
import { didYouMean, snippetOf, type HitTexts, type Snippet } from '../domain/search-snippet';
import type { TermPlan } from '../domain/search-plan';
import { FACETS, facetCounter, facetTable, type FacetCounts, type FacetTable } from '../domain/search-facets';
import { parseSession, sessionFilter, type ParsedSession, type SessionFilters } from '../domain/session-filters';
import { zonedDate } from '../domain/time';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';
import type { EventHead } from '../store/catalogue-revision';
import { queryFingerprint, type Cursors } from '../store/cursor';
import type { Key } from '../store/keys';

/** An event's sessions at one revision, with what searching them needs worked out once. */
export interface Snapshot {
  eventId: string;
  revision: number;
  timeZone: string;
  /** The event's own Hangul spellings of names the index was built with, as JSON: a change rebuilds it. */
  synonyms: string;
  builtAt: number;
  /** In time order; document i of the index is sessions[i]. */
  sessions: SessionItem[];
  /** The sessions with their times parsed, for the filters. */
  parsed: ParsedSession[];
  index: SearchIndex;
  /** Each session's track, level, type and day, coded for counting. */
  facets: FacetTable;
  /** Memory held, roughly: what counts against the cache's budget. */
  bytes: number;
}

/** A page of a search: the page's sessions as shown, each hit's snippet, and what the page shows of all matches. */
export interface SearchResult<V> {
  items: V[];
  snippets: (Snippet | null)[];
  nextCursor: string | null;
  /** Matches in all. */
  total: number;
  facets: FacetCounts;
  /** The query spelled as the best hit has it, when it matched only one letter off (first page only). */
  didYouMean?: string;
}

/** What a hit's snippet and "did you mean" are made of: its texts as shown, in the chosen language (so the offsets fall on the title shown). */
export function hitTexts(session: SessionItem, choice: LanguageChoice = NO_CHOICE): HitTexts {
  const { title, abstract } = textsIn(session, choice);
  const speakers = session.speakers?.map((s) => (s.company ? `${s.name} (${s.company})` : s.name)).join(', ') ?? session.speakerText;
  return { title, speakers, tags: session.tags.join(' '), abstract: abstract ?? '' };
}

/**
 * The snapshot's sessions matching `q` and the filters (unordered, scores in
 * the index's scratch space), with their facets added to `counter`. A
 * facet's counts are of the matches passing every filter but its own, so
 * the other choices of a filter in use stay visible with their numbers.
 */
export function matchSnapshot(snapshot: Snapshot, q: string, filters: SessionFilters, counter: ReturnType<typeof facetCounter>) {
  const { docs: matched, plans } = matchQuery(snapshot.index, q);
  const acceptSession = sessionFilter(filters, snapshot.timeZone);
  const accept = acceptSession && ((doc: number) => acceptSession(snapshot.parsed[doc]!));
  for (const facet of FACETS) {
    if (filters[facet] === undefined || !accept) continue;
    const others = sessionFilter({ ...filters, [facet]: undefined }, snapshot.timeZone);
    counter.add(snapshot.facets, facet, others ? matched.filter((doc) => others(snapshot.parsed[doc]!)) : matched);
  }
  const docs = accept ? matched.filter(accept) : matched;
  for (const facet of FACETS) if (filters[facet] === undefined || !accept) counter.add(snapshot.facets, facet, docs);
  return { docs, plans };
}

/**
 * What a page of hits shows beside its sessions: each hit's snippet, the
 * next page's cursor, the number of matches and their facets, and on the
 * first page "did you mean" (from the best hit). `plansOf(i)`: the plans
 * hit i was found by (its event's).
 */
export function pageShows(q: string, texts: readonly HitTexts[], plansOf: (i: number) => readonly TermPlan[], page: { offset: number; limit: number; total: number; facets: FacetCounts; next: () => string }) {
  const { offset, limit, total, facets, next } = page;
  const suggestion = offset === 0 && texts[0] ? didYouMean(q, texts[0], plansOf(0)) : undefined;
  return {
    snippets: texts.map((t, i) => snippetOf(t, plansOf(i))),
    nextCursor: offset + limit < total ? next() : null,
    total,
    facets,
    ...(suggestion === undefined ? {} : { didYouMean: suggestion }),
  };
}

/** What showing a page of sessions reads besides them (`keys`), and the page made from those items (in the order of the keys). */
export interface PageRead<V> {
  keys: Key[];
  show(items: readonly (Record<string, unknown> | undefined)[]): V[];
}

export interface SessionSearchOptions {
  /** Memory the cached snapshots may hold together; the least recently used go first. */
  maxBytes?: number;
  /** Rebuild at least this often, in case a revision bump was lost to a crash. */
  maxAgeMs?: number;
}

/** A quarter of the read function's 1 GB: room for a few of the largest events, or dozens of ordinary ones. */
const DEFAULT_MAX_BYTES = 256 * 2 ** 20;
const DEFAULT_MAX_AGE_MS = 5 * 60_000;

/** A stored session's memory, roughly: its strings (UTF-16), its copies of speaker profiles, and a fixed share for the object and its small fields. */
function sessionBytes(session: SessionItem): number {
  let text = everyText(session, 'title').length + everyText(session, 'abstract').length + session.speakerText.length + session.tags.join('').length;
  for (const speaker of session.speakers ?? []) text += speaker.name.length + (speaker.role?.length ?? 0) + (speaker.company?.length ?? 0) + (speaker.bio?.length ?? 0) + 256;
  return 2 * text + 1024;
}

/** An event's own spellings as the snapshot compares them: a PUT that changes them makes the index stale. */
const synonymsOf = (event: CatalogueEvent) => JSON.stringify(event.searchSynonyms ?? []);

export function createSessionSearch(store: CatalogueStore, cursors: Cursors, options: SessionSearchOptions = {}) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  /** Least recently used first (a Map keeps insertion order; a use moves an entry to the end). */
  const cache = new Map<string, Snapshot>();
  let cachedBytes = 0;
  /** Builds under way, one per event: every search that needs a new snapshot waits for the same one. */
  const building = new Map<string, Promise<Snapshot | undefined>>();

  function cached(eventId: string): Snapshot | undefined {
    const snapshot = cache.get(eventId);
    if (!snapshot || Date.now() - snapshot.builtAt >= maxAgeMs) return undefined;
    cache.delete(eventId);
    cache.set(eventId, snapshot);
    return snapshot;
  }

  function remember(snapshot: Snapshot): void {
    const previous = cache.get(snapshot.eventId);
    if (previous) {
      cache.delete(snapshot.eventId);
      cachedBytes -= previous.bytes;
    }
    cache.set(snapshot.eventId, snapshot);
    cachedBytes += snapshot.bytes;
    // The newest snapshot stays even alone over budget: without it every search would build again.
    for (const [eventId, oldest] of cache) {
      if (cachedBytes <= maxBytes || eventId === snapshot.eventId) break;
      cache.delete(eventId);
      cachedBytes -= oldest.bytes;
    }
  }

  function snapshotOf(eventId: string, revision: number, event: CatalogueEvent, sessions: SessionItem[]): Snapshot {
    const index = buildIndex(
      sessions.map((s) => ({
        id: s.id,
        // Every language of a title and abstract is searched: a Korean query finds a session shown in English.
        fields: { title: everyText(s, 'title'), speakers: s.speakerText ?? '', tags: s.tags.join(' '), abstract: everyText(s, 'abstract') },
      })),
      { synonyms: event.searchSynonyms ?? [] },
    );
    return {
      eventId,
      revision,
      timeZone: event.timezone,
      facets: facetTable(sessions.map((s) => ({ track: s.track, level: s.level, type: s.type, day: s.startsAt && zonedDate(s.startsAt, event.timezone) }))),
      synonyms: synonymsOf(event),
      builtAt: Date.now(),
      sessions,
      parsed: sessions.map(parseSession),
      index,
      // The facet codes: four Uint16Arrays of a value a session.
      bytes: index.bytes + sessions.reduce((sum, s) => sum + sessionBytes(s), 0) + sessions.length * 8,
    };
  }

  /** A new snapshot of the event (undefined if it does not exist), or the one being built already. */
  function build(eventId: string, known?: EventHead): Promise<Snapshot | undefined> {
    const running = building.get(eventId);
    if (running) return running;
    const started = (async () => {
      // The revision is read before the sessions: a change in between makes the snapshot look older, never newer.
      const head = known ?? (await store.getEventHead(eventId));
      if (!head.event) return undefined;
      const snapshot = snapshotOf(eventId, head.revision, head.event, await store.listAllSessions(eventId));
      remember(snapshot);
      return snapshot;
    })().finally(() => building.delete(eventId));
    building.set(eventId, started);
    return started;
  }

  /** A snapshot that answers for the event as `head` shows it: the cached one, or the next one built. */
  async function atLeast(eventId: string, head: EventHead): Promise<Snapshot> {
    if (!head.event) throw notFound(`Event ${eventId}`);
    let snapshot = cached(eventId);
    // A build under way may have started before this change: then one more.
    for (let builds = 0; builds < 2 && !(snapshot && holds(snapshot, head)); builds++) snapshot = await build(eventId, head);
    if (!snapshot) throw notFound(`Event ${eventId}`);
    return snapshot;
  }

  /** Whether a snapshot still answers for the event as `head` shows it. */
  function holds(snapshot: Snapshot, head: EventHead): boolean {
    if (!head.event) throw notFound(`Event ${snapshot.eventId}`);
    return head.revision <= snapshot.revision && head.event.timezone === snapshot.timeZone && synonymsOf(head.event) === snapshot.synonyms;
  }

  /** The event's sessions as they are now: the cached snapshot after one check, or a new one. */
  async function currentSnapshot(eventId: string): Promise<Snapshot> {
    const head = await store.getEventHead(eventId);
    return atLeast(eventId, head);
  }

  /**
   * Matching sessions, best first, filtered and paged like any session list,
   * with facets, snippets and "did you mean". `page` says what showing the
   * page's sessions reads besides them (their seat counters) and makes the
   * page from it: those items are read with the event's head in one
   * request, so a warm search is one round.
   */
  async function searchSessions<V>(eventId: string, query: SessionListQuery & { q: string }, page: (items: SessionItem[]) => PageRead<V>, choice: LanguageChoice = NO_CHOICE): Promise<SearchResult<V>> {
    const { limit, cursor, q, ...filters } = query;
    const fingerprint = queryFingerprint(['search', eventId, filters, q]);
    const offset = cursor ? cursors.decodeOffset(cursor, fingerprint) : 0;
    const answer = async (snapshot: Snapshot) => {
      const counter = facetCounter();
      const { docs, plans } = matchSnapshot(snapshot, q, filters, counter);
      const hits = rankedPage(snapshot.index, docs, offset, Math.min(docs.length, offset + limit));
      const sessions = hits.map((hit) => snapshot.sessions[hit.doc]!);
      const next = () => cursors.encodeOffset(offset + limit, fingerprint);
      const shown = pageShows(q, sessions.map((session) => hitTexts(session, choice)), () => plans, { offset, limit, total: docs.length, facets: counter.counts(), next });
      const read = page(sessions);
      const { head, items } = await store.getEventHeadWith(eventId, read.keys);
      return { head, result: { items: read.show(items), ...shown } };
    };

    const snapshot = cached(eventId) ?? (await build(eventId));
    if (!snapshot) throw notFound(`Event ${eventId}`);
    // The page from the cache, checked against the event's revision read with its seats; computed again only if it moved.
    const first = await answer(snapshot);
    return holds(snapshot, first.head) ? first.result : (await answer(await atLeast(eventId, first.head))).result;
  }

  /** The event's cached snapshot, or a new one (undefined if the event does not exist): what a search of every event starts from. */
  const anySnapshot = (eventId: string): Promise<Snapshot | undefined> => Promise.resolve(cached(eventId) ?? build(eventId));

  return { searchSessions, currentSnapshot, anySnapshot, holds, atLeast };
}

export type SessionSearch = ReturnType<typeof createSessionSearch>;
