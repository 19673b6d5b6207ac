/**
 * An event's day: day tabs, filters and search (all mirrored in the hash),
 * the time-zone switch and the room settings, the timetable grid (or, on a
 * phone, "now and next" and the day's list), and the unscheduled sessions
 * below it. The day is fetched once per day and search; ticking filters,
 * hiding rooms or switching zones only draws it again.
 */
import { getAll } from './api';
import { handleStars, loadBookmarks } from './bookmarks';
import { h, heading, replace } from './dom';
import { getEvent, getSpeakerNames } from './events';
import { dateOf, dayLabel, minutesFromMidnight, zoneAbbreviation } from './format';
import { t } from './i18n';
import { nowAndNext } from './now-next';
import { loadRoomPreferences, roomSettings } from './room-preferences';
import { href, replaceHash, type Route } from './router';
import { sessionCard, type CardContext } from './session-card';
import { loadError } from './status';
import { filterForm, filtersFrom, isFiltered, listFilter, type Filters } from './timetable-filters';
import { layoutDay, type DayLayout } from './timetable-layout';
import { MIN_CARD_MINUTES, placeNowLine, renderTimetable } from './timetable-view';
import { shownZone, zoneSwitch } from './time-zone';
import { trackLegend, trackLooks } from './track-colours';
import type { FacetCounts, SessionHit } from './types';

/** Unscheduled sessions come from `scheduled=false` (a key range of their own); this bounds how many pages are shown. */
const UNSCHEDULED_MAX_PAGES = 30;
const NOW_TICK_MS = 30_000;
const unscheduledCache = new Map<string, Promise<{ items: SessionHit[]; complete: boolean }>>();

/** What a search's first page says beside its sessions. */
interface SearchHead {
  facets?: FacetCounts;
  didYouMean?: string;
}

