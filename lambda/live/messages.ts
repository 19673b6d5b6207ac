/**
 * What travels over the live channel (docs/api.md "Live channel"). A page
 * sends one kind of message, `subscribe`, naming every session on its screen
 * (and, signed in, its token, for its own notices); the server pushes the
 * others. A `subscribe` replaces what the socket followed before.
 */
import * as z from 'zod/mini';
import { slug } from '../domain/schemas';
import type { PollView } from '../engagement/polls';

/** A screen shows at most this many sessions' live parts (the session page one; an agenda a day's). */
export const MAX_SUBSCRIBED_SESSIONS = 100;

export const subscribeMessage = z.strictObject({
  action: z.literal('subscribe'),
  sessions: z.array(z.strictObject({ eventId: slug(), sessionId: slug() })).check(z.maxLength(MAX_SUBSCRIBED_SESSIONS, `at most ${MAX_SUBSCRIBED_SESSIONS} sessions`)),
  /** The attendee's access token: their own notices (a promotion) come too. */
  token: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
});

export type SubscribeMessage = z.infer<typeof subscribeMessage>;

export type LiveMessage =
  | { type: 'subscribed'; sessions: number; attendee: boolean }
  | { type: 'error'; detail: string; field?: string }
  | { type: 'poll'; eventId: string; sessionId: string; poll: PollView }
  | { type: 'seats'; eventId: string; sessionId: string; seats: { capacity: number | null; taken: number; waitlisted: number } }
  | { type: 'session'; eventId: string; sessionId: string; status: string }
  | { type: 'promoted'; eventId: string; sessionId: string; title: string; at: string };
