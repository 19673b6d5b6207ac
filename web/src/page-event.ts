/**
 * An event's day: day tabs, filters and search (all mirrored in the hash),
 * the timetable grid, and the unscheduled sessions below it.
 */
import { describeError, getAll } from './api';
import { field, h, heading, replace } from './dom';
import { getEvent } from './events';
import { dayLabel, minutesOfDay } from './format';
import { t } from './i18n';
import { href, replaceHash, type Route } from './router';
import { layoutDay } from './timetable-layout';
import { renderTimetable, sessionCard, trackLegend, type CardContext } from './timetable-view';
import { trackColours } from './track-colours';
import { sessionTypes, type CatalogueEvent, type Session } from './types';

interface Filters {
  day?: string;
  track?: string;
  level?: string;
  type?: string;
  q?: string;
}

const SEARCH_DELAY_MS = 300;
/** Unscheduled sessions come from `scheduled=false` (a key range of their own); this bounds how many pages are shown. */
const UNSCHEDULED_MAX_PAGES = 30;

// Levels are free labels ("200", "입문"); the API does not list them, so the options are the levels seen so far.
const levelsSeen = new Map<string, Set<string>>();
const unscheduledCache = new Map<string, Promise<{ items: Session[]; complete: boolean }>>();

function defaultDay(event: CatalogueEvent): string | undefined {
  const today = new Date().toLocaleDateString('en-CA', { timeZone: event.timezone });
  return event.days.find((d) => d.date === today)?.date ?? event.days[0]?.date;
}

function filtersFrom(query: URLSearchParams, event: CatalogueEvent): Filters {
  const day = query.get('day');
  const value = (name: string) => query.get(name)?.trim() || undefined;
  return {
    day: event.days.some((d) => d.date === day) ? day! : defaultDay(event),
    track: value('track'),
    level: value('level'),
    type: sessionTypes.find((type) => type === query.get('type')),
    q: value('q'),
  };
}

const queryString = (filters: Filters) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) search.set(name, value);
  return search.toString();
};

