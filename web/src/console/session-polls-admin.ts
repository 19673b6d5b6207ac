/**
 * A session's polls as its organisers run them: open a poll (a question and
 * 2 to 10 options), watch the votes come in, close it. The counts refresh
 * every few seconds while the form is open (an unchanged list answers 304).
 */
import { api, get } from '../api';
import { field, h, replace } from '../dom';
import { act, messageArea } from '../status';
import type { Page, Poll } from '../types';
import { sessionUrl } from './console-sessions';
import { ct } from './words';

const REFRESH_MS = 5_000;

export function pollsAdmin(eventId: string, sessionId: string, signal: AbortSignal): HTMLElement {
  const pollsUrl = `${sessionUrl(eventId, sessionId)}/polls`;
  const list = h('div', { class: 'polls-admin' });
  const message = messageArea();

  const draw = (polls: Poll[]) =>
    replace(list, polls.length === 0 ? h('p', { class: 'hint' }, ct('polls.none')) : polls.map((poll) => {
      const close = h('button', { type: 'button', class: 'secondary small' }, ct('polls.close'));
      close.addEventListener('click', () => void act(close, message, async () => {
        await api('PATCH', `${pollsUrl}/${encodeURIComponent(poll.id)}`, { body: { closed: true } });
        await load();
        return ct('polls.closed');
      }));
      return h('article', { class: 'poll-admin', 'data-poll': poll.id },
        h('h3', null, poll.question, ' ', h('span', { class: 'badge' }, poll.closed ? ct('polls.isClosed') : ct('polls.isOpen'))),
        h('ul', { class: 'plain-list' }, poll.options.map((option) => h('li', null, `${option.text}: `, h('strong', null, ct('polls.votes', { count: option.votes }))))),
        h('p', { class: 'hint' }, ct('polls.total', { count: poll.total })),
        poll.closed ? null : close);
    }));

  async function load(): Promise<void> {
    draw((await get<Page<Poll>>(`${pollsUrl}?limit=100`, signal)).items);
  }

  const question = h('input', { name: 'question', required: true, 'data-path': 'body.question' });
  const options = h('textarea', { name: 'options', rows: 4, required: true, 'data-path': 'body.options' });
  const open = h('button', { type: 'submit' }, ct('polls.open'));
  const form = h('form', { class: 'console-form' },
    field(ct('polls.question'), question),
    field(ct('polls.options'), options, h('span', { class: 'hint' }, ct('polls.optionsHint'))),
    h('div', { class: 'actions' }, open));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(open, message, async () => {
      await api('POST', pollsUrl, { body: { question: question.value.trim(), options: options.value.split('\n').map((s) => s.trim()).filter(Boolean) } });
      question.value = '';
      options.value = '';
      await load();
      return ct('polls.opened');
    }, form);
  });

  const timer = setInterval(() => document.visibilityState === 'visible' && void load().catch(() => undefined), REFRESH_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
  void load().catch(() => undefined);
  return h('section', { class: 'panel' }, h('h2', null, ct('polls.heading')), list, message, h('h3', null, ct('polls.new')), form);
}
