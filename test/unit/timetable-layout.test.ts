import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { layoutDay, NO_ROOM } from '../../web/src/timetable-layout';
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
    contentLanguage: 'ko',
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

test('a keynote, or a session without a room, spans the rooms when nothing else runs then', () => {
  const keynote = session({ type: 'keynote', room: 'Hall', at: ['09:00', '10:00'] });
  const roomless = session({ at: ['12:00', '12:30'] });
  const layout = layoutDay([keynote, roomless, session({ room: 'A', at: ['10:00', '11:00'] }), session({ room: 'B', at: ['10:00', '11:00'] })], minutesOf);
  assert.equal(layout.roomColumns, 2);
  assert.deepEqual(layout.rooms.map((r) => r.name), ['A', 'B'], 'a keynote hall is no column while its keynote spans');
  for (const s of [keynote, roomless]) {
    const p = layout.placements.find((x) => x.session === s)!;
    assert.deepEqual([p.column, p.span, p.spansRooms], [2, 2, true]);
  }
});

test('a keynote beside other sessions stays in its room; a session without a room there gets a column of its own', () => {
  const keynote = session({ type: 'keynote', room: 'Hall', at: ['10:00', '11:00'] });
  const roomless = session({ at: ['10:30', '11:00'] });
  const a = session({ room: 'A', at: ['10:00', '10:40'] });
  const layout = layoutDay([keynote, roomless, a, session({ room: 'B', at: ['10:50', '11:30'] })], minutesOf);
  assert.deepEqual(layout.rooms.map((r) => r.name), ['A', 'B', 'Hall', NO_ROOM], 'rooms in natural order, the column without a room last');
  const place = (s: Session) => layout.placements.find((p) => p.session === s)!;
  assert.deepEqual([place(keynote).column, place(keynote).span, place(keynote).spansRooms], [4, 1, false]);
  assert.deepEqual([place(roomless).column, place(roomless).span], [5, 1]);
});

test('overlapping sessions in one room get lanes side by side; a card takes the lanes beside it that are free', () => {
  const first = session({ room: 'A', at: ['10:00', '11:00'] });
  const overlapping = session({ room: 'A', at: ['10:30', '11:30'] });
  const after = session({ room: 'A', at: ['11:00', '11:30'] });
  const alone = session({ room: 'A', at: ['12:00', '12:30'] });
  const other = session({ room: 'B', at: ['10:00', '11:00'] });
  const layout = layoutDay([first, overlapping, after, alone, other], minutesOf);
  assert.deepEqual(layout.rooms, [{ name: 'A', column: 2, lanes: 2 }, { name: 'B', column: 4, lanes: 1 }]);
  const place = (s: Session) => layout.placements.find((p) => p.session === s)!;
  assert.deepEqual([first, overlapping, after, alone, other].map((s) => [place(s).column, place(s).span]), [[2, 1], [3, 1], [2, 1], [2, 2], [4, 1]]);
});

test('a card is never drawn shorter than minLength: sessions closer than that get lanes, and a short keynote does not span over the next session', () => {
  const flash1 = session({ room: 'A', at: ['10:00', '10:05'] });
  const flash2 = session({ room: 'A', at: ['10:05', '10:10'] });
  const shortKeynote = session({ type: 'keynote', at: ['09:00', '09:10'] });
  const next = session({ room: 'B', at: ['09:10', '09:40'] });
  const layout = layoutDay([flash1, flash2, shortKeynote, next], minutesOf, { minLength: 15 });
  const place = (s: Session) => layout.placements.find((p) => p.session === s)!;
  assert.notEqual(place(flash1).column, place(flash2).column);
  assert.equal(place(shortKeynote).spansRooms, false);
  assert.equal(place(flash1).length, 5, 'the length stays the session’s own');
});

test('rooms follow the viewer’s order; rooms it does not name follow in natural order', () => {
  const sessions = ['Room 2', 'Room 10', 'Room 1', 'Hall'].map((room) => session({ room, at: ['10:00', '11:00'] }));
  const layout = layoutDay(sessions, minutesOf, { roomOrder: ['Room 10', 'Gone', 'Hall'] });
  assert.deepEqual(layout.rooms.map((r) => [r.name, r.column]), [['Room 10', 2], ['Hall', 3], ['Room 1', 4], ['Room 2', 5]]);
});

test('no two cards ever share a place: whatever the sessions, cards in a common column are apart in time', () => {
  const minLength = 15;
  const arbitrarySession = fc.record({
    room: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
    keynote: fc.boolean(),
    start: fc.integer({ min: 8 * 60, max: 18 * 60 }),
    length: fc.integer({ min: 1, max: 180 }),
  });
  const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  fc.assert(
    fc.property(fc.array(arbitrarySession, { maxLength: 40 }), (drawn) => {
      const sessions = drawn.map(({ room, keynote, start, length }) =>
        session({ type: keynote ? 'keynote' : 'breakout', ...(room ? { room } : {}), at: [clock(start), clock(start + length)] }));
      const { placements } = layoutDay(sessions, minutesOf, { minLength });
      for (const [i, a] of placements.entries()) {
        for (const b of placements.slice(i + 1)) {
          const sideBySide = a.column + a.span <= b.column || b.column + b.span <= a.column;
          const apart = a.top + Math.max(a.length, minLength) <= b.top || b.top + Math.max(b.length, minLength) <= a.top;
          assert.ok(sideBySide || apart, `${JSON.stringify(a)} and ${JSON.stringify(b)} share a place`);
        }
      }
    }),
    { numRuns: 300, seed: 14 },
  );
});

test('a session past midnight keeps its length; unscheduled sessions are set aside', () => {
  const late = session({ room: 'A', startsAt: '2024-05-16T23:30:00+09:00', endsAt: '2024-05-17T00:30:00+09:00' });
  const unscheduled = session({ room: 'A' });
  const layout = layoutDay([late, unscheduled], minutesOf);
  assert.equal(layout.placements[0]!.length, 60);
  assert.equal(layout.to, 24 * 60 + 30);
  assert.deepEqual(layout.unscheduled, [unscheduled]);
});

test('rooms the caller names get a column even when empty, and the grid covers at least the hours asked for (a console drops sessions there)', () => {
  const a = session({ room: 'Room 2', at: ['11:00', '11:40'] });
  const layout = layoutDay([a], minutesOf, { rooms: ['Room 1', 'Room 2', 'Room 3'], hours: { from: 9 * 60, to: 18 * 60 } });
  assert.deepEqual(layout.rooms.map((r) => [r.name, r.column]), [['Room 1', 2], ['Room 2', 3], ['Room 3', 4]]);
  assert.equal(layout.roomColumns, 3);
  assert.deepEqual([layout.from, layout.to], [9 * 60, 18 * 60]);
  assert.equal(layout.placements[0]!.column, 3);
  assert.equal(layout.placements[0]!.top, 120);
  // A session outside the hours widens them, to whole half hours.
  const late = layoutDay([session({ room: 'Room 1', at: ['08:10', '19:10'] })], minutesOf, { hours: { from: 9 * 60, to: 18 * 60 } });
  assert.deepEqual([late.from, late.to], [8 * 60, 19 * 60 + 30]);
});
