/**
 * The rooms a viewer wants to see, and in what order, per event: with 40
 * rooms nobody follows them all. Kept in localStorage, so the choice is
 * still there on the next visit; a room hidden here is left out of the grid
 * and the phone list alike. Moving is by buttons (earlier, later), which a
 * keyboard and a screen reader can use, rather than by dragging.
 */
import { h, replaceKeepingFocus } from './dom';
import { t } from './i18n';
import { orderRooms } from './timetable-layout';

export interface RoomPreferences {
  /** Rooms in the viewer's order (rooms not named follow in natural order). */
  order: string[];
  hidden: string[];
}

const keyOf = (eventId: string) => `catalogue.rooms.${eventId}`;

export function loadRoomPreferences(eventId: string): RoomPreferences {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(eventId)) ?? '{}') as Partial<RoomPreferences>;
    const names = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    return { order: names(stored.order), hidden: names(stored.hidden) };
  } catch {
    return { order: [], hidden: [] };
  }
}

function save(eventId: string, preferences: RoomPreferences): void {
  if (preferences.order.length === 0 && preferences.hidden.length === 0) localStorage.removeItem(keyOf(eventId));
  else localStorage.setItem(keyOf(eventId), JSON.stringify(preferences));
}

/**
 * The settings panel (folded by default). `setRooms` gives it the rooms of
 * the day on screen (in any order); `onChange` redraws the timetable.
 */
export function roomSettings(eventId: string, onChange: (preferences: RoomPreferences) => void): { element: HTMLElement; setRooms(names: readonly string[]): void } {
  let preferences = loadRoomPreferences(eventId);
  let rooms: string[] = [];
  const list = h('ol', { class: 'room-list' });
  const summary = h('summary');

  const change = (next: RoomPreferences) => {
    preferences = next;
    save(eventId, next);
    draw();
    onChange(next);
  };
  const move = (index: number, by: number) => {
    const order = [...rooms];
    [order[index], order[index + by]] = [order[index + by]!, order[index]!];
    change({ ...preferences, order });
  };

  function draw(): void {
    rooms = orderRooms(rooms, preferences.order);
    // Before a day is in, or for a day whose sessions name no room, there is nothing to choose from.
    element.hidden = rooms.length === 0;
    const hidden = new Set(preferences.hidden);
    summary.textContent = hidden.size > 0 ? `${t('rooms.settings')} · ${t('timetable.hiddenRooms', { count: hidden.size })}` : t('rooms.settings');
    const toggle = (room: string) =>
      change({ ...preferences, hidden: hidden.has(room) ? preferences.hidden.filter((r) => r !== room) : [...preferences.hidden, room] });
    replaceKeepingFocus(
      list,
      rooms.map((room, i) =>
        h('li', null,
          h('label', null, h('input', { type: 'checkbox', checked: !hidden.has(room), 'data-focus-key': `show:${room}`, onchange: () => toggle(room) }), room),
          h('button', { type: 'button', class: 'secondary small', disabled: i === 0, 'aria-label': t('rooms.earlier', { room }), 'data-focus-key': `up:${room}`, onclick: () => move(i, -1) }, '↑'),
          h('button', { type: 'button', class: 'secondary small', disabled: i === rooms.length - 1, 'aria-label': t('rooms.later', { room }), 'data-focus-key': `down:${room}`, onclick: () => move(i, 1) }, '↓'))),
    );
  }
  const element: HTMLElement = h(
    'details',
    { class: 'room-settings fold' },
    summary,
    h('div', { class: 'panel-body' },
      h('p', { class: 'hint' }, t('rooms.hint')),
      list,
      h('button', { type: 'button', class: 'secondary small', onclick: () => change({ order: [], hidden: [] }) }, t('rooms.reset'))),
  );
  draw();
  return {
    element,
    setRooms(names) {
      rooms = [...names];
      draw();
    },
  };
}
