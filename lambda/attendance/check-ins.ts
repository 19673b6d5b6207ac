/**
 * The door: checking attendees in by the code of their reservation, one
 * scan or a phone's queue of them (docs/reservations.md, "Check-in").
 * A scan names its code and, when it was queued offline, when it happened
 * (`scannedAt`); `scanId`, the phone's own id of the scan, makes sending
 * it again harmless: the same scan is answered as it was the first time.
 */
import { CatalogueError, notFound, type FieldError } from '../domain/errors';
import { normalizeCode } from '../domain/check-in-code';
import { dayRange, zonedDate } from '../domain/time';
import { requireEvent } from '../catalogue/sessions';
import type { Line } from '../store/waitlist-store';
import type { SeatHolder } from '../store/check-in-store';
import type { Stores } from '../store/stores';

export interface Scan {
  code: string;
  scannedAt?: string | undefined;
  scanId?: string | undefined;
}

export interface CheckInView {
  eventId: string;
  sessionId: string;
  attendeeId: string;
  checkedInAt: string;
  scannedAt: string;
  scanId?: string;
}

/** `created`: this scan checked the seat in; `replayed`: it had, and was sent again. */
export interface CheckInResult {
  outcome: 'created' | 'replayed';
  checkIn: CheckInView;
}

/** A refused scan: the problem its request would have answered. */
export interface RefusedScan {
  error: CatalogueError;
  /** 409 for a seat checked in before: when. */
  checkedInAt?: string;
}

/** How far ahead of the server's clock a phone's clock may be. */
const CLOCK_SKEW_MS = 60_000;

/** A scan's time checked against the session: not in the future, not before the session's day (its event's zone). */
function scanTime(scannedAt: string | undefined, session: { startsAt?: string | undefined }, timeZone: string, now: Date, at: string): string {
  if (scannedAt === undefined) return now.toISOString();
  const instant = Date.parse(scannedAt);
  const invalid = (message: string) => new CatalogueError('invalid', `scannedAt ${message}`, [{ path: `${at}.scannedAt`, message }]);
  if (instant > now.getTime() + CLOCK_SKEW_MS) throw invalid('is in the future');
  if (session.startsAt) {
    const day = zonedDate(session.startsAt, timeZone);
    if (instant < dayRange(day, timeZone)[0]) throw invalid(`is before the session's day (${day})`);
  }
  return new Date(instant).toISOString();
}

const codeError = (at: string, kind: 'invalid' | 'unprocessable', message: string) =>
  new CatalogueError(kind, `code ${message}`, [{ path: `${at}.code`, message }] satisfies FieldError[]);

/**
 * Checks in the scans of one session, in order. A scan refused for its own
 * reasons (a bad code, checked in before) does not stop the others; the
 * session's state (missing, cancelled) refuses them all. `at(i)` is where
 * scan i sits in the request body, for the problems' field paths.
 */
export async function checkInScans(
  stores: Pick<Stores, 'catalogue' | 'attendance' | 'checkIns' | 'checkInCodes'>,
  eventId: string,
  sessionId: string,
  scans: readonly Scan[],
  at: (index: number) => string,
  now = new Date(),
): Promise<(CheckInResult | RefusedScan)[]> {
  const { catalogue, checkIns } = stores;
  const [event, session] = await Promise.all([requireEvent(catalogue, eventId), catalogue.getSession(eventId, sessionId, true)]);
  if (!session) throw notFound(`Session ${sessionId} of event ${eventId}`);
  if (session.status === 'cancelled') throw new CatalogueError('conflict', 'This session is cancelled; its reservations were released');
  const line: Line = { eventId, sessionId, shards: session.seatShards ?? 1 };
  // Every scan is checked before anything is read: a request of bad input reads nothing more.
  const checked = scans.map((scan, i): { error: CatalogueError } | { scan: Scan; code: string; scannedAt: string } => {
    try {
      const code = normalizeCode(scan.code);
      if (!code) throw codeError(at(i), 'invalid', 'is not a check-in code: 12 letters and digits, as XXXX-XXXX-XXXX');
      return { scan, code, scannedAt: scanTime(scan.scannedAt, session, event.timezone, now, at(i)) };
    } catch (error) {
      if (error instanceof CatalogueError) return { error };
      throw error;
    }
  });
  let holders: SeatHolder[] | undefined;
  const results: (CheckInResult | RefusedScan)[] = [];
  for (const [i, item] of checked.entries()) {
    if ('error' in item) {
      results.push({ error: item.error });
      continue;
    }
    holders ??= await checkIns.seatHolders(line);
    results.push(await checkInOne(stores, line, holders, { ...item.scan, code: item.code, scannedAt: item.scannedAt }, at(i), now));
  }
  return results;
}

