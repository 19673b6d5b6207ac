/**
 * The timetable's filters: a search box, and multi-select lists for track,
 * level, type and room, all kept in the address (`track=A&track=B`), so a
 * filtered view can be shared. The search asks the API; the lists filter
 * the day already loaded, with the server's own predicate
 * (lambda/domain/session-filters.ts), so a tick shows at once and the
 * choices are every value of the day, whatever is ticked.
 */
import { parseSession, sessionFilter } from '../../lambda/domain/session-filters';
import { field, h, replaceKeepingFocus } from './dom';
import { t, typeLabel } from './i18n';
import { typesOf, type CatalogueEvent, type Session, type SessionType } from './types';

export const LISTS = ['track', 'level', 'type', 'room'] as const;
type ListName = (typeof LISTS)[number];

export interface Filters extends Record<ListName, string[]> {
  day?: string;
  q?: string;
  type: SessionType[];
}

function defaultDay(event: CatalogueEvent): string | undefined {
  const today = new Date().toLocaleDateString('en-CA', { timeZone: event.timezone });
  return event.days.find((d) => d.date === today)?.date ?? event.days[0]?.date;
}

export function filtersFrom(query: URLSearchParams, event: CatalogueEvent): Filters {
  const day = query.get('day');
  const list = (name: ListName) => [...new Set(query.getAll(name).map((v) => v.trim()).filter(Boolean))];
  return {
    day: event.days.some((d) => d.date === day) ? day! : defaultDay(event),
    q: query.get('q')?.trim() || undefined,
    track: list('track'),
    level: list('level'),
    type: list('type').filter((v) => typesOf(event).includes(v)),
    room: list('room'),
  };
}

export const isFiltered = (filters: Filters) => Boolean(filters.q) || LISTS.some((name) => filters[name].length > 0);

/** Whether a session passes the ticked lists (the search was the API's). */
export function listFilter(filters: Filters, timeZone: string): (session: Session) => boolean {
  const some = <T extends string>(values: T[]) => (values.length > 0 ? values : undefined);
  const accept = sessionFilter({ track: some(filters.track), level: some(filters.level), type: some(filters.type), room: some(filters.room) }, timeZone);
  return accept ? (session) => accept(parseSession(session)) : () => true;
}

export interface FilterForm {
  element: HTMLFormElement;
  /** The choices of the lists that depend on the day (levels, rooms), from its sessions. */
  setChoices(sessions: readonly Session[]): void;
  /** How many sessions each choice has (a search's facets, or the day's own counts), shown beside it. */
  setCounts(counts: ChoiceCounts): void;
}

export type ChoiceCounts = Partial<Record<ListName, ReadonlyMap<string, number>>>;

const naturalOrder = new Intl.Collator(undefined, { numeric: true }).compare;
const SEARCH_DELAY_MS = 300;

/**
 * One list: a folded button naming the filter and how many are ticked,
 * opening to a fieldset of checkboxes.
 */
function multiSelect(name: ListName, label: string) {
  const summaryCount = h('span', { class: 'multi-count' });
  const boxes = h('fieldset');
  const element = h('details', { class: 'multi', 'data-filter': name }, h('summary', null, label, summaryCount), h('div', { class: 'multi-panel' }, boxes));
  return {
    element,
    set(choices: [string, string][], ticked: readonly string[], counts?: ReadonlyMap<string, number>) {
      // A ticked value the day does not have (a shared link for another day) stays offered, so it can be unticked.
      const all = [...choices, ...ticked.filter((v) => !choices.some(([c]) => c === v)).map((v): [string, string] => [v, v])];
      summaryCount.textContent = ticked.length > 0 ? ` ${t('filters.selected', { count: ticked.length })}` : '';
      element.classList.toggle('active', ticked.length > 0);
      replaceKeepingFocus(
        boxes,
        h('legend', { class: 'visually-hidden' }, label),
        all.map(([value, text], i) => {
          // The count describes the choice without being part of its name ("AI/ML", described as "12개").
          const countId = counts ? `count-${name}-${i}` : undefined;
          return h('label', null,
            h('input', { type: 'checkbox', name, value, checked: ticked.includes(value), 'data-focus-key': `${name}:${value}`, 'aria-describedby': countId }),
            text,
            counts ? h('span', { class: 'choice-count', id: countId, 'aria-hidden': 'true', 'data-count': counts.get(value) ?? 0 }, t('filters.countOf', { count: counts.get(value) ?? 0 })) : null);
        }),
      );
    },
  };
}

