/**
 * Reserving and cancelling seats. The store's transactions keep the rules;
 * this module decides which transaction to try, and tries again when a
 * concurrent change got there first (a seat went, a seat came free, the
 * waitlist moved). Every path is safe to repeat: a repeated reservation
 * finds the one it made and answers the same.
 */
import { CatalogueError, notFound } from '../domain/errors';
import { reservationStep, unboundPlaces } from '../domain/waitlist';
import { hasFreeSeat, shardStep, type ShardStep } from '../domain/seat-shards';
import type { AttendanceStore, Line, ReservationItem, SeatCounter, TakenPlace, WaitEntry } from '../store/attendance-store';
import { lineOf } from '../store/waitlist-store';
import type { ReservationWindow } from '../store/seat-counters';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';

export interface ReservationView {
  eventId: string;
  sessionId: string;
  status: 'confirmed' | 'waitlisted' | 'released';
  position?: number;
  createdAt: string;
  checkedInAt?: string;
}

/** Attempts before a request gives up and answers 503: each lost race costs one. */
const ATTEMPTS = 12;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/** At most this long a request that found every seat taken waits before it opens the line (another may have). */
const OPEN_LINE_PAUSE_MS = 20;

/** How long a freed seat waits for a join under way to bind a place ahead of the head, before that place is given up. */
const BIND_GRACE_MS = 50;

const unavailable = () => new CatalogueError('unavailable', 'Too many changes to this session at once; try again in a moment');

/**
 * What the attendee is told. A waitlisted reservation's position is read
 * after its place was bound, so it is never exceeded later; a position of 0
 * or less means the place was promoted since the reservation was read.
 */
export async function reservationView(
  attendance: AttendanceStore,
  item: Omit<ReservationItem, 'pk' | 'sk'>,
): Promise<ReservationView> {
  const view = (r: typeof item): ReservationView => ({
    eventId: r.eventId,
    sessionId: r.sessionId,
    status: r.status,
    createdAt: r.createdAt,
    ...(r.checkedInAt ? { checkedInAt: r.checkedInAt } : {}),
  });
  let current: typeof item | undefined = item;
  for (let look = 0; look < ATTEMPTS; look++) {
    if (current.status !== 'waitlisted' || current.place === undefined) return view(current);
    const position = await attendance.waitlistPosition(lineOf(current), current.place);
    if (position >= 1) return { ...view(current), position };
    current = await attendance.getReservation(current.attendeeId, current.eventId, current.sessionId);
    if (!current) return view(item); // promoted, then cancelled: what was read is all there is
  }
  throw unavailable();
}

/**
 * Reservations are open while the session is scheduled, has not ended, and
 * is inside its reservation window, if it has one. (A reservation made
 * earlier still answers the same when asked again: see reserveSeat.)
 */
export function checkReservationWindow(session: { status: string } & ReservationWindow, now: Date): void {
  if (session.status === 'cancelled') {
    throw new CatalogueError('conflict', 'This session is cancelled; it takes no reservations');
  }
  if (session.endsAt && now.getTime() >= Date.parse(session.endsAt)) {
    throw new CatalogueError('conflict', `This session ended at ${session.endsAt}; it takes no reservations`);
  }
  if (session.reservationOpensAt && now.getTime() < Date.parse(session.reservationOpensAt)) {
    throw new CatalogueError('conflict', `Reservations open at ${session.reservationOpensAt}`);
  }
  if (session.reservationClosesAt && now.getTime() >= Date.parse(session.reservationClosesAt)) {
    throw new CatalogueError('conflict', `Reservations closed at ${session.reservationClosesAt}`);
  }
}

/**
 * The window a reservation is checked against: the seat counter's copy
 * (so a rush reads no session item), or, on a counter written before it
 * had one, the session's.
 */
async function checkWindowOf(catalogue: CatalogueStore, counter: SeatCounter, line: Line, now: Date): Promise<void> {
  if (counter.window !== undefined) return checkReservationWindow({ status: counter.status, ...counter.window }, now);
  const session = await catalogue.getSession(line.eventId, line.sessionId, true);
  if (!session) throw notFound(`Session ${line.sessionId} of event ${line.eventId}`);
  checkReservationWindow(session, now);
}

/** What a reservation tries next, from the counters it looked at: one shard as it always was, several by domain/seat-shards.ts. */
function stepOf(line: Line, looked: readonly SeatCounter[]): ShardStep {
  if (line.shards > 1) return shardStep(looked);
  const step = reservationStep(looked[0]!);
  return step === 'seat-the-line' ? { kind: step } : { kind: step, shard: 0 };
}

