/**
 * Reviews of a session: the summary (average and how the stars spread), the
 * latest reviews, and the attendee's own review form (one per attendee,
 * editable; the API opens reviews once the session has started). Reviews
 * carry no author: the attendee's own is recognised by its id.
 */
import { api, get } from './api';
import { currentAttendee, currentUser, mayOrganise } from './auth';
import { field, h, hidden, replace } from './dom';
import { when } from './format';
import { t } from './i18n';
import { hideReview, reviewLines, reviewSummary, reviewsUrl } from './review-parts';
import { signInHref } from './router';
import { act, messageArea } from './status';
import type { Review, ReviewPage } from './types';

export function reviewsSection(eventId: string, sessionId: string, signal: AbortSignal): HTMLElement {
  const reviewsPath = reviewsUrl(eventId, sessionId);
  const summary = h('div', { class: 'review-summary' });
  const list = h('ul', { class: 'reviews' });
  const message = messageArea();
  const user = currentUser();
  const attendee = currentAttendee();
  const form = attendee ? reviewForm() : undefined;
  let myReviewId: string | undefined;

  async function load(): Promise<Review[]> {
    const page = await get<ReviewPage>(`${reviewsPath}?limit=25`, signal);
    replace(summary, reviewSummary(page.summary));
    list.replaceChildren(...page.items.map(reviewItem));
    return page.items;
  }

  function reviewItem(review: Review): HTMLElement {
    const mine = review.id === myReviewId;
    const item = h('li', { class: mine ? 'mine' : null }, reviewLines(review, mine ? h('span', { class: 'who' }, t('reviews.mine')) : undefined));
    if (mayOrganise(user, eventId)) {
      const hide = h('button', { type: 'button', class: 'secondary small' }, t('reviews.hide'), hidden(` ${when(review.updatedAt)}`));
      hide.addEventListener('click', () =>
        act(hide, message, async () => {
          await hideReview(eventId, sessionId, review.id);
          await load();
          return t('reviews.hidden');
        }),
      );
      item.append(hide);
    }
    return item;
  }

  function reviewForm(): HTMLFormElement {
    const text = h('textarea', { name: 'text', rows: 3, maxlength: 2000, 'data-path': 'body.text' });
    const submit = h('button', { type: 'submit' }, t('reviews.submit'));
    const title = h('h3', { id: 'review-form-heading' }, t('reviews.write'));
    const formElement = h('form', { class: 'review-form', 'aria-labelledby': 'review-form-heading' },
      title,
      h('fieldset', { class: 'rating', 'data-path': 'body.rating' },
        h('legend', null, t('reviews.rating')),
        [1, 2, 3, 4, 5].map((n) => h('label', null, h('input', { type: 'radio', name: 'rating', value: n, required: true }), h('span', { 'aria-hidden': 'true' }, '★'.repeat(n)), hidden(t('reviews.stars', { count: n }))))),
      field(t('reviews.text'), text),
      submit);
    formElement.addEventListener('submit', (e) => {
      e.preventDefault();
      const data = new FormData(formElement);
      void act(submit, message, async () => {
        const saved = await api<Review>('PUT', `${reviewsPath}/me`, { body: { rating: Number(data.get('rating')), text: String(data.get('text') ?? '') } });
        myReviewId = saved.id;
        await load();
        title.textContent = t('reviews.edit');
        return t('reviews.saved');
      }, formElement);
    });
    return formElement;
  }

  /** Puts the attendee's existing review into the form, so writing again edits it. */
  async function prefill(): Promise<void> {
    if (!form) return;
    const mine = await api<Review>('GET', `${reviewsPath}/me`).catch(() => undefined);
    if (!mine) return;
    myReviewId = mine.id;
    form.querySelector<HTMLInputElement>(`input[name=rating][value="${mine.rating}"]`)!.checked = true;
    form.querySelector('textarea')!.value = mine.text;
    form.querySelector('h3')!.textContent = t('reviews.edit');
  }

  // The attendee's own review first, so the list can mark it.
  prefill().then(load).catch(() => undefined);
  return h('section', { class: 'panel', 'aria-labelledby': 'reviews-heading' },
    h('h2', { id: 'reviews-heading' }, t('reviews.heading')),
    summary,
    list,
    form ?? h('p', null, h('a', { href: signInHref() }, t('auth.signIn')), ' — ', t('signIn.needed')),
    message);
}