async function checkInOne(stores: Pick<Stores, 'attendance' | 'checkIns' | 'checkInCodes'>, line: Line, holders: SeatHolder[], scan: Scan & { scannedAt: string }, at: string, now: Date): Promise<CheckInResult | RefusedScan> {
  const { attendance, checkIns, checkInCodes } = stores;
  const { eventId, sessionId } = line;
  const subject = (attendeeId: string) => ({ eventId, sessionId, attendeeId });
  const seat = holders.find((h) => checkInCodes.names(scan.code, subject(h.attendeeId)));
  if (!seat) {
    const released = (await checkIns.releasedAttendees(line)).some((a) => checkInCodes.names(scan.code, subject(a)));
    if (released) return { error: new CatalogueError('conflict', 'This reservation was released: it holds no seat any more', [{ path: `${at}.code`, message: 'is of a released reservation' }]) };
    return { error: codeError(at, 'unprocessable', 'is not the code of a confirmed reservation of this session (another session’s, or a cancelled reservation’s)') };
  }
  const view = (holder: SeatHolder): CheckInView => ({
    eventId,
    sessionId,
    attendeeId: holder.attendeeId,
    checkedInAt: holder.checkedInAt!,
    scannedAt: holder.scannedAt!,
    ...(holder.scanId ? { scanId: holder.scanId } : {}),
  });
  const already = (holder: SeatHolder): CheckInResult | RefusedScan =>
    scan.scanId !== undefined && holder.scanId === scan.scanId
      ? { outcome: 'replayed', checkIn: view(holder) }
      : {
          error: new CatalogueError('conflict', `Already checked in at ${holder.checkedInAt} (scanned at ${holder.scannedAt})`, [{ path: `${at}.code`, message: `was checked in at ${holder.checkedInAt}` }]),
          checkedInAt: holder.checkedInAt!,
        };
  if (seat.checkedInAt) return already(seat);
  const reservation = await attendance.getReservation(seat.attendeeId, eventId, sessionId);
  if (!reservation || reservation.status !== 'confirmed') return { error: codeError(at, 'unprocessable', 'is of a reservation that holds no seat any more') };
  if (!checkInCodes.isOf(scan.code, subject(seat.attendeeId), reservation.createdAt)) {
    return { error: codeError(at, 'unprocessable', 'is of an earlier reservation of this attendee: show the current one') };
  }
  const record = { checkedInAt: now.toISOString(), scannedAt: scan.scannedAt, scanId: scan.scanId };
  const outcome = await checkIns.checkIn(line, seat, reservation.createdAt, record);
  if (outcome === 'applied') return { outcome: 'created', checkIn: view({ ...seat, ...record }) };
  if (outcome === 'checked-in') return already((await checkIns.getSeatHolder(line, seat.shard, seat.attendeeId))!);
  return { error: codeError(at, 'unprocessable', 'is of a reservation that holds no seat any more') };
}

/** A reservation as its attendee reads it: a confirmed one with the code to show at the door. */
export function withCheckInCode<T extends { eventId: string; sessionId: string; status: string; createdAt: string }>(
  stores: Pick<Stores, 'checkInCodes'>,
  attendeeId: string,
  view: T,
): T & { checkInCode?: string } {
  if (view.status !== 'confirmed') return view;
  return { ...view, checkInCode: stores.checkInCodes.codeOf({ eventId: view.eventId, sessionId: view.sessionId, attendeeId }, view.createdAt) };
}
