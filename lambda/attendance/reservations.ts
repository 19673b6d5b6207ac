/**
 * Reserving and cancelling seats. The store's transactions keep the rules;
 * this module decides which transaction to try, and tries again when a
 * concurrent change got there first (a seat went, a seat came free, the
 * waitlist moved). Every path is safe to repeat: a repeated reservation
 * finds the one it made and answers the same.
 */
import { randomBytes } from 'node:crypto';
import { CatalogueError, notFound } from '../domain/errors';
import type { AttendanceStore, ReservationItem } from '../store/attendance-store';
import type { CatalogueStore, SessionItem } from '../store/catalogue-store';

export interface ReservationView {
  eventId: string;
  sessionId: string;
  status: 'confirmed' | 'waitlisted' | 'released';
  position?: number;
  createdAt: string;
}

/** Attempts before a request gives up and answers 503: each lost race costs one. */
const ATTEMPTS = 12;

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/**
 * A waitlist ticket: arrival time at the server, then randomness, so that
 * tickets sort first come, first served and never collide.
 */
export function waitlistTicket(now: Date): string {
  return `${now.getTime().toString().padStart(15, '0')}-${randomBytes(6).toString('hex')}`;
}

export async function reservationView(
  attendance: AttendanceStore,
  item: Omit<ReservationItem, 'pk' | 'sk'>,
): Promise<ReservationView> {
  const view: ReservationView = { eventId: item.eventId, sessionId: item.sessionId, status: item.status, createdAt: item.createdAt };
  if (item.status === 'waitlisted' && item.ticket) {
    view.position = await attendance.waitlistPosition(item.eventId, item.sessionId, item.ticket);
  }
  return view;
}

/**
 * Reservations are open while the session is scheduled, has not ended, and
 * is inside its reservation window, if it has one. (A reservation made
 * earlier still answers the same when asked again: see reserveSeat.)
 */
export function checkReservationWindow(session: SessionItem, now: Date): void {
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
  const session = await catalogue.getSession(eventId, sessionId, true);
  if (!session) throw notFound(`Session ${sessionId} of event ${eventId}`);
  checkReservationWindow(session, now);

  const createdAt = now.toISOString();
  const ticket = waitlistTicket(now);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    // The first look may be slightly stale (it is cheap); the transactions decide, and later looks are consistent.
    const seats = await attendance.getSeats(eventId, sessionId, attempt > 0);
    if (!seats) throw notFound(`Session ${sessionId} of event ${eventId}`);
    const full = seats.capacity !== null && seats.taken >= seats.capacity;
    const outcome = full
      ? await attendance.joinWaitlist(attendeeId, eventId, sessionId, ticket, createdAt)
      : await attendance.confirmSeat(attendeeId, eventId, sessionId, createdAt);
    if (outcome === 'applied') {
      // What was written is known: no need to read it back (only a position needs counting).
      const status = full ? 'waitlisted' : 'confirmed';
      return reservationView(attendance, { attendeeId, eventId, sessionId, status, createdAt, ...(full ? { ticket } : {}) });
    }
    if (outcome === 'already-holds') {
      const item = await attendance.getReservation(attendeeId, eventId, sessionId);
      if (item) return reservationView(attendance, item);
    }
    if (seats.status === 'cancelled') throw new CatalogueError('conflict', 'This session is cancelled; it takes no reservations');
    // 'full', 'seat-free' or 'changed': someone else moved first; look again.
  }
  throw new CatalogueError('unavailable', 'Too many people are reserving this session at once; try again in a moment');
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
          ? await attendance.leaveWaitlist(attendeeId, eventId, sessionId, held.ticket!)
          : await attendance.releaseSeat(attendeeId, eventId, sessionId, await attendance.waitlistHead(eventId, sessionId));
    if (outcome === 'applied') return;
  }
  throw new CatalogueError('unavailable', 'Too many changes to this session at once; try again in a moment');
}

/**
 * After an admin changed a session: a cancelled session releases every seat
 * and waitlist place (the attendees' records stay, as `released`); otherwise
 * seats freed by a larger capacity go to the waitlist in order.
 */
export async function settleSeats(attendance: AttendanceStore, eventId: string, sessionId: string, status: string): Promise<void> {
  if (status !== 'cancelled') return fillFreeSeats(attendance, eventId, sessionId);
  for (const child of await attendance.sessionChildren(eventId, sessionId)) {
    if (/^(SEAT|WAIT)#/.test(String(child.sk)) && typeof child.attendeeId === 'string') {
      await attendance.releasePlace(eventId, sessionId, child as { sk: string; attendeeId: string });
    }
  }
}

/** After capacity grew: seats that are free go to the waitlist, first come, first served. */
async function fillFreeSeats(attendance: AttendanceStore, eventId: string, sessionId: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const seats = await attendance.getSeats(eventId, sessionId, true);
    if (!seats || seats.waitlisted === 0 || (seats.capacity !== null && seats.taken >= seats.capacity)) return;
    const head = await attendance.waitlistHead(eventId, sessionId);
    if (!head) return;
    const outcome = await attendance.promoteHead(eventId, sessionId, head);
    if (outcome === 'full') return;
  }
}
