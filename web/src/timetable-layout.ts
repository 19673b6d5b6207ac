/**
 * Where each session of a day goes in the timetable grid: rooms are columns,
 * time runs down. Pure arithmetic, no DOM, so it is unit-tested on its own
 * (including the property that no two cards ever share a place).
 *
 * A keynote, or a session without a room, spans every room only when
 * nothing else is on then; otherwise it stays in its room (a session without
 * a room gets a column of its own). A room whose sessions overlap gets one
 * lane per overlap (greedy interval partitioning), and each card widens over
 * the lanes beside it that are free during its slot. Every interval here is
 * the card as drawn: never shorter than `minLength`, the height a card needs
 * to be seen at all.
 */
import type { Session } from './types';

export interface RoomColumn {
  /** The room's name; NO_ROOM for the column of sessions without one. */
  name: string;
  /** First grid column of the room (column 1 is the time gutter). */
  column: number;
  lanes: number;
}

export interface Placement {
  session: Session;
  column: number;
  span: number;
  /** Minutes from the top of the grid, and the session's length in minutes. */
  top: number;
  length: number;
  spansRooms: boolean;
}

export interface DayLayout {
  rooms: RoomColumn[];
  /** Grid columns after the gutter. */
  roomColumns: number;
  /** The grid's first and last minute (whole half hours; the first is the earliest session's). */
  from: number;
  to: number;
  /** In time order, then column order: the reading and tab order. */
  placements: Placement[];
  unscheduled: Session[];
}

export interface LayoutOptions {
  /** Rooms in the viewer's order; rooms it does not name follow in natural order. */
  roomOrder?: readonly string[];
  /** The fewest minutes a card is drawn with. */
  minLength?: number;
  /** Rooms that get a column even with nothing in them (the console drops sessions there). */
  rooms?: readonly string[];
  /** Minutes from midnight the grid covers at least (the console's hours to drop into); sessions outside widen it. */
  hours?: { from: number; to: number };
}

/** The column of sessions without a room that cannot span (something else is on). */
export const NO_ROOM = '';

const naturalOrder = new Intl.Collator(undefined, { numeric: true }).compare;

/** Rooms in the viewer's order (`preferred`), then the others in natural order ("Room 9" before "Room 10"), NO_ROOM last. */
export function orderRooms(names: readonly string[], preferred: readonly string[] = []): string[] {
  const ranks = new Map(preferred.map((name, i) => [name, i]));
  const rank = (name: string) => (name === NO_ROOM ? Infinity : (ranks.get(name) ?? ranks.size));
  return [...names].sort((a, b) => rank(a) - rank(b) || naturalOrder(a, b));
}

interface Timed {
  session: Session;
  start: number;
  end: number;
  /** The end of the card as drawn (at least minLength after the start). */
  drawnEnd: number;
}

const meet = (a: Timed, b: Timed) => a.start < b.drawnEnd && b.start < a.drawnEnd;

/**
 * `minutesOf` turns an instant into minutes since a midnight of the shown
 * zone. A session ending after midnight keeps its length (its end is past 1440).
 */
export function layoutDay(sessions: readonly Session[], minutesOf: (iso: string) => number, options: LayoutOptions = {}): DayLayout {
  const minLength = options.minLength ?? 0;
  const timed: Timed[] = sessions
    .filter((s) => s.startsAt && s.endsAt)
    .map((session) => {
      const start = minutesOf(session.startsAt!);
      let end = minutesOf(session.endsAt!);
      if (end <= start) end += 1440;
      return { session, start, end, drawnEnd: Math.max(end, start + minLength) };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);

  // Spanning: only a keynote or a roomless session, and only when no other card meets it.
  const spanning = new Set<Timed>();
  for (const slot of timed) {
    if (slot.session.type !== 'keynote' && slot.session.room) continue;
    if (!timed.some((other) => other !== slot && meet(other, slot))) spanning.add(slot);
  }

  // Lanes per room: each card takes the first lane free at its start.
  const byRoom = new Map<string, { slot: Timed; lane: number }[]>((options.rooms ?? []).map((name) => [name, []]));
  const laneEnds = new Map<string, number[]>((options.rooms ?? []).map((name) => [name, []]));
  for (const slot of timed) {
    if (spanning.has(slot)) continue;
    const room = slot.session.room ?? NO_ROOM;
    const ends = laneEnds.get(room) ?? [];
    let lane = ends.findIndex((laneEnd) => laneEnd <= slot.start);
    if (lane < 0) lane = ends.push(slot.drawnEnd) - 1;
    else ends[lane] = slot.drawnEnd;
    laneEnds.set(room, ends);
    const cards = byRoom.get(room) ?? [];
    cards.push({ slot, lane });
    byRoom.set(room, cards);
  }

  const rooms: RoomColumn[] = [];
  let column = 2;
  for (const name of orderRooms([...laneEnds.keys()], options.roomOrder)) {
    const lanes = Math.max(1, laneEnds.get(name)!.length);
    rooms.push({ name, column, lanes });
    column += lanes;
  }
  const roomColumns = Math.max(1, column - 2);

  const hours = options.hours;
  const earliest = Math.min(...timed.map((t) => t.start), hours?.from ?? Infinity);
  const latest = Math.max(...timed.map((t) => t.drawnEnd), hours?.to ?? -Infinity);
  const from = Number.isFinite(earliest) ? Math.floor(earliest / 30) * 30 : 9 * 60;
  const to = Number.isFinite(latest) ? Math.ceil(latest / 30) * 30 : from + 60;
  const placed = (slot: Timed, column: number, span: number, spansRooms: boolean): Placement => ({
    session: slot.session,
    column,
    span,
    top: slot.start - from,
    length: slot.end - slot.start,
    spansRooms,
  });

  const placements = [...spanning].map((slot) => placed(slot, 2, roomColumns, true));
  for (const room of rooms) {
    const cards = byRoom.get(room.name)!;
    for (const { slot, lane } of cards) {
      // Widen over the lanes to the right while nothing in them meets this card.
      let span = 1;
      while (lane + span < room.lanes && !cards.some((other) => other.lane === lane + span && meet(other.slot, slot))) span++;
      placements.push(placed(slot, room.column + lane, span, false));
    }
  }
  placements.sort((a, b) => a.top - b.top || a.column - b.column);

  return { rooms, roomColumns, from, to, placements, unscheduled: sessions.filter((s) => !s.startsAt || !s.endsAt) };
}
