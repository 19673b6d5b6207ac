/**
 * What a session picks from its event: its format, track, level and room.
 * Once the event lists them the API takes nothing else (a 400 naming the
 * field), so the form offers a select of them, each room with its seats and
 * floor; while it lists none (no tracks, rooms or levels) the field stays
 * free text. A value stored before the list existed stays shown, marked, so
 * the organiser sees why a save is refused and picks a listed one.
 */
import { h } from '../dom';
import { typesOf, type CatalogueEvent } from '../types';
import { ct } from './words';

export interface Choice {
  value: string;
  label: string;
}

type Room = NonNullable<CatalogueEvent['rooms']>[number];

/** "Hall A · 120석 · 3층" */
const roomLabel = (room: Room) => [room.name, room.capacity === undefined ? null : ct('form.roomSeats', { capacity: room.capacity }), room.floor].filter(Boolean).join(' · ');

const none = (): Choice => ({ value: '', label: ct('form.none') });
const plain = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: value }));

/** The choices the event gives a field, or undefined when the field is free text. */
export function choicesOf(event: CatalogueEvent, name: string): Choice[] | undefined {
  if (name === 'type') return plain(typesOf(event));
  if (name === 'track' && event.tracks.length > 0) return [none(), ...plain(event.tracks)];
  if (name === 'level' && event.levels?.length) return [none(), ...plain(event.levels)];
  if (name === 'room' && event.rooms?.length) return [none(), ...event.rooms.map((room) => ({ value: room.name, label: roomLabel(room) }))];
  return undefined;
}

/**
 * A select of the event's choices that still shows a value it does not
 * offer, as a marked option of its own (the first), with a note beside the
 * field saying why while that value is chosen.
 */
export function listedSelect(attrs: Record<string, string | boolean>, choices: Choice[]): { select: HTMLSelectElement; note: HTMLElement; set(value: string): void } {
  const select = h('select', attrs, choices.map((choice) => h('option', { value: choice.value }, choice.label)));
  const note = h('span', { class: 'hint unlisted', hidden: true }, ct('form.unlistedHint'));
  const showNote = () => (note.hidden = !select.selectedOptions[0]?.hasAttribute('data-unlisted'));
  select.addEventListener('change', showNote);
  return {
    select,
    note,
    set(value) {
      select.querySelector('option[data-unlisted]')?.remove();
      if (value !== '' && !choices.some((choice) => choice.value === value)) select.prepend(h('option', { value, 'data-unlisted': true }, ct('form.unlisted', { value })));
      select.value = value;
      showNote();
    },
  };
}

/** The capacity field's hint: a new session left without one takes its room's seats (docs/api.md, Session `capacity`). */
export function capacityHint(event: CatalogueEvent, creating: boolean, room: string): { hint: string; placeholder: string } {
  const chosen = event.rooms?.find((r) => r.name === room);
  if (!creating || !event.rooms?.length) return { hint: ct('form.capacityHint'), placeholder: '' };
  if (chosen?.capacity === undefined) return { hint: ct('form.capacityFromRooms'), placeholder: '' };
  return { hint: ct('form.capacityFromRoom', { room: chosen.name, capacity: chosen.capacity }), placeholder: String(chosen.capacity) };
}
