/**
 * Releasing no-shows (docs/reservations.md, "No-shows"): a session with
 * `releaseUncheckedAfterMinutes` N gives every seat not checked in N
 * minutes after its start to the waitlist, one transaction per seat, each
 * promoting the head of the line as a cancellation does. Only seats held
 * before that deadline go (`since`): a seat given after it (to someone
 * promoted by this very release, or reserved late) is never released, so a
 * sweep repeated after a crash releases nothing twice. Run by a schedule
 * (lambda/functions/release-no-shows.ts in AWS, local/no-show-sweeper.ts
 * under npm start) with the time it is given: tests move it by hand.
 */
import type { SessionItem } from '../store/catalogue-store';
import type { NoShowLists } from '../store/no-show-lists';
import type { Stores } from '../store/stores';
import { releaseUncheckedSeat } from './reservations';

const MINUTE = 60_000;

/** When a session's unchecked seats go: N minutes after its start; undefined when it releases none. */
export function releaseDeadline(session: Pick<SessionItem, 'startsAt' | 'releaseUncheckedAfterMinutes'>): number | undefined {
  if (!session.startsAt || !session.releaseUncheckedAfterMinutes) return undefined;
  return Date.parse(session.startsAt) + session.releaseUncheckedAfterMinutes * MINUTE;
}

/** Releases a session's seats held before its deadline and not checked in; how many went. Nothing before the deadline or after the end. */
export async function releaseNoShows(stores: Pick<Stores, 'attendance' | 'checkIns'>, session: SessionItem, now: Date): Promise<number> {
  const deadline = releaseDeadline(session);
  if (deadline === undefined || session.status !== 'scheduled' || now.getTime() < deadline) return 0;
  if (session.endsAt && now.getTime() >= Date.parse(session.endsAt)) return 0;
  const before = new Date(deadline).toISOString();
  const line = { eventId: session.eventId, sessionId: session.id, shards: session.seatShards ?? 1 };
  const unchecked = (await stores.checkIns.seatHolders(line)).filter((seat) => !seat.checkedInAt && (seat.since === undefined || seat.since < before));
  let released = 0;
  for (const seat of unchecked) {
    if (await releaseUncheckedSeat(stores.attendance, seat.attendeeId, session.eventId, session.id)) released++;
  }
  return released;
}

/** How far back a sweep looks for sessions: their start within a day, their event's first day within two weeks. */
const LOOK_BACK_MS = 24 * 3600_000;
const EVENT_DAYS_BACK = 14;

/**
 * One sweep: every session that releases no-shows, started within the last
 * day and past its deadline, before its end. Found by key ranges (events by
 * first day, then each event's sessions by start); a session already swept
 * only reads its seats again.
 */
export async function sweepNoShows(stores: Pick<Stores, 'attendance' | 'checkIns'>, lists: NoShowLists, now: Date): Promise<{ sessions: number; released: number }> {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const events = await lists.eventsStartingBetween(day(now.getTime() - EVENT_DAYS_BACK * 86_400_000), day(now.getTime() + 86_400_000));
  let sessions = 0;
  let released = 0;
  for (const event of events) {
    const candidates = await lists.sessionsReleasingNoShows(event.id, new Date(now.getTime() - LOOK_BACK_MS).toISOString(), now.toISOString());
    for (const session of candidates) {
      const deadline = releaseDeadline(session);
      if (deadline === undefined || deadline > now.getTime()) continue;
      sessions++;
      released += await releaseNoShows(stores, session, now);
    }
  }
  return { sessions, released };
}
