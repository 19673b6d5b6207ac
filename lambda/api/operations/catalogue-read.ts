/** Public reads of the catalogue. Single resources are read consistently, so an admin sees their own write at once. */
import { changesQuery, pageQuery, rosterQuery, searchQuery, sessionListQuery, speakerQuery, type CatalogueEvent } from '../../domain/schemas';
import { notFound } from '../../domain/errors';
import type { CatalogueReadStores } from '../../store/stores';
import type { SessionItem } from '../../store/catalogue-store';
import type { Page } from '../../store/query-page';
import { pageOfSessions, viewSessions } from '../../attendance/session-views';
import { requireEvent } from '../../catalogue/sessions';
import { eventView, sessionView, speakerView } from '../../catalogue/views';
import { parseQuery } from '../query';
import { json, type ApiRequest, type ApiResponse } from '../http';
import type { Operations } from '../handler';
import { sessionPageTag, sessionTag, speakerTag, versionTag, type ShownSession } from '../etags';
import { openApiAnswer } from '../openapi-document';
import { createSessionSearch, type PageRead, type SearchResult } from '../../catalogue/search';
import { createEverywhereSearch } from '../../catalogue/search-everywhere';
import { createSessionLister } from '../../catalogue/list-sessions';
import { createScheduleExports } from '../../catalogue/exports';
import { pollView } from '../../engagement/polls';
import { listEventReviews, reviewView, summaryView } from '../../engagement/reviews';
import { checkInCounts, rosterCsv, rosterPage } from '../../attendance/rosters';
import { languageChoice, languageHeaders } from '../languages';
import { defaultLanguageOf, typesOf } from '../../domain/sessions';
import type { LanguageChoice } from '../../domain/languages';
import { facetCounts } from '../../catalogue/facets';

/** Declared values in the event's order (even unused), then any other value in use, by name; each with its count. */
function orderedFacet(declared: readonly string[] | undefined, counts: ReadonlyMap<string, number>): { name: string; sessions: number }[] {
  const names = [...new Set([...(declared ?? []), ...[...counts.keys()].sort()])];
  return names.map((name) => ({ name, sessions: counts.get(name) ?? 0 }));
}

