/**
 * Reviews: one per attendee per session, editable, open once the session has
 * started; admins hide them by the review's own id. The author is never shown.
 */
import { randomBytes } from 'node:crypto';
import type { eventReview, Parsed, reviewInput, review as reviewSchema, reviewSummary } from '../domain/schemas';
import { CatalogueError, notFound } from '../domain/errors';
import type { CatalogueStore } from '../store/catalogue-store';
import type { EngagementStore, ReviewItem, ReviewSummaryItem } from '../store/engagement-store';
import type { Page, PageRequest } from '../store/query-page';

export const reviewView = (item: ReviewItem): Parsed<typeof reviewSchema> => ({
  id: item.reviewId,
  rating: item.rating,
  text: item.text,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
});

export function summaryView(item: ReviewSummaryItem | undefined): Parsed<typeof reviewSummary> {
  const count = item?.count ?? 0;
  const histogram = Object.fromEntries([1, 2, 3, 4, 5].map((stars) => [String(stars), item?.[`stars${stars}`] ?? 0])) as Record<
    '1' | '2' | '3' | '4' | '5',
    number
  >;
  return { count, average: count > 0 ? Math.round(((item?.sum ?? 0) / count) * 100) / 100 : null, histogram };
}

/** Writes the caller's review of a session: created the first time, edited after. */
export async function writeReview(
  catalogue: CatalogueStore,
  engagement: EngagementStore,
  eventId: string,
  sessionId: string,
  attendeeId: string,
  input: Parsed<typeof reviewInput>,
  now = new Date(),
): Promise<{ review: ReviewItem; created: boolean }> {
  const session = await catalogue.getSession(eventId, sessionId, true);
  if (!session) throw notFound(`Session ${sessionId} of event ${eventId}`);
  if (!session.startsAt || Date.parse(session.startsAt) > now.getTime()) {
    throw new CatalogueError('conflict', session.startsAt ? `Reviews open when the session starts, at ${session.startsAt}` : 'Reviews open once the session is scheduled and has started');
  }
  for (let attempt = 0; attempt < 12; attempt++) {
    const previous = await engagement.getReviewBy(eventId, sessionId, attendeeId);
    if (previous && previous.rating === input.rating && previous.text === input.text) return { review: previous, created: false };
    const next: ReviewItem = {
      eventId,
      sessionId,
      // 128 random bits: unguessable, and unrelated to the author or to their other reviews.
      reviewId: previous?.reviewId ?? randomBytes(16).toString('hex'),
      attendeeId,
      rating: input.rating,
      text: input.text,
      createdAt: previous?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      version: (previous?.version ?? 0) + 1,
      // A hidden review stays hidden when its author edits it.
      ...(previous?.hidden ? { hidden: true } : {}),
    };
    const outcome = await engagement.saveReview(next, previous);
    if (outcome === 'applied') return { review: next, created: !previous };
    if (outcome === 'missing') throw notFound(`Session ${sessionId} of event ${eventId}`);
    await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
  }
  throw new CatalogueError('unavailable', 'Too many changes at once; try again in a moment');
}

/** Hides a review: it leaves the list and the summary. Hiding it again changes nothing. */
export async function hideReview(engagement: EngagementStore, eventId: string, sessionId: string, reviewId: string): Promise<void> {
  for (let attempt = 0; attempt < 12; attempt++) {
    const previous = await engagement.getReview(eventId, sessionId, reviewId);
    if (!previous) throw notFound(`Review ${reviewId}`);
    if (previous.hidden) return;
    const outcome = await engagement.saveReview({ ...previous, hidden: true, version: previous.version + 1 }, previous);
    if (outcome === 'applied') return;
    if (outcome === 'missing') throw notFound(`Session ${sessionId} of event ${eventId}`);
  }
  throw new CatalogueError('unavailable', 'Too many changes at once; try again in a moment');
}

/**
 * The event's visible reviews across its sessions, newest first, each with
 * its session's id and title (for moderators): one Query, then one
 * BatchGetItem of the page's sessions. A review of a session deleted a moment
 * ago (its cleanup still under way) is left out: there is nothing to go to.
 */
export async function listEventReviews(
  catalogue: CatalogueStore,
  engagement: EngagementStore,
  eventId: string,
  page: PageRequest,
): Promise<Page<Parsed<typeof eventReview>>> {
  const [event, reviews] = await Promise.all([catalogue.getEvent(eventId), engagement.listEventReviews(eventId, page)]);
  if (!event) throw notFound(`Event ${eventId}`);
  const sessions = new Map((await catalogue.getSessions([...new Set(reviews.items.map((r) => r.sessionId))].map((sessionId) => ({ eventId, sessionId })))).map((s) => [s.id, s]));
  return {
    items: reviews.items.flatMap((r) => {
      const session = sessions.get(r.sessionId);
      return session ? [{ ...reviewView(r), sessionId: r.sessionId, sessionTitle: session.title }] : [];
    }),
    nextCursor: reviews.nextCursor,
  };
}
