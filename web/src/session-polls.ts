/**
 * A session's live polls: counts arrive over the live channel as votes are
 * cast (./live.ts), read again after a reconnect, and polled every few
 * seconds only while the socket cannot open (cheap: an unchanged list
 * answers 304); the attendee votes with one press. The caller's own choice
 * comes from GET …/vote, asked once per poll and updated when they vote.
 */
import { api, describeError, get } from './api';
import { currentAttendee } from './auth';
import { h, replaceKeepingFocus } from './dom';
import { t } from './i18n';
import { signInHref } from './router';
import { act, messageArea } from './status';
import type { Page, Poll } from './types';
import { pollUnlessLive, watchSession, type LiveMode } from './live';


export function pollsSection(eventId: string, sessionId: string, signal: AbortSignal): HTMLElement {
  const pollsPath = `/events/${encodeURIComponent(eventId)}/sessions/${encodeURIComponent(sessionId)}/polls`;
  const body = h('div', { 'aria-busy': 'true' });
  const message = messageArea();
  const liveState = h('p', { class: 'hint live-state' });
  const section = h('section', { class: 'panel', 'aria-labelledby': 'polls-heading' }, h('h2', { id: 'polls-heading' }, t('polls.heading')), liveState, body, message);
  let shown: Poll[] = [];

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

  /** A poll pushed over the live channel: its new counts, or a new poll. */
  function pushed(poll: Poll): void {
    const at = shown.findIndex((p) => p.id === poll.id);
    render(at < 0 ? [...shown, poll] : shown.map((p, i) => (i === at ? poll : p)));
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
    shown = polls;
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
  const poll = pollUnlessLive(load, signal);
  watchSession(eventId, sessionId, {
    message: (pushedMessage) => pushedMessage.type === 'poll' && pushed(pushedMessage.poll),
    resumed: () => void load().catch(() => undefined),
    mode: (mode: LiveMode) => {
      liveState.textContent = t(`live.${mode}`);
      poll(mode);
    },
  }, signal);
  return section;
}
