/**
 * What the public session page (./session-reviews.ts) and the organisers'
 * console (./console/session-reviews-admin.ts) both show of reviews: the
 * stars, the summary with its histogram, one review's head and text; and
 * the moderators' one write, hiding a review.
 */
import { api } from './api';
import { h, type Child } from './dom';
import { when } from './format';
import { locale, t } from './i18n';
import type { Review, ReviewPage } from './types';

export const reviewsUrl = (eventId: string, sessionId: string) => `/events/${encodeURIComponent(eventId)}/sessions/${encodeURIComponent(sessionId)}/reviews`;

export const stars = (rating: number) => h('span', { class: 'stars', role: 'img', 'aria-label': t('reviews.stars', { count: rating }) }, '★'.repeat(rating) + '☆'.repeat(5 - rating));

/** The average and count, and how the stars spread (a bar a number of stars). */
export function reviewSummary({ count, average, histogram }: ReviewPage['summary']): Child[] {
  if (count === 0) return [h('p', null, t('reviews.none'))];
  return [
    h('p', { class: 'average' }, t('reviews.summary', { average: (average ?? 0).toLocaleString(locale(), { maximumFractionDigits: 1 }), count })),
    h('ul', { class: 'histogram', 'aria-label': t('reviews.histogram') },
      (['5', '4', '3', '2', '1'] as const).map((star) =>
        h('li', null, stars(Number(star)), h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width: ${(histogram[star] / count) * 100}%` })), String(histogram[star])))),
  ];
}

/** A review's rating and time (after `marker`, if any), then its text. */
export const reviewLines = (review: Review, marker?: Child): Child[] => [
  h('p', { class: 'review-head' }, stars(review.rating), ' ', marker ? [marker, ' · '] : null, h('time', { datetime: review.updatedAt }, when(review.updatedAt))),
  review.text ? h('p', null, review.text) : null,
];

/** Hides a review (organisers and admins): it leaves the public list and the summary. */
export const hideReview = (eventId: string, sessionId: string, reviewId: string) => api('DELETE', `${reviewsUrl(eventId, sessionId)}/${encodeURIComponent(reviewId)}`);
