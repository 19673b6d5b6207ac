/**
 * What travels over the live channel (docs/api.md "Live channel"). A page
 * sends one kind of message, `subscribe`, naming every session on its screen
 * (and, signed in, its token: an attendee's for their own notices, an
 * organiser's for the check-in counts of their events' sessions); the server
 * pushes the others. A `subscribe` replaces what the socket followed before.
 * The page's web/src/live.ts takes its types from here.
 */
import * as z from 'zod/mini';
import { slug } from '../domain/schemas';
import type { PollView } from '../engagement/polls';
import type { AttendanceCounts } from '../attendance/rosters';
import { MAX_SUBSCRIBED_SESSIONS } from './limits';

export const subscribeMessage = z.strictObject({
  action: z.literal('subscribe'),
  sessions: z.array(z.strictObject({ eventId: slug(), sessionId: slug() })).check(z.maxLength(MAX_SUBSCRIBED_SESSIONS, `at most ${MAX_SUBSCRIBED_SESSIONS} sessions`)),
  /** An attendee's access token: their own notices (a promotion) come too; an organiser's (staff pool): the `checkIns` of their events' sessions. */
  token: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
});

export type SubscribeMessage = z.infer<typeof subscribeMessage>;

/** A session's seats as everyone may see them. */
export interface SeatCounts {
  capacity: number | null;
  taken: number;
  waitlisted: number;
}

export type LiveMessage =
  | { type: 'subscribed'; sessions: number; attendee: boolean; checkIns: number }
  | { type: 'error'; detail: string; field?: string }
  | { type: 'poll'; eventId: string; sessionId: string; poll: PollView }
  | { type: 'seats'; eventId: string; sessionId: string; seats: SeatCounts }
  /** As GET /events/{e}/check-ins counts them: organisers' only, never public. */
  | { type: 'checkIns'; eventId: string; sessionId: string; counts: AttendanceCounts }
  | { type: 'session'; eventId: string; sessionId: string; status: string }
  | { type: 'promoted'; eventId: string; sessionId: string; title: string; at: string };
