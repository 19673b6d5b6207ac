/**
 * A session's reviews as its organisers moderate them: the summary, then the
 * visible reviews newest first with a hide button each (./review-moderation.ts).
 * After a hide the summary is read again (the server's counts, not a guess).
 * Read past the HTTP cache: a moderator must see what is there now.
 */
import { getFresh } from '../api';
import { h, replace } from '../dom';
import { reviewSummary, reviewsUrl } from '../review-parts';
import type { ReviewPage } from '../types';
import { moderationList, REVIEWS_PAGE } from './review-moderation';
import { ct } from './words';

export function reviewsAdmin(eventId: string, sessionId: string, signal: AbortSignal): HTMLElement {
  const summary = h('div', { class: 'review-summary' });
  const read = async (after: string | null, limit = REVIEWS_PAGE) => {
    const page = await getFresh<ReviewPage>(`${reviewsUrl(eventId, sessionId)}?limit=${limit}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`, signal);
    // Every page brings the summary as it is now.
    replace(summary, reviewSummary(page.summary));
    return page;
  };
  const moderation = moderationList({ eventId, sessionOf: () => sessionId, read, hidden: async () => void (await read(null, 1)) });
  void moderation.reload().catch(() => undefined);
  return h('section', { class: 'panel', 'aria-labelledby': 'reviews-admin-heading' },
    h('h2', { id: 'reviews-admin-heading' }, ct('reviews.heading')),
    summary, moderation.element);
}