export function filterForm(event: CatalogueEvent, initial: Filters, onChange: (filters: Filters) => void, signal: AbortSignal): FilterForm {
  let current = initial;
  const search = h('input', { type: 'search', name: 'q', value: initial.q ?? '', autocomplete: 'off', 'aria-describedby': 'search-hint', maxlength: 200 });
  const searchField = field(t('filters.search'), search, h('span', { id: 'search-hint', class: 'hint' }, t('filters.searchHint')));
  searchField.classList.add('search');
  const lists = {
    track: multiSelect('track', t('filters.track')),
    level: multiSelect('level', t('filters.level')),
    type: multiSelect('type', t('filters.type')),
    room: multiSelect('room', t('filters.room')),
  };
  const types = typesOf(event).map((type): [string, string] => [type, typeLabel(type)]);
  // Tracks in the event's order, then any other track the day's sessions name.
  let choices = { track: [...event.tracks], level: [] as string[], room: [] as string[] };
  const same = (values: string[]) => values.map((v): [string, string] => [v, v]);
  const clear = h('button', { type: 'button', class: 'secondary small' }, t('filters.clear'));
  let counts: ChoiceCounts = {};
  const drawLists = () => {
    clear.hidden = !isFiltered(current);
    lists.track.set(same(choices.track), current.track, counts.track);
    lists.type.set(types, current.type, counts.type);
    lists.level.set(same(choices.level), current.level, counts.level);
    lists.room.set(same(choices.room), current.room, counts.room);
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label') },
    searchField, h('div', { class: 'lists' }, LISTS.map((name) => lists[name].element), clear));

  const apply = () => {
    const data = new FormData(form);
    const ticked = (name: ListName) => data.getAll(name).map(String);
    current = { day: current.day, q: String(data.get('q') ?? '').trim() || undefined, track: ticked('track'), level: ticked('level'), type: ticked('type') as SessionType[], room: ticked('room') };
    drawLists();
    onChange(current);
  };
  let typing: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('change', (e) => (e.target as HTMLInputElement).type === 'checkbox' && apply());
  form.addEventListener('input', (e) => {
    if ((e.target as HTMLInputElement).type !== 'search') return;
    clearTimeout(typing);
    typing = setTimeout(apply, SEARCH_DELAY_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(typing);
    apply();
  });
  clear.addEventListener('click', () => {
    form.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((box) => (box.checked = false));
    search.value = '';
    apply();
  });
  // An open list folds when the reader clicks elsewhere or presses Escape, as a menu would.
  const fold = (except?: Element) => form.querySelectorAll('details.multi[open]').forEach((d) => d !== except && d.removeAttribute('open'));
  document.addEventListener('click', (e) => fold((e.target as Element).closest('details.multi') ?? undefined), { signal });
  document.addEventListener('keydown', (e) => {
    const open = (e.target as Element).closest?.('details.multi[open]');
    if (e.key !== 'Escape' || !open) return;
    open.removeAttribute('open');
    open.querySelector('summary')?.focus();
  }, { signal });
  signal.addEventListener('abort', () => clearTimeout(typing));
  drawLists();

  return {
    element: form,
    setChoices(sessions) {
      const values = (pick: (s: Session) => string | undefined) => [...new Set(sessions.map(pick).filter((v): v is string => Boolean(v)))].sort(naturalOrder);
      choices = { track: [...new Set([...event.tracks, ...values((s) => s.track)])], level: values((s) => s.level), room: values((s) => s.room) };
      drawLists();
    },
    setCounts(next) {
      counts = next;
      drawLists();
    },
  };
}
