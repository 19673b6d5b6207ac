import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutDay } from '../../web/src/timetable-layout';
import type { Session } from '../../web/src/types';

/** Minutes since midnight, read from the ISO string's own clock (the tests use one zone). */
const minutesOf = (iso: string) => Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));

let next = 0;
function session(fields: Partial<Session> & { at?: [string, string] }): Session {
  const { at, ...rest } = fields;
  return {
    id: `s${++next}`,
    eventId: 'e',
    title: 't',
    abstract: '',
    type: 'breakout',
    capacity: null,
    speakerIds: [],
    tags: [],
    status: 'scheduled',
    version: 1,
    seats: { capacity: null, taken: 0, waitlisted: 0 },
    ...(at ? { startsAt: `2024-05-16T${at[0]}:00+09:00`, endsAt: `2024-05-16T${at[1]}:00+09:00` } : {}),
    ...rest,
  };
}

test('rooms become columns in natural order; sessions sit at their minutes from the grid start', () => {
  const a = session({ room: 'Room 10', at: ['11:00', '11:40'] });
  const b = session({ room: 'Room 9', at: ['09:10', '09:50'] });
  const layout = layoutDay([a, b], minutesOf);
  assert.deepEqual(layout.rooms, [{ name: 'Room 9', column: 2, lanes: 1 }, { name: 'Room 10', column: 3, lanes: 1 }]);
  assert.equal(layout.from, 9 * 60);
  assert.equal(layout.to, 12 * 60);
  const placed = new Map(layout.placements.map(({ session: s, ...place }) => [s, place]));
  assert.deepEqual(placed.get(a), { column: 3, span: 1, top: 120, length: 40, spansRooms: false });
  assert.equal(placed.get(b)!.top, 10);
  assert.deepEqual(layout.placements.map((p) => p.session), [b, a], 'reading order is time order');
});

test('keynotes and sessions without a room span every room column', () => {
  const keynote = session({ type: 'keynote', room: 'Hall', at: ['09:00', '10:00'] });
  const roomless = session({ at: ['12:00', '12:30'] });
  const layout = layoutDay([keynote, roomless, session({ room: 'A', at: ['10:00', '11:00'] }), session({ room: 'B', at: ['10:00', '11:00'] })], minutesOf);
  assert.equal(layout.roomColumns, 2);
  assert.deepEqual(layout.rooms.map((r) => r.name), ['A', 'B'], 'a keynote hall is not a column');
  for (const s of [keynote, roomless]) {
    const p = layout.placements.find((x) => x.session === s)!;
    assert.deepEqual([p.column, p.span, p.spansRooms], [2, 2, true]);
  }
});

test('overlapping sessions in one room get lanes side by side instead of covering each other', () => {
  const first = session({ room: 'A', at: ['10:00', '11:00'] });
  const overlapping = session({ room: 'A', at: ['10:30', '11:30'] });
  const after = session({ room: 'A', at: ['11:00', '11:30'] });
  const other = session({ room: 'B', at: ['10:00', '11:00'] });
  const layout = layoutDay([first, overlapping, after, other], minutesOf);
  assert.deepEqual(layout.rooms, [{ name: 'A', column: 2, lanes: 2 }, { name: 'B', column: 4, lanes: 1 }]);
  const column = (s: Session) => layout.placements.find((p) => p.session === s)!.column;
  assert.deepEqual([column(first), column(overlapping), column(after), column(other)], [2, 3, 2, 4]);
});

test('a session past midnight keeps its length; unscheduled sessions are set aside', () => {
  const late = session({ room: 'A', startsAt: '2024-05-16T23:30:00+09:00', endsAt: '2024-05-17T00:30:00+09:00' });
  const unscheduled = session({ room: 'A' });
  const layout = layoutDay([late, unscheduled], minutesOf);
  assert.equal(layout.placements[0]!.length, 60);
  assert.equal(layout.to, 24 * 60 + 30);
  assert.deepEqual(layout.unscheduled, [unscheduled]);
});
