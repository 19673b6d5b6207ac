/** Audience polls: an admin asks, attendees vote once each and may move their vote. */
import { randomBytes } from 'node:crypto';
import type { Parsed, poll as pollSchema, pollCreate } from '../domain/schemas';
import { CatalogueError, notFound } from '../domain/errors';
import { toUtcKey } from '../domain/time';
import type { EngagementStore, PollItem } from '../store/engagement-store';

export type PollView = Parsed<typeof pollSchema>;

export function pollView(item: PollItem): PollView {
  return {
    id: item.id,
    eventId: item.eventId,
    sessionId: item.sessionId,
    question: item.question,
    options: item.options.map((text, index) => ({ index, text, votes: item[`votes${index}`] ?? 0 })),
    total: item.total ?? 0,
    ...(item.closesAt ? { closesAt: item.closesAt } : {}),
    closed: item.closed || (item.closesAtUtc !== undefined && item.closesAtUtc <= new Date().toISOString()),
    createdAt: item.createdAt,
  };
}

export async function createPoll(
  engagement: EngagementStore,
  eventId: string,
  sessionId: string,
  input: Parsed<typeof pollCreate>,
): Promise<PollItem> {
  const item: PollItem = {
    eventId,
    sessionId,
    id: `p-${randomBytes(6).toString('hex')}`,
    question: input.question,
    options: input.options,
    ...(input.closesAt ? { closesAt: input.closesAt, closesAtUtc: toUtcKey(input.closesAt) } : {}),
    closed: false,
    createdAt: new Date().toISOString(),
  };
  const outcome = await engagement.createPoll(item);
  if (outcome === 'missing') throw notFound(`Session ${sessionId} of event ${eventId}`);
  return item;
}

export async function requirePoll(engagement: EngagementStore, eventId: string, sessionId: string, pollId: string): Promise<PollItem> {
  const poll = await engagement.getPoll(eventId, sessionId, pollId);
  if (!poll) throw notFound(`Poll ${pollId}`);
  return poll;
}

const ATTEMPTS = 12;

/** Votes, or moves the attendee's vote; voting for the same option again changes nothing. */
export async function castVote(
  engagement: EngagementStore,
  eventId: string,
  sessionId: string,
  pollId: string,
  attendeeId: string,
  option: number,
): Promise<{ pollId: string; option: number }> {
  const poll = await requirePoll(engagement, eventId, sessionId, pollId);
  if (option >= poll.options.length) {
    throw new CatalogueError('invalid', 'No such option', [{ path: 'body.option', message: `must be 0..${poll.options.length - 1}` }]);
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    const previous = (await engagement.getVote(eventId, sessionId, pollId, attendeeId))?.option;
    if (previous === option) return { pollId, option };
    const outcome = await engagement.castVote(poll, attendeeId, option, previous, new Date().toISOString());
    if (outcome === 'applied') return { pollId, option };
    if (outcome === 'closed') throw new CatalogueError('conflict', 'This poll is closed; it takes no more votes');
  }
  throw new CatalogueError('unavailable', 'Too many votes at once; try again in a moment');
}