function select(name: keyof Filters, label: string, options: [string, string][], value: string | undefined): HTMLDivElement {
  return field(label, h('select', { name }, h('option', { value: '' }, t('filters.all')), options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

export async function eventPage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const eventId = route.path[1]!;
  const event = await getEvent(eventId);
  if (signal.aborted) return;
  let filters = filtersFrom(route.query, event);
  const colourOf = trackColours(event.tracks);
  const ctx: CardContext = { eventId, timeZone: event.timezone, colourOf };
  const levels = levelsSeen.get(eventId) ?? new Set<string>();
  levelsSeen.set(eventId, levels);
  if (filters.level) levels.add(filters.level);
  document.title = `${event.name} · ${t('app.title')}`;

  const pageHash = (f: Filters) => href(['e', eventId], { ...f });

  // --- day tabs: links (shareable, open in a new tab) that switch in place.
  const dayLinks = event.days.map((day) =>
    h('a', { 'data-day': day.date }, h('span', { class: 'day-date' }, dayLabel(day.date)), day.theme ? h('span', { class: 'day-theme' }, day.theme) : null),
  );
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
    void loadResults();
  });

  // --- filters and search
  const levelSelect = select('level', t('filters.level'), [...levels].sort(levelOrder).map((l) => [l, l]), filters.level);
  const search = h('input', { type: 'search', name: 'q', value: filters.q ?? '', autocomplete: 'off', 'aria-describedby': 'search-hint', maxlength: 200 });
  const searchField = field(t('filters.search'), search, h('span', { id: 'search-hint', class: 'hint' }, t('filters.searchHint')));
  searchField.classList.add('search');
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters.label') },
    searchField,
    select('track', t('filters.track'), event.tracks.map((track) => [track, track]), filters.track),
    levelSelect,
    select('type', t('filters.type'), sessionTypes.map((type) => [type, t(`type.${type}`)]), filters.type),
    h('button', { type: 'button', class: 'secondary', onclick: () => clearFilters() }, t('filters.clear')),
  );
  const applyForm = () => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    filters = { day: filters.day, track: value('track'), level: value('level'), type: value('type'), q: value('q') };
    replaceHash(pageHash(filters));
    updateDayLinks();
    void loadResults();
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('change', (e) => (e.target as Element).matches('select') && applyForm());
  form.addEventListener('input', (e) => {
    if (!(e.target as Element).matches('input[type=search]')) return;
    clearTimeout(typing);
    typing = setTimeout(applyForm, SEARCH_DELAY_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(typing);
    applyForm();
  });
  const clearFilters = () => {
    form.querySelectorAll('select').forEach((field) => (field.value = ''));
    search.value = '';
    applyForm();
  };
  signal.addEventListener('abort', () => clearTimeout(typing));

  // --- results
  const count = h('p', { class: 'count', role: 'status' });
  const gridArea = h('div', { class: 'grid-area' });
  const unscheduledArea = h('section', { class: 'unscheduled', 'aria-labelledby': 'unscheduled-heading', hidden: true });
  const gridHeading = h('h2', { id: 'timetable-heading' });
  const results = h('section', { class: 'results', 'aria-labelledby': 'timetable-heading' }, gridHeading, count, gridArea);

  replace(
    main,
    h('div', { class: 'event-head' },
      heading(event.name),
      h('p', { class: 'lede' }, [event.venue, event.timezone].filter(Boolean).join(' · ')),
      h('p', null, h('a', { href: href(['e', eventId, 'agenda']) }, t('event.agenda')))),
    event.days.length > 0 ? dayNav : null,
    form,
    results,
    unscheduledArea,
  );

  let generation = 0;
  async function loadResults(): Promise<void> {
    const mine = ++generation;
    const current = filters;
    results.setAttribute('aria-busy', 'true');
    results.dataset.state = 'loading';
    count.textContent = t('timetable.loading');
    gridHeading.textContent = current.day ? t('timetable.heading', { day: dayLabel(current.day) }) : t('timetable.allSessions');
    // Marks of this load only: the end-to-end test reads them to report the render time.
    for (const name of ['start', 'data', 'dom', 'painted']) performance.clearMarks(`timetable:${name}`);
    for (const name of ['fetch', 'render', 'first-view']) performance.clearMeasures(`timetable:${name}`);
    performance.mark('timetable:start');
    let sessions: Session[];
    try {
      ({ items: sessions } = await getAll<Session>(`/events/${encodeURIComponent(eventId)}/sessions?${queryString(current)}`, signal));
    } catch (error) {
      if (signal.aborted || mine !== generation) return;
      count.textContent = describeError(error);
      results.removeAttribute('aria-busy');
      results.dataset.state = 'error';
      return;
    }
    if (mine !== generation) return;
    performance.mark('timetable:data');

    const before = levels.size;
    sessions.forEach((s) => s.level && levels.add(s.level));
    if (levels.size !== before) updateLevelOptions(levelSelect.querySelector('select')!, levels);

    const layout = layoutDay(sessions, (iso) => minutesOfDay(iso, event.timezone));
    const shownTracks = event.tracks.filter((track) => sessions.some((s) => s.track === track));
    replace(
      gridArea,
      layout.placements.length > 0 ? [trackLegend(shownTracks, colourOf), renderTimetable(layout, ctx)] : null,
      // Only without a day (an event that lists none) does the list itself hold unscheduled sessions.
      layout.unscheduled.length > 0 ? h('ul', { class: 'card-list' }, layout.unscheduled.map((s) => sessionCard(s, ctx))) : null,
    );
    const filtered = Boolean(current.track || current.level || current.type || current.q);
    count.textContent = sessions.length > 0 ? t('timetable.count', { count: sessions.length }) : filtered ? t('timetable.none') : t('timetable.emptyDay');
    results.removeAttribute('aria-busy');
    performance.mark('timetable:dom');
    performance.measure('timetable:fetch', 'timetable:start', 'timetable:data');
    performance.measure('timetable:render', 'timetable:data', 'timetable:dom');
    // After the frame that shows the grid: the time to the first view of the day.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (mine !== generation) return;
        performance.mark('timetable:painted');
        performance.measure('timetable:first-view', 'timetable:start', 'timetable:painted');
        results.dataset.state = 'ready';
      }),
    );
    if (current.day) void showUnscheduled(mine, current);
  }

  async function showUnscheduled(mine: number, current: Filters): Promise<void> {
    const { day: _day, ...rest } = current;
    const key = `${eventId}?${queryString(rest)}`;
    let found = unscheduledCache.get(key);
    if (!found) {
      const query = [queryString(rest), 'scheduled=false'].filter(Boolean).join('&');
      found = getAll<Session>(`/events/${encodeURIComponent(eventId)}/sessions?${query}`, undefined, UNSCHEDULED_MAX_PAGES);
      found.catch(() => unscheduledCache.delete(key));
      unscheduledCache.set(key, found);
    }
    const { items, complete } = await found.catch(() => ({ items: [], complete: true }));
    if (signal.aborted || mine !== generation) return;
    unscheduledArea.hidden = items.length === 0 && complete;
    replace(
      unscheduledArea,
      h('h2', { id: 'unscheduled-heading' }, t('unscheduled.heading')),
      h('ul', { class: 'card-list' }, items.map((s) => sessionCard(s, ctx))),
      complete ? null : h('p', { class: 'hint' }, t('unscheduled.partial', { count: UNSCHEDULED_MAX_PAGES * 100 })),
    );
  }

  await loadResults();
}

const levelOrder = new Intl.Collator(undefined, { numeric: true }).compare;

/** Adds newly seen levels to the select without rebuilding it (it may have focus). */
function updateLevelOptions(selectElement: HTMLSelectElement, levels: Set<string>): void {
  const present = new Set([...selectElement.options].map((o) => o.value));
  for (const level of [...levels].sort(levelOrder)) {
    if (present.has(level)) continue;
    const option = h('option', { value: level }, level);
    const after = [...selectElement.options].find((o) => o.value && levelOrder(o.value, level) > 0);
    selectElement.insertBefore(option, after ?? null);
  }
}