export async function reserveSeat(
  catalogue: CatalogueStore,
  attendance: AttendanceStore,
  attendeeId: string,
  eventId: string,
  sessionId: string,
  now = new Date(),
): Promise<ReservationView> {
  const held = await attendance.getReservation(attendeeId, eventId, sessionId);
  if (held && held.status !== 'released') return reservationView(attendance, held);

  const createdAt = now.toISOString();
  // A place in line taken and not yet bound by a join: given up if this request stops joining.
  let place: { line: Line; taken: TakenPlace } | undefined;
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) await backoff(attempt);
      // The first look may be slightly stale (it is cheap); the transactions decide, and later looks are consistent.
      const look = await attendance.lookAtSeats(eventId, sessionId, attempt > 0);
      if (!look) throw notFound(`Session ${sessionId} of event ${eventId}`);
      const { line, looked } = look;
      if (attempt === 0) await checkWindowOf(catalogue, looked[0]!, line, now);
      if (looked[0]!.status === 'cancelled') throw new CatalogueError('conflict', 'This session is cancelled; it takes no reservations');
      let step = stepOf(line, looked);
      if (step.kind === 'find-seat') step = await findSeat(attendance, line);
      if (step.kind === 'find-seat') continue; // the line was opened: look again
      if (step.kind === 'seat-the-line') {
        // Seats freed by a larger capacity go to those already waiting (the admin's request may not have finished).
        await fillFreeSeats(attendance, line);
        continue;
      }
      let outcome;
      if (step.kind === 'join') {
        if (place === undefined) {
          const taken = await attendance.takePlace(line, step.shard);
          if (taken === 'gone') throw notFound(`Session ${sessionId} of event ${eventId}`);
          if (taken === 'changed') continue;
          place = { line, taken };
        }
        outcome = await attendance.joinWaitlist(attendeeId, place.line, place.taken, createdAt);
        if (outcome === 'applied') {
          const { line: joined, taken: bound } = place;
          place = undefined;
          return await reservationView(attendance, { attendeeId, eventId, sessionId, status: 'waitlisted', place: bound.place, createdAt, ...(joined.shards > 1 ? { shard: bound.shard, shards: joined.shards } : {}) });
        }
        if (outcome === 'place-given-up') place = undefined; // a freed seat could not wait for this join: take the next place
      } else {
        outcome = await attendance.confirmSeat(attendeeId, line, step.shard, createdAt);
        if (outcome === 'applied') return { eventId, sessionId, status: 'confirmed', createdAt };
      }
      if (outcome === 'already-holds') {
        const item = await attendance.getReservation(attendeeId, eventId, sessionId);
        if (item) return await reservationView(attendance, item);
      }
      // Someone else moved first (a seat went or came free, the line moved): look again.
    }
    throw new CatalogueError('unavailable', 'Too many people are reserving this session at once; try again in a moment');
  } finally {
    if (place !== undefined) await giveUpPlace(attendance, place.line, place.taken.place);
  }
}

/**
 * Several shards, the line closed, and no free seat on the shards looked
 * at: every shard is read. A seat anywhere is confirmed there; with none,
 * every seat is taken and the line opens (then the caller looks again).
 */
async function findSeat(attendance: AttendanceStore, line: Line): Promise<ShardStep> {
  const seats = await attendance.getSeats({ eventId: line.eventId, id: line.sessionId, seatShards: line.shards }, true);
  if (!seats) throw notFound(`Session ${line.sessionId} of event ${line.eventId}`);
  if (seats.shards[0]!.line) return { kind: 'find-seat' };
  const free = seats.shards.filter(hasFreeSeat);
  if (free.length > 0) return { kind: 'confirm', shard: free[Math.floor(Math.random() * free.length)]!.shard };
  // Every request in flight finds the seats gone at about the same moment, and opening the line writes every shard:
  // a short pause and a look at shard 0 first, so that most of them find it opened by another.
  await new Promise((r) => setTimeout(r, Math.random() * OPEN_LINE_PAUSE_MS));
  if (!(await attendance.lineState(line))?.open) await attendance.openLine(line);
  return { kind: 'find-seat' };
}

/**
 * Gives up a place this request took and did not bind, so that the places
 * behind it move forward at once. It meets the same rush as the joins (its
 * transaction writes the seat counter), so it gets as many tries. Should
 * they all fail (or this request crash first), the gap stays until the head
 * of the line reaches it (nextInLine).
 */
async function giveUpPlace(attendance: AttendanceStore, line: Line, place: number): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    if ((await attendance.givePlaceUp(line, place)) !== 'changed') return;
  }
}

