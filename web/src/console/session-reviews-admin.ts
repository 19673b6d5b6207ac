/**
 * A session's reviews as its organisers moderate them: the summary, then the
 * visible reviews newest first, a page at a time ("more" follows the API's
 * cursor), each with a hide button. Hiding asks first; the review's row
 * goes and the summary is read again (the server's counts, not a guess).
 * Read past the HTTP cache: a moderator must see what is there now.
 */
import { getFresh } from '../api';
import { h, hidden, replace } from '../dom';
import { when } from '../format';
import { hideReview, reviewLines, reviewSummary, reviewsUrl } from '../review-parts';
import { act, messageArea } from '../status';
import type { Review, ReviewPage } from '../types';
import { ct } from './words';

/** Reviews a page: a phone's screen or two. */
const PAGE = 10;

export function reviewsAdmin(eventId: string, sessionId: string, signal: AbortSignal): HTMLElement {
  const summary = h('div', { class: 'review-summary' });
  const list = h('ul', { class: 'reviews reviews-admin' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, ct('reviews.more'));
  const message = messageArea();
  let cursor: string | null = null;

  const read = (after: string | null, limit = PAGE) =>
    getFresh<ReviewPage>(`${reviewsUrl(eventId, sessionId)}?limit=${limit}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`, signal);

  /** One page more (the first when `after` is null); the summary comes with every page. */
  async function load(after: string | null): Promise<void> {
    const page = await read(after);
    replace(summary, reviewSummary(page.summary));
    if (!after) list.replaceChildren();
    list.append(...page.items.map(row));
    cursor = page.nextCursor;
    more.hidden = cursor === null;
  }

  function row(review: Review): HTMLElement {
    const hide = h('button', { type: 'button', class: 'secondary small danger' }, ct('reviews.hide'), hidden(` ${when(review.updatedAt)}`));
    const item = h('li', { 'data-review': review.id }, h('div', { class: 'review-body' }, reviewLines(review)), hide);
    hide.addEventListener('click', () => {
      if (!confirm(ct('reviews.hideConfirm', { stars: review.rating, text: review.text || ct('reviews.noText') }))) return;
      void act(hide, message, async () => {
        await hideReview(eventId, sessionId, review.id);
        item.remove();
        replace(summary, reviewSummary((await read(null, 1)).summary));
        return ct('reviews.hidden');
      });
    });
    return item;
  }

  more.addEventListener('click', () => void act(more, message, async () => (await load(cursor), '')));
  void load(null).catch(() => undefined);
  return h('section', { class: 'panel', 'aria-labelledby': 'reviews-admin-heading' },
    h('h2', { id: 'reviews-admin-heading' }, ct('reviews.heading')),
    summary, list, h('div', { class: 'actions' }, more), message);
}
