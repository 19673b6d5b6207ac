/**
 * A session's live polls: counts refresh every few seconds while the page is
 * visible (cheap: an unchanged list answers 304), and the attendee votes
 * with one press. The caller's own choice comes from GET …/vote, asked once
 * per poll and updated when they vote.
 */
import { api, describeError, get } from './api';
import { currentAttendee } from './auth';
import { h, replaceKeepingFocus } from './dom';
import { t } from './i18n';
import { signInHref } from './router';
import { act, messageArea } from './status';
import type { Page, Poll } from './types';

const REFRESH_MS = 10_000;


export function pollsSection(eventId: string, sessionId: string, signal: AbortSignal): HTMLElement {
  const pollsPath = `/events/${encodeURIComponent(eventId)}/sessions/${encodeURIComponent(sessionId)}/polls`;
  const body = h('div', { 'aria-busy': 'true' });
  const message = messageArea();
  const section = h('section', { class: 'panel', 'aria-labelledby': 'polls-heading' }, h('h2', { id: 'polls-heading' }, t('polls.heading')), body, message);

  /** The caller's choice per poll (undefined: not voted), asked once per poll. */
  const myVotes = new Map<string, number | undefined>();

  async function load(): Promise<void> {
    const { items } = await get<Page<Poll>>(`${pollsPath}?limit=100`, signal);
    if (currentAttendee()) {
      await Promise.all(
        items
          .filter((poll) => !myVotes.has(poll.id))
          .map(async (poll) => {
            const mine = await api<{ option: number }>('GET', `${pollsPath}/${encodeURIComponent(poll.id)}/vote`).catch(() => undefined);
            myVotes.set(poll.id, mine?.option);
          }),
      );
    }
    render(items);
  }

  function vote(button: HTMLButtonElement, poll: Poll, option: Poll['options'][number]): void {
    if (!currentAttendee()) return void (location.hash = signInHref());
    void act(button, message, async () => {
      await api('PUT', `${pollsPath}/${encodeURIComponent(poll.id)}/vote`, { body: { option: option.index } });
      myVotes.set(poll.id, option.index);
      await load();
      return t('polls.voted', { option: option.text });
    });
  }

  function render(polls: Poll[]): void {
    body.removeAttribute('aria-busy');
    replaceKeepingFocus(
      body,
      polls.length === 0 ? h('p', null, t('polls.none')) : null,
      polls.map((poll) =>
        h(
          'div',
          { class: 'poll' },
          h('h3', null, poll.question, poll.closed ? h('span', { class: 'badge' }, t('polls.closed')) : null),
          h(
            'ul',
            { class: 'options' },
            poll.options.map((option) => {
              const chosen = myVotes.get(poll.id) === option.index;
              const share = poll.total > 0 ? Math.round((option.votes / poll.total) * 100) : 0;
              const button = h('button', {
                type: 'button',
                class: 'option',
                'aria-pressed': String(chosen),
                disabled: poll.closed,
                'data-focus-key': `${poll.id}:${option.index}`,
              }, option.text, chosen ? h('span', { class: 'badge' }, t('polls.yourVote')) : null);
              button.addEventListener('click', () => vote(button, poll, option));
              return h('li', null, button,
                h('span', { class: 'votes' }, t('polls.votes', { count: option.votes })),
                h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width: ${share}%` })));
            }),
          ),
          h('p', { class: 'hint' }, t('polls.total', { count: poll.total })),
        ),
      ),
    );
  }

  load().catch((error) => !signal.aborted && body.replaceChildren(h('p', { class: 'message error' }, describeError(error))));
  const timer = setInterval(() => document.visibilityState === 'visible' && load().catch(() => undefined), REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
  return section;
}
