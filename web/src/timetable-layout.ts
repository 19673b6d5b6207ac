/**
 * Where each session of a day goes in the timetable grid: rooms are columns,
 * time runs down. Pure arithmetic, no DOM, so it is unit-tested on its own.
 *
 * A room whose sessions overlap gets one lane per overlap (greedy interval
 * partitioning) instead of cards drawn over each other. Keynotes, and
 * sessions without a room, span every room.
 */
import type { Session } from './types';

export interface RoomColumn {
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
  /** The grid's first and last minute of the day (whole half hours). */
  from: number;
  to: number;
  /** In time order, then column order: the reading and tab order. */
  placements: Placement[];
  unscheduled: Session[];
}

const roomOrder = new Intl.Collator(undefined, { numeric: true });

export const spansRooms = (session: Session) => session.type === 'keynote' || !session.room;

/**
 * `minutesOf` turns an instant into minutes since the day's local midnight.
 * A session ending after midnight keeps its length (its end is past 1440).
 */
export function layoutDay(sessions: readonly Session[], minutesOf: (iso: string) => number): DayLayout {
  const timed = sessions
    .filter((s) => s.startsAt && s.endsAt)
    .map((session) => {
      const start = minutesOf(session.startsAt!);
      let end = minutesOf(session.endsAt!);
      if (end <= start) end += 1440;
      return { session, start, end };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);

  // Lanes per room: each session takes the first lane free at its start.
  const laneEnds = new Map<string, number[]>();
  const laneOf = new Map<Session, number>();
  for (const { session, start, end } of timed) {
    if (spansRooms(session)) continue;
    const ends = laneEnds.get(session.room!) ?? [];
    let lane = ends.findIndex((laneEnd) => laneEnd <= start);
    if (lane < 0) lane = ends.push(end) - 1;
    else ends[lane] = end;
    laneEnds.set(session.room!, ends);
    laneOf.set(session, lane);
  }

  const rooms: RoomColumn[] = [];
  let column = 2;
  for (const name of [...laneEnds.keys()].sort(roomOrder.compare)) {
    const lanes = laneEnds.get(name)!.length;
    rooms.push({ name, column, lanes });
    column += lanes;
  }
  const roomColumns = Math.max(1, column - 2);
  const columnOf = new Map(rooms.map((room) => [room.name, room.column]));

  const from = timed.length ? Math.floor(timed[0]!.start / 30) * 30 : 9 * 60;
  const to = timed.length ? Math.ceil(Math.max(...timed.map((t) => t.end)) / 30) * 30 : from + 60;

  const placements = timed.map(({ session, start, end }): Placement => {
    const spans = spansRooms(session);
    return {
      session,
      column: spans ? 2 : columnOf.get(session.room!)! + laneOf.get(session)!,
      span: spans ? roomColumns : 1,
      top: start - from,
      length: end - start,
      spansRooms: spans,
    };
  });
  placements.sort((a, b) => a.top - b.top || a.column - b.column);

  return { rooms, roomColumns, from, to, placements, unscheduled: sessions.filter((s) => !s.startsAt || !s.endsAt) };
}
