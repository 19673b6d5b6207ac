/**
 * The rules of a session's seats and waitlist, as plain functions (the store
 * enforces them in transactions; docs/reservations.md).
 *
 * Places in line are numbered 1, 2, 3, … in the order they were taken (an
 * atomic increment of the seat counter's `granted`); a join's transaction
 * then binds its place, unless the place was given up meanwhile. A place
 * taken counts as ahead of every later one until it is given up.
 */

/** What the seat counter says about a session, as far as these rules need. */
export interface SeatCounts {
  capacity: number | null;
  taken: number;
  waitlisted: number;
}

/**
 * What a reservation should try next: a seat while one is free and nobody
 * waits; the waitlist when the session is full; and when seats are free but
 * people wait (capacity was raised), seat them first: a newcomer never
 * overtakes the line.
 */
export function reservationStep(seats: SeatCounts): 'confirm' | 'join' | 'seat-the-line' {
  if (seats.capacity !== null && seats.taken >= seats.capacity) return 'join';
  return seats.waitlisted > 0 ? 'seat-the-line' : 'confirm';
}

/**
 * The position of a place in line (1 is next). Every place up to `passed`
 * has left the line (promotions take the head and move `passed` to it), and
 * `leftBetween` places after `passed` and before this one were given up.
 * Zero or less: the place itself was promoted.
 *
 * Read from two moments (the counter, then the markers), the result lies
 * between the true positions at those moments, and true positions only fall;
 * so a position told is never exceeded later.
 */
export function positionInLine(place: number, passed: number, leftBetween: number): number {
  return place - passed - leftBetween;
}

/**
 * The places after `passed` and before the head (the first bound place)
 * that are neither bound nor given up: taken by joins still under way, or
 * by joins that failed or crashed before giving them up.
 */
export function unboundPlaces(passed: number, head: number, givenUp: readonly number[]): number[] {
  const gone = new Set(givenUp);
  const unbound: number[] = [];
  for (let place = passed + 1; place < head; place++) if (!gone.has(place)) unbound.push(place);
  return unbound;
}
