/**
 * The event's settings: its name and place, days, and the lists sessions
 * pick from (tracks, session types, levels, rooms with their seats). One
 * line per entry, `|` between a line's parts, as an organiser would paste
 * them from a spreadsheet. The whole event is written back (PUT) with
 * If-Match; what the form does not show (search synonyms) goes back as it
 * was read.
 */
import { api, ApiError, getFresh } from '../api';
import { field, h, replace } from '../dom';
import { act, messageArea } from '../status';
import type { CatalogueEvent } from '../types';
import { ct, type ConsoleKey } from './words';

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const parts = (line: string) => line.split('|').map((part) => part.trim());
const joined = (values: (string | number | undefined)[]) => values.map((v) => v ?? '').join(' | ').replace(/( \| )+$/, '');

type ListField = 'days' | 'tracks' | 'types' | 'levels' | 'rooms';

/** Each list as the textarea shows it, and back. */
const LISTS: Record<ListField, { show(event: CatalogueEvent): string; read(text: string): unknown[] }> = {
  days: { show: (e) => e.days.map((d) => joined([d.date, d.theme])).join('\n'), read: (text) => lines(text).map((line) => { const [date, theme] = parts(line); return { date, ...(theme ? { theme } : {}) }; }) },
  tracks: { show: (e) => e.tracks.join('\n'), read: lines },
  types: { show: (e) => (e.types ?? []).join('\n'), read: lines },
  levels: { show: (e) => (e.levels ?? []).join('\n'), read: lines },
  rooms: {
    show: (e) => (e.rooms ?? []).map((r) => joined([r.name, r.capacity, r.floor, r.note])).join('\n'),
    read: (text) => lines(text).map((line) => {
      const [name, capacity, floor, note] = parts(line);
      // A capacity that is not a number goes as it was typed, for the server to name the line.
      const seats = capacity === undefined || capacity === '' ? undefined : /^\d+$/.test(capacity) ? Number(capacity) : capacity;
      return { name, ...(seats === undefined ? {} : { capacity: seats }), ...(floor ? { floor } : {}), ...(note ? { note } : {}) };
    }),
  },
};

/** A problem at `body.rooms[2].capacity` is shown at the rooms box, saying which line (a box of lines: rooms, links…). */
export function atTheirBoxes(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const errors = error.errors.map(({ path, message }) => {
    const at = /^body\.(\w+)\[(\d+)\]/.exec(path);
    return at ? { path: `body.${at[1]}`, message: ct('event.lineProblem', { line: Number(at[2]) + 1, message }) } : { path, message };
  });
  return new ApiError(error.status, error.detail, errors, error.retryAfter);
}

export async function consoleEvent(body: HTMLElement, loaded: CatalogueEvent, signal: AbortSignal): Promise<void> {
  let event = await getFresh<CatalogueEvent>(`/events/${encodeURIComponent(loaded.id)}`, signal);
  const input = (name: string, required = false) => h('input', { name, 'data-path': `body.${name}`, ...(required ? { required: true } : {}) });
  const name = input('name', true);
  const venue = input('venue');
  const timezone = input('timezone', true);
  const defaultLanguage = input('defaultLanguage');
  const boxes = Object.fromEntries((Object.keys(LISTS) as ListField[]).map((list) => [list, h('textarea', { name: list, rows: list === 'rooms' ? 8 : 4, 'data-path': `body.${list}` })])) as Record<ListField, HTMLTextAreaElement>;
  const fill = (from: CatalogueEvent) => {
    name.value = from.name;
    venue.value = from.venue ?? '';
    timezone.value = from.timezone;
    defaultLanguage.value = from.defaultLanguage ?? '';
    for (const list of Object.keys(LISTS) as ListField[]) boxes[list].value = LISTS[list].show(from);
  };
  fill(event);

  const save = h('button', { type: 'submit' }, ct('event.save'));
  const message = messageArea();
  const reload = h('button', { type: 'button', class: 'secondary', hidden: true }, ct('event.reload'));
  const form = h('form', { class: 'console-form' },
    field(ct('events.name'), name),
    field(ct('events.venue'), venue),
    field(ct('events.timezone'), timezone),
    field(ct('event.defaultLanguage'), defaultLanguage, h('span', { class: 'hint' }, ct('event.defaultLanguageHint'))),
    (Object.keys(LISTS) as ListField[]).map((list) => field(ct(`event.${list}` as ConsoleKey), boxes[list], h('span', { class: 'hint' }, ct(`event.${list}Hint` as ConsoleKey)))),
    h('div', { class: 'actions' }, save, reload),
    message);
  reload.addEventListener('click', () => void act(reload, message, async () => {
    event = await getFresh<CatalogueEvent>(`/events/${encodeURIComponent(event.id)}`);
    fill(event);
    reload.hidden = true;
    return ct('event.reloaded', { version: event.version });
  }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(save, message, async () => {
      const listed = (list: ListField) => LISTS[list].read(boxes[list].value);
      const next = {
        name: name.value.trim(),
        ...(venue.value.trim() ? { venue: venue.value.trim() } : {}),
        timezone: timezone.value.trim(),
        ...(defaultLanguage.value.trim() ? { defaultLanguage: defaultLanguage.value.trim() } : {}),
        days: listed('days'),
        tracks: listed('tracks'),
        // An empty list of types means the five defaults: the field is left out.
        ...(listed('types').length > 0 ? { types: listed('types') } : {}),
        levels: listed('levels'),
        rooms: listed('rooms'),
        ...(event.searchSynonyms ? { searchSynonyms: event.searchSynonyms } : {}),
      };
      try {
        await api('PUT', `/events/${encodeURIComponent(event.id)}`, { body: next, headers: { 'if-match': `"${event.version}"` } });
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) reload.hidden = false;
        throw atTheirBoxes(error);
      }
      event = await getFresh<CatalogueEvent>(`/events/${encodeURIComponent(event.id)}`);
      fill(event);
      return ct('event.saved', { version: event.version });
    }, form);
  });
  replace(body, h('p', { class: 'lede' }, ct('event.lede')), form);
}
