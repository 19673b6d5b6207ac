/**
 * A list of reviews to moderate, shared by a session's reviews panel
 * (./session-reviews-admin.ts) and the event's reviews (./console-reviews.ts):
 * newest first, a page at a time ("more" follows the API's cursor), each
 * with a hide button. Hiding asks first; the review's row goes.
 */
import { h, hidden, type Child } from '../dom';
import { when } from '../format';
import { hideReview, reviewLines } from '../review-parts';
import { act, messageArea } from '../status';
import type { Review } from '../types';
import { ct } from './words';

/** Reviews a page: a phone's screen or two. */
export const REVIEWS_PAGE = 10;

export interface ModerationList {
  readonly element: HTMLElement;
  /** Reads the first page again. */
  reload(): Promise<void>;
}

export function moderationList<R extends Review>(options: {
  eventId: string;
  sessionOf: (review: R) => string;
  /** A page of reviews from `after` (the first when null). */
  read: (after: string | null) => Promise<{ items: R[]; nextCursor: string | null }>;
  /** What goes above the review's lines (the event's list names the session). */
  about?: (review: R) => Child;
  /** After a review is hidden (the session's panel reads its summary again). */
  hidden?: () => Promise<void>;
  /** Said when there is none (the session's panel has its summary say it). */
  empty?: string;
}): ModerationList {
  const list = h('ul', { class: 'reviews reviews-admin' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, ct('reviews.more'));
  const message = messageArea();
  let cursor: string | null = null;

  async function load(after: string | null): Promise<void> {
    const page = await options.read(after);
    if (!after) list.replaceChildren();
    if (!after && page.items.length === 0 && options.empty) list.append(h('li', { class: 'hint' }, options.empty));
    list.append(...page.items.map(row));
    cursor = page.nextCursor;
    more.hidden = cursor === null;
  }

  function row(review: R): HTMLElement {
    const hide = h('button', { type: 'button', class: 'secondary small' }, ct('reviews.hide'), hidden(` ${when(review.updatedAt)}`));
    const item = h('li', { 'data-review': review.id }, h('div', { class: 'review-body' }, options.about?.(review), reviewLines(review)), hide);
    hide.addEventListener('click', () => {
      if (!confirm(ct('reviews.hideConfirm', { stars: review.rating, text: review.text || ct('reviews.noText') }))) return;
      void act(hide, message, async () => {
        await hideReview(options.eventId, options.sessionOf(review), review.id);
        item.remove();
        await options.hidden?.();
        return ct('reviews.hidden');
      });
    });
    return item;
  }

  more.addEventListener('click', () => void act(more, message, async () => (await load(cursor), '')));
  return { element: h('div', { class: 'moderation' }, list, h('div', { class: 'actions' }, more), message), reload: () => load(null) };
}