/** Cancels the caller's reservation; a freed seat goes to the first on the waitlist in the same transaction. */
export async function cancelReservation(
  attendance: AttendanceStore,
  attendeeId: string,
  eventId: string,
  sessionId: string,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    const held = await attendance.getReservation(attendeeId, eventId, sessionId);
    if (!held) {
      if (attempt === 0) throw notFound(`A reservation of session ${sessionId}`);
      return; // An earlier attempt went through.
    }
    const outcome =
      held.status === 'released'
        ? await attendance.deleteReleased(attendeeId, eventId, sessionId)
        : held.status === 'waitlisted'
          ? await attendance.leaveWaitlist(held)
          : await attendance.releaseSeat(held, await nextInLine(attendance, lineOf(held)));
    if (outcome === 'applied') return;
  }
  throw unavailable();
}

/**
 * Releases a confirmed seat nobody checked in by the session's deadline
 * (./no-shows.ts): the seat goes to the head of the line in the same
 * transaction, as a cancellation's does, and the reservation stays as
 * `released`. False when there is nothing to release any more (checked in
 * meanwhile, cancelled, released already).
 */
export async function releaseUncheckedSeat(attendance: AttendanceStore, attendeeId: string, eventId: string, sessionId: string): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    const held = await attendance.getReservation(attendeeId, eventId, sessionId);
    if (!held || held.status !== 'confirmed' || held.checkedInAt) return false;
    if ((await attendance.releaseSeat(held, await nextInLine(attendance, lineOf(held)), 'no-show')) === 'applied') return true;
  }
  throw unavailable();
}

/**
 * The head of the line, once no place ahead of it is left unbound: a place
 * taken by a join still under way, or by one that failed or crashed, or
 * (several shards) one its shard has not handed out yet. Such a place is
 * given up (a join still under way then takes a new place, at the end), so
 * a freed seat never waits for a join that may never come, and nobody is
 * put ahead of a head that was promoted. Also says whether the line is open
 * (several shards).
 */
async function nextInLine(attendance: AttendanceStore, line: Line): Promise<{ head?: WaitEntry; open: boolean }> {
  for (let look = 0; look < ATTEMPTS; look++) {
    const state = await attendance.lineState(line);
    if (!state) return { open: false };
    const head = await attendance.waitlistHead(line, state.passed);
    if (!head) return { open: state.open };
    const unbound = unboundPlaces(state.passed, head.place, await attendance.placesGivenUp(line, state.passed, head.place));
    if (unbound.length === 0) return { head, open: true };
    // A join under way binds its place within milliseconds: give it one short pause before giving its place up.
    if (look === 0) {
      await new Promise((r) => setTimeout(r, BIND_GRACE_MS));
      continue;
    }
    // A place that was bound meanwhile is the head now: look again.
    await Promise.all(unbound.map((place) => giveUpPlace(attendance, line, place)));
  }
  throw unavailable();
}

/**
 * After an admin changed a session: a cancelled session releases every seat
 * and waitlist place (the attendees' records stay, as `released`); otherwise
 * seats freed by a larger capacity go to the waitlist in order.
 */
export async function settleSeats(attendance: AttendanceStore, session: SessionItem): Promise<void> {
  const line: Line = { eventId: session.eventId, sessionId: session.id, shards: session.seatShards ?? 1 };
  if (session.status !== 'cancelled') return fillFreeSeats(attendance, line);
  for (const child of await attendance.sessionChildren(line)) {
    if (/^(SEAT|WAIT)#/.test(String(child.sk)) && typeof child.attendeeId === 'string') {
      await attendance.releasePlace(line, child as { pk: string; sk: string; attendeeId: string; place?: number });
    }
  }
}

/**
 * After capacity grew: seats that are free go to the waitlist, first come,
 * first served; several shards, once nobody is in line and seats are still
 * free, the line closes.
 */
async function fillFreeSeats(attendance: AttendanceStore, line: Line): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const seats = await attendance.getSeats({ eventId: line.eventId, id: line.sessionId, seatShards: line.shards }, true);
    if (!seats) return;
    const free = seats.shards.find(hasFreeSeat);
    const open = line.shards > 1 ? seats.shards[0]!.line === true : seats.waitlisted > 0;
    if (!free || !open) return;
    const next = await nextInLine(attendance, line);
    if (!next.head) {
      if (line.shards === 1) return;
      await attendance.closeLine(line);
      continue;
    }
    await attendance.promoteHead(line, next.head, free.shard);
  }
}
