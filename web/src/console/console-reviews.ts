/**
 * The event's latest reviews across all its sessions (`#/console/{e}/reviews`),
 * newest first, each under its session's title (linked to the session's
 * console page), to hide (./review-moderation.ts). Read past the HTTP cache.
 */
import { getFresh } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import type { CatalogueEvent, EventReviewPage } from '../types';
import { moderationList, REVIEWS_PAGE } from './review-moderation';
import { ct } from './words';

export function consoleReviews(body: HTMLElement, event: CatalogueEvent, signal: AbortSignal): Promise<void> {
  const url = `/events/${encodeURIComponent(event.id)}/reviews?limit=${REVIEWS_PAGE}`;
  const moderation = moderationList<EventReviewPage['items'][number]>({
    eventId: event.id,
    sessionOf: (review) => review.sessionId,
    read: (after) => getFresh<EventReviewPage>(after ? `${url}&cursor=${encodeURIComponent(after)}` : url, signal),
    about: (review) => h('p', { class: 'review-session' }, h('a', { href: href(['console', event.id, 'sessions', review.sessionId]) }, review.sessionTitle)),
    empty: ct('reviews.eventNone'),
  });
  replace(body, h('p', { class: 'hint' }, ct('reviews.eventLede')), moderation.element);
  return moderation.reload();
}