/** Sessions per value of a field. */
function countsOf(sessions: readonly SessionHit[], pick: (s: SessionHit) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    const value = pick(s);
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

const facetMap = (rows: readonly { value: string; count: number }[]) => new Map(rows.map((r) => [r.value, r.count]));

/** What the API is asked for: the day and the search (the lists filter in the page). */
const apiQuery = ({ day, q }: Filters) => new URLSearchParams(Object.entries({ day, q }).filter((e): e is [string, string] => Boolean(e[1]))).toString();

/** Grey shapes where the cards will be, while the day loads. */
const skeleton = () => h('div', { class: 'skeleton', 'aria-hidden': 'true' }, Array.from({ length: 8 }, () => h('span', { class: 'skeleton-card' })));

export async function eventPage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const eventId = route.path[1]!;
  const event = await getEvent(eventId);
  if (signal.aborted) return;
  let filters = filtersFrom(route.query, event);
  let rooms = loadRoomPreferences(eventId);
  const lookOf = trackLooks(event.tracks);
  document.title = `${event.name} · ${t('app.title')}`;
  const pageHash = (f: Filters) => href(['e', eventId], { ...f });

  // --- day tabs: links (shareable, open in a new tab) that switch in place.
  // A search's matches per day are shown on each day's tab.
  const dayCounts = new Map<string, HTMLElement>();
  const dayLinks = event.days.map((day) => {
    const dayCount = h('span', { class: 'day-count' });
    dayCounts.set(day.date, dayCount);
    return h('a', { 'data-day': day.date }, h('span', { class: 'day-date' }, dayLabel(day.date), dayCount), day.theme ? h('span', { class: 'day-theme' }, day.theme) : null);
  });
  /** Each day's link keeps the current filters; the current day is marked. */
  const updateDayLinks = () =>
    dayLinks.forEach((link) => {
      link.href = pageHash({ ...filters, day: link.dataset.day });
      if (link.dataset.day === filters.day) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
  updateDayLinks();
  const dayNav = h('nav', { class: 'days', 'aria-label': t('event.days') }, h('ul', null, dayLinks.map((link) => h('li', null, link))));
  dayNav.addEventListener('click', (e) => {
    const link = (e.target as Element).closest<HTMLAnchorElement>('a[data-day]');
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    filters = { ...filters, day: link.dataset.day };
    history.pushState(history.state, '', pageHash(filters));
    updateDayLinks();
    void load();
  });

  const form = filterForm(event, filters, (next) => {
    const searched = next.q !== filters.q;
    filters = next;
    replaceHash(pageHash(filters));
    updateDayLinks();
    if (searched) void load();
    else draw();
  }, signal);
  const roomPanel = roomSettings(eventId, (next) => ((rooms = next), draw()));

  // --- results
  const count = h('p', { class: 'count', role: 'status' });
  const suggestion = h('p', { class: 'did-you-mean', hidden: true });
  const gridHeading = h('h2', { id: 'timetable-heading' });
  const legendArea = h('div', { class: 'legend-area' });
  const zoneArea = h('div', { class: 'zone-area' });
  const nowArea = h('div', { class: 'now-area' });
  const gridArea = h('div', { class: 'grid-area' });
  const unscheduledArea = h('section', { class: 'unscheduled', 'aria-labelledby': 'unscheduled-heading', hidden: true });
  const results = h('section', { class: 'results', 'aria-labelledby': 'timetable-heading' },
    h('div', { class: 'results-head' }, gridHeading, count, legendArea, roomPanel.element, zoneArea), gridArea);
  // One listener for the stars of every card on the page, whichever list they are in.
  const bookmarks = new Set<string>();
  handleStars(main, eventId, bookmarks);

  replace(
    main,
    h('div', { class: 'event-head' },
      heading(event.name),
      h('p', { class: 'lede' }, [event.venue, event.timezone].filter(Boolean).join(' · ')),
      h('a', { class: 'agenda-link', href: href(['e', eventId, 'agenda']) }, t('event.agenda'))),
    event.days.length > 0 ? dayNav : null,
    form.element,
    suggestion,
    // During the day, on a phone, what is on now comes before the whole day.
    nowArea,
    results,
    unscheduledArea,
  );

  let day: SessionHit[] = [];
  let searchHead: SearchHead = {};
  /** Whether `day` holds what the last load asked for (not while it loads, nor after it failed). */
  let dayLoaded = false;
  let unscheduled: { items: SessionHit[]; complete: boolean } = { items: [], complete: true };
  let speakerNames = new Map<string, string>();
  let generation = 0;
  /** The legend as the reader left it (open or folded), once they have touched it. */
  let legendOpen: boolean | undefined;
  /** What is on screen, for the clock's tick. */
  let shown: { layout: DayLayout; nowLine: HTMLElement; minutesOf: (iso: string) => number; sessions: SessionHit[]; ctx: CardContext; zoneName: string } | undefined;

  const cardContext = (zone: string): CardContext => ({
    eventId,
    timeZone: zone,
    lookOf,
    speakersOf: (ids) => ids.map((id) => speakerNames.get(id)).filter(Boolean).join(', '),
    bookmarked: (id) => bookmarks.has(id),
  });

  async function load(): Promise<void> {
    const mine = ++generation;
    const current = filters;
    dayLoaded = false;
    results.setAttribute('aria-busy', 'true');
    results.dataset.state = 'loading';
    count.textContent = t('timetable.loading');
    gridHeading.textContent = current.day ? t('timetable.heading', { day: dayLabel(current.day) }) : t('timetable.allSessions');
    replace(gridArea, skeleton());
    replace(nowArea);
    // Marks of this load only: the end-to-end tests read them to report the times.
    performance.clearMarks('timetable:start');
    performance.clearMeasures('timetable:fetch');
    performance.mark('timetable:start');
    try {
      let loaded: { items: SessionHit[]; head?: SearchHead | undefined };
      [loaded, speakerNames] = await Promise.all([
        getAll<SessionHit, SearchHead>(`/events/${encodeURIComponent(eventId)}/sessions?${apiQuery(current)}`, signal),
        // Cards without speaker names are better than no timetable.
        getSpeakerNames(eventId).catch(() => new Map<string, string>()),
        loadBookmarks(eventId, signal).then((ids) => ids.forEach((id) => bookmarks.add(id)), () => undefined),
      ]);
      if (mine !== generation) return;
      day = loaded.items;
      searchHead = (current.q && loaded.head) || {};
    } catch (error) {
      if (signal.aborted || mine !== generation) return;
      count.textContent = '';
      replace(gridArea, loadError(t('timetable.loadFailed'), error, () => void load()));
      results.removeAttribute('aria-busy');
      results.dataset.state = 'error';
      return;
    }
    if (mine !== generation) return;
    performance.mark('timetable:data');
    performance.measure('timetable:fetch', 'timetable:start', 'timetable:data');
    dayLoaded = true;
    showSearchHead(current);
    form.setChoices(day);
    roomPanel.setRooms([...new Set(day.flatMap((s) => (s.room ? [s.room] : [])))]);
    draw();
    if (current.day) void showUnscheduled(mine, current);
  }

  /** Draws the loaded day as the filters, rooms and zone now say; no request. */
  function draw(): void {
    // A tick while the day loads is drawn when it is in; after a failure, the error stays until "retry".
    if (!dayLoaded) return;
    const mine = generation;
    for (const name of ['draw', 'dom', 'painted']) performance.clearMarks(`timetable:${name}`);
    for (const name of ['render', 'first-view', 'to-paint']) performance.clearMeasures(`timetable:${name}`);
    performance.mark('timetable:draw');
    const zone = shownZone(event.timezone);
    const hiddenRooms = new Set(rooms.hidden);
    const passes = listFilter(filters, zone);
    const sessions = day.filter((s) => passes(s) && !(s.room && hiddenRooms.has(s.room)));
    const ctx = cardContext(zone);
    const first = sessions.find((s) => s.startsAt)?.startsAt;
    const minutesOf = minutesFromMidnight(first ? dateOf(first, zone) : (filters.day ?? '2000-01-01'), zone);
    const layout = layoutDay(sessions, minutesOf, { roomOrder: rooms.order, minLength: MIN_CARD_MINUTES });
    const now = minutesOf(new Date().toISOString());
    // Zone offsets as they are on the day shown (summer time or not).
    const at = first ? Date.parse(first) : Date.now();
    const zoneName = zoneAbbreviation(zone, at);
    const grid = layout.placements.length > 0 ? renderTimetable(layout, ctx, { zoneName, now }) : undefined;
    shown = grid && { layout, nowLine: grid.nowLine, minutesOf, sessions, ctx, zoneName };

    // The tracks on screen, in the event's order, then any the event does not list.
    const used = new Set(sessions.flatMap((s) => (s.track ? [s.track] : [])));
    const shownTracks = [...new Set([...event.tracks, ...used])].filter((track) => used.has(track));
    replace(legendArea, trackLegend(shownTracks, lookOf, t('timetable.legendCount', { count: shownTracks.length }), legendOpen, (open) => (legendOpen = open)));
    replace(zoneArea, zoneSwitch(event.timezone, at, draw));
    drawNow(now);
    replace(
      gridArea,
      grid?.element,
      // Only without a day (an event that lists none) does the list itself hold unscheduled sessions.
      layout.unscheduled.length > 0 ? h('ul', { class: 'card-list' }, layout.unscheduled.map((s) => sessionCard(s, ctx))) : null,
    );
    const someHidden = day.some((s) => s.room && hiddenRooms.has(s.room));
    count.textContent = [
      sessions.length > 0 ? t('timetable.count', { count: sessions.length }) : day.length > 0 || isFiltered(filters) ? t('timetable.none') : t('timetable.emptyDay'),
      someHidden ? t('timetable.hiddenRooms', { count: rooms.hidden.length }) : '',
    ].filter(Boolean).join(' · ');
    drawUnscheduled();
    results.removeAttribute('aria-busy');
    performance.mark('timetable:dom');
    performance.measure('timetable:render', 'timetable:draw', 'timetable:dom');
    // After the frame that shows the grid: the time to the first view of the day.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (mine !== generation) return;
        performance.mark('timetable:painted');
        performance.measure('timetable:to-paint', 'timetable:draw', 'timetable:painted');
        if (performance.getEntriesByName('timetable:start').length > 0) performance.measure('timetable:first-view', 'timetable:start', 'timetable:painted');
        results.dataset.state = 'ready';
      }),
    );
  }

  /**
   * Counts beside the filters (a search's facets from the API, else the
   * day's own), its matches per day on the day tabs, and "did you mean"
   * when the best hit matched only one letter off.
   */
  function showSearchHead(current: Filters): void {
    const { facets, didYouMean } = searchHead;
    form.setCounts({
      track: facets ? facetMap(facets.track) : countsOf(day, (s) => s.track),
      level: facets ? facetMap(facets.level) : countsOf(day, (s) => s.level),
      type: facets ? facetMap(facets.type) : countsOf(day, (s) => s.type),
      room: countsOf(day, (s) => s.room),
    });
    const perDay = facets && facetMap(facets.day);
    dayCounts.forEach((element, date) => (element.textContent = perDay ? ` (${perDay.get(date) ?? 0})` : ''));
    suggestion.hidden = !didYouMean;
    replace(suggestion, didYouMean ? [t('search.didYouMean'), ' ', h('a', { href: pageHash({ ...current, q: didYouMean }) }, didYouMean)] : null);
  }

  /** The "now" line, and "now and next" while the day on screen is under way. */
  function drawNow(now: number): void {
    if (!shown) return void replace(nowArea);
    placeNowLine(shown.nowLine, shown.layout, now);
    const underWay = now >= shown.layout.from && now < shown.layout.to;
    replace(nowArea, underWay ? nowAndNext(shown.sessions, shown.minutesOf, now, shown.ctx, shown.zoneName) : null);
  }
  // Both move with the clock.
  const tick = setInterval(() => shown && drawNow(shown.minutesOf(new Date().toISOString())), NOW_TICK_MS);
  signal.addEventListener('abort', () => clearInterval(tick));

  async function showUnscheduled(mine: number, current: Filters): Promise<void> {
    const query = [apiQuery({ ...current, day: undefined }), 'scheduled=false'].filter(Boolean).join('&');
    const key = `${eventId}?${query}`;
    let found = unscheduledCache.get(key);
    if (!found) {
      found = getAll<SessionHit>(`/events/${encodeURIComponent(eventId)}/sessions?${query}`, undefined, UNSCHEDULED_MAX_PAGES);
      found.catch(() => unscheduledCache.delete(key));
      unscheduledCache.set(key, found);
    }
    const { items, complete } = await found.catch(() => ({ items: [], complete: true }));
    if (signal.aborted || mine !== generation) return;
    unscheduled = { items, complete };
    drawUnscheduled();
  }

  /** The unscheduled sessions that pass the ticked lists (their search was the API's). */
  function drawUnscheduled(): void {
    const passes = listFilter(filters, event.timezone);
    const items = unscheduled.items.filter(passes);
    unscheduledArea.hidden = items.length === 0 && unscheduled.complete;
    replace(
      unscheduledArea,
      h('h2', { id: 'unscheduled-heading' }, t('unscheduled.heading')),
      h('ul', { class: 'card-list' }, items.map((s) => sessionCard(s, cardContext(shownZone(event.timezone))))),
      unscheduled.complete ? null : h('p', { class: 'hint' }, t('unscheduled.partial', { count: UNSCHEDULED_MAX_PAGES * 100 })),
    );
  }

  await load();
}