export function catalogueReadOperations(stores: CatalogueReadStores): Operations {
  const { catalogue: store, attendance, engagement, changes, cursors } = stores;
  const search = createSessionSearch(store, cursors);
  const everywhere = createEverywhereSearch(store, search, cursors);
  const exports = createScheduleExports(store, search);
  const listSessions = createSessionLister(store);
  /** Sessions with their live seats, each beside its stored item (what its ETag is made of). */
  const show = async (items: SessionItem[], choice?: LanguageChoice): Promise<ShownSession[]> =>
    (await viewSessions(attendance, items, choice)).map((view, i) => ({ item: items[i]!, view }));
  /** The same for search, which reads the seats with the event's head (catalogue/search.ts). */
  const shownPage = (choice: LanguageChoice) => (items: SessionItem[]): PageRead<ShownSession> => {
    const page = pageOfSessions(items, choice);
    return { keys: page.keys, show: (found) => page.show(found).map((view, i) => ({ item: items[i]!, view })) };
  };
  const sessionPage = ({ items, nextCursor }: Page<ShownSession>, choice: LanguageChoice) =>
    json(200, { items: items.map((shown) => shown.view), nextCursor }, {
      etag: sessionPageTag(items, nextCursor),
      ...languageHeaders(items.map((shown) => shown.view.contentLanguage), choice),
    });
  /** A search's page: each session with its snippet (and `extra`, its event), and what the page shows of all matches, in the chosen language. */
  const searchAnswer = ({ items, snippets, nextCursor, total, facets, didYouMean }: SearchResult<ShownSession>, choice: LanguageChoice, extra: (i: number) => object = () => ({})) => {
    const more = { total, facets, ...(didYouMean === undefined ? {} : { didYouMean }) };
    const body = { items: items.map((shown, i) => ({ ...shown.view, ...extra(i), snippet: snippets[i] ?? null })), nextCursor, ...more };
    return json(200, body, {
      etag: sessionPageTag(items, nextCursor, JSON.stringify(more)),
      ...languageHeaders(items.map((shown) => shown.view.contentLanguage), choice),
    });
  };
  // Apps poll whole schedules; five minutes of caching (with ETag revalidation after) is plenty fresh.
  const exportCaching = 'public, max-age=300';
  /** A whole-schedule export that is text (XML, iCalendar) of the path's event. */
  async function textExport(
    request: ApiRequest,
    mediaType: string,
    render: (event: CatalogueEvent, baseUrl: string, choice: LanguageChoice) => Promise<string>,
  ): Promise<ApiResponse> {
    const event = await requireEvent(store, request.pathParameters.eventId!);
    const choice = languageChoice(request, defaultLanguageOf(event));
    return {
      status: 200,
      headers: { 'content-type': `${mediaType}; charset=utf-8`, 'cache-control': exportCaching, ...exportLanguage(event, choice) },
      text: await render(event, request.publicBaseUrl, choice),
    };
  }
  /** An export's Content-Language: the first asked language the event has text in, else its default (sessions without it fall back one by one). */
  const exportLanguage = (event: CatalogueEvent, choice: LanguageChoice) => languageHeaders([choice.wanted[0] ?? defaultLanguageOf(event)]);
  return {
    async listEvents(request) {
      const page = await store.listEvents(parseQuery(pageQuery(), request.query));
      return json(200, { items: page.items.map(eventView), nextCursor: page.nextCursor });
    },

    // Organisers only (the route's access): who holds a seat, who waits, who came.
    async getRoster(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      const { format, ...page } = parseQuery(rosterQuery(), request.query);
      if (format === 'csv' || (format === undefined && /\btext\/csv\b/i.test(request.headers.accept ?? ''))) {
        return {
          status: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${eventId}-${sessionId}-roster.csv"`,
            'cache-control': 'private, no-store',
            vary: 'Accept',
          },
          text: await rosterCsv(stores, eventId, sessionId),
        };
      }
      return json(200, await rosterPage(stores, eventId, sessionId, page), { 'cache-control': 'private, no-store', vary: 'Accept' });
    },

    async listCheckInCounts(request) {
      const eventId = request.pathParameters.eventId!;
      const query = parseQuery(pageQuery(), request.query);
      const [, page] = await Promise.all([requireEvent(store, eventId), store.listSessionsToCount(eventId, query)]);
      return json(200, { items: await checkInCounts(stores, page.items), nextCursor: page.nextCursor }, { 'cache-control': 'private, no-store' });
    },

    async getEvent(request) {
      const event = await requireEvent(store, request.pathParameters.eventId!);
      return json(200, eventView(event), { etag: versionTag(event.version) });
    },

    async listSessions(request) {
      // The language is not part of the query a cursor is bound to: a page in one language goes on in another.
      const { lang, ...query } = parseQuery(sessionListQuery(), request.query);
      const eventId = request.pathParameters.eventId!;
      if (query.q) {
        // Search reads the event's head with the page's seats, one request (catalogue/search.ts).
        const choice = languageChoice({ ...request, query: { ...(lang ? { lang } : {}) } });
        return searchAnswer(await search.searchSessions(eventId, { ...query, q: query.q }, shownPage(choice), choice), choice);
      }
      // The event is read in the same round as the page (catalogue/list-sessions.ts).
      const page = await listSessions(eventId, query);
      const choice = languageChoice({ ...request, query: { ...(lang ? { lang } : {}) } }, defaultLanguageOf(page.event));
      return sessionPage({ items: await show(page.items, choice), nextCursor: page.nextCursor }, choice);
    },

    async searchEverywhere(request) {
      const { lang, ...query } = parseQuery(searchQuery(), request.query);
      const choice = languageChoice({ ...request, query: { ...(lang ? { lang } : {}) } });
      const result = await everywhere.searchEverywhere(query, shownPage(choice), choice);
      return searchAnswer(result, choice, (i) => ({ event: result.events[i] }));
    },

    async getSession(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      const { session, seats } = await store.getSessionAndSeats(eventId, sessionId);
      if (!session) throw notFound(`Session ${sessionId} of event ${eventId}`);
      // A session stored before speakers were copied into it reads them (a second round) until its next write or import.
      const speakers = session.speakers ?? (await store.getSpeakers(session.speakerIds)).map(speakerView);
      // One read: text stored without a language is taken as the fallback's until stamped (docs/data-model.md, "Languages").
      const view = sessionView(session, seats, languageChoice(request));
      return json(200, { ...view, speakers }, { etag: sessionTag({ item: session, view }), ...languageHeaders([view.contentLanguage]) });
    },

    async listEventSpeakers(request) {
      const page = parseQuery(pageQuery(), request.query);
      const event = await requireEvent(store, request.pathParameters.eventId!);
      const ids = await store.listEventSpeakerIds(event.id, page);
      const speakers = await store.getSpeakers(ids.items);
      return json(200, { items: speakers.map(speakerView), nextCursor: ids.nextCursor });
    },

    async listRooms(request) {
      const { event, counts } = await facetCounts(store, search, request.pathParameters.eventId!, 'room');
      const described = new Map((event.rooms ?? []).map((room) => [room.name, room]));
      const items = orderedFacet(event.rooms?.map((r) => r.name), counts).map(({ name, sessions }) => {
        const { capacity, floor, note } = described.get(name) ?? {};
        return { room: name, ...(capacity !== undefined ? { capacity } : {}), ...(floor ? { floor } : {}), ...(note ? { note } : {}), sessions };
      });
      return json(200, { items, nextCursor: null });
    },

    async listLevels(request) {
      const { event, counts } = await facetCounts(store, search, request.pathParameters.eventId!, 'level');
      return json(200, { items: orderedFacet(event.levels, counts).map(({ name, sessions }) => ({ level: name, sessions })), nextCursor: null });
    },

    async listTypes(request) {
      const { event, counts } = await facetCounts(store, search, request.pathParameters.eventId!, 'type');
      return json(200, { items: orderedFacet(typesOf(event), counts).map(({ name, sessions }) => ({ type: name, sessions })), nextCursor: null });
    },

    async listTracks(request) {
      const event = await requireEvent(store, request.pathParameters.eventId!);
      const counts = new Map((await store.listTrackCounts(event.id)).map((c) => [c.track, c.sessions]));
      // The event's declared order first (how organisers list them), then any other track in use.
      const tracks = [...new Set([...event.tracks, ...[...counts.keys()].sort()])];
      const items = tracks
        .map((track) => ({ track, sessions: counts.get(track) ?? 0 }))
        .filter((t) => t.sessions > 0 || event.tracks.includes(t.track));
      return json(200, { items, nextCursor: null });
    },

    async getSpeaker(request) {
      const speakerId = request.pathParameters.speakerId!;
      const page = parseQuery(speakerQuery(), request.query);
      const speaker = await store.getSpeaker(speakerId, true);
      if (!speaker) throw notFound(`Speaker ${speakerId}`);
      const talks = await store.listTalks(speakerId, page);
      const sessions = await store.getSessions(talks.items);
      const choice = languageChoice(request);
      const shown = await show(sessions, choice);
      const body = { ...speakerView(speaker), sessions: shown.map((s) => s.view), nextCursor: talks.nextCursor };
      return json(200, body, { etag: speakerTag(speaker.version, shown, talks.nextCursor), ...languageHeaders(shown.map((s) => s.view.contentLanguage), choice) });
    },

    async listPolls(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      if (!(await store.getSession(eventId, sessionId))) throw notFound(`Session ${sessionId} of event ${eventId}`);
      const polls = await engagement.listPolls(eventId, sessionId);
      // Live counts: a poll on the screen is asked for again and again, so no caching beyond revalidation.
      return json(200, { items: polls.map(pollView), nextCursor: null });
    },

    async listReviews(request) {
      const { eventId, sessionId } = request.pathParameters as { eventId: string; sessionId: string };
      const page = parseQuery(pageQuery(), request.query);
      if (!(await store.getSession(eventId, sessionId))) throw notFound(`Session ${sessionId} of event ${eventId}`);
      const [reviews, summary] = await Promise.all([engagement.listReviews(eventId, sessionId, page), engagement.getReviewSummary(eventId, sessionId)]);
      return json(200, { items: reviews.items.map(reviewView), nextCursor: reviews.nextCursor, summary: summaryView(summary) });
    },

    // Organisers only (the route's access): fresh each time, a moderator acts on what is there now.
    async listEventReviews(request) {
      const page = parseQuery(pageQuery(), request.query);
      return json(200, await listEventReviews(store, engagement, request.pathParameters.eventId!, page), { 'cache-control': 'private, no-store' });
    },

    async getScheduleJson(request) {
      const event = await requireEvent(store, request.pathParameters.eventId!);
      const choice = languageChoice(request, defaultLanguageOf(event));
      return json(200, await exports.scheduleJson(event, request.publicBaseUrl, choice), { 'cache-control': exportCaching, ...exportLanguage(event, choice) });
    },

    getScheduleXml: (request) => textExport(request, 'application/xml', exports.scheduleXml),

    getScheduleIcs: (request) => textExport(request, 'text/calendar', exports.scheduleIcs),

    async listChanges(request) {
      const { since, limit } = parseQuery(changesQuery(), request.query);
      const event = await requireEvent(store, request.pathParameters.eventId!);
      const { items, nextCursor } = await changes.readFeed(event.id, Number(since), limit);
      return json(200, {
        items: items.map(({ seq, type, id, action, version, at, data }) => ({ seq, type, id, action, version, at, data })),
        nextCursor: String(nextCursor),
      });
    },

    getOpenApi: openApiAnswer,
  };
}
