/**
 * The console's first screen: the events the signed-in organiser runs (an
 * admin: every event), and for an admin a form for a new one (only admins
 * create events; an organiser named for an event not made yet is told so).
 */
import { api, getAll } from '../api';
import { isAdmin, mayOrganise, type User } from '../auth';
import { field, h, heading, replace } from '../dom';
import { href } from '../router';
import { act, messageArea } from '../status';
import type { CatalogueEvent } from '../types';
import { ct } from './words';

const list = (text: string) => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

export async function consoleEvents(main: HTMLElement, user: User, signal: AbortSignal): Promise<void> {
  const { items } = await getAll<CatalogueEvent>('/events', signal);
  const mine = items.filter((event) => mayOrganise(user, event.id));
  // Events named in the organiser's rights that no admin has made yet.
  const named = user.groups.flatMap((g) => (g.startsWith('organiser:') ? [g.slice('organiser:'.length)] : [])).filter((id) => !items.some((e) => e.id === id));

  const id = h('input', { name: 'id', required: true, autocapitalize: 'none', spellcheck: 'false', 'data-path': 'path.eventId' });
  const name = h('input', { name: 'name', required: true, 'data-path': 'body.name' });
  const venue = h('input', { name: 'venue', 'data-path': 'body.venue' });
  const timezone = h('input', { name: 'timezone', required: true, value: 'Asia/Seoul', 'data-path': 'body.timezone' });
  const days = h('input', { name: 'days', placeholder: '2024-05-16, 2024-05-17', 'data-path': 'body.days' });
  const tracks = h('textarea', { name: 'tracks', rows: 3, 'data-path': 'body.tracks' });
  const submit = h('button', { type: 'submit' }, ct('events.create'));
  const message = messageArea();
  const form = h('form', { class: 'console-form' },
    field(ct('events.id'), id, h('span', { class: 'hint' }, ct('events.idHint'))),
    field(ct('events.name'), name),
    field(ct('events.venue'), venue),
    field(ct('events.timezone'), timezone),
    field(ct('events.days'), days, h('span', { class: 'hint' }, ct('events.daysHint'))),
    field(ct('events.tracks'), tracks, h('span', { class: 'hint' }, ct('events.tracksHint'))),
    h('div', { class: 'actions' }, submit), message);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void act(submit, message, async () => {
      const eventId = id.value.trim().toLowerCase();
      const body = {
        name: name.value.trim(),
        ...(venue.value.trim() ? { venue: venue.value.trim() } : {}),
        timezone: timezone.value.trim(),
        days: list(days.value).map((date) => ({ date })),
        tracks: list(tracks.value),
      };
      // A new event only: this form never overwrites one (the event's own page edits it).
      if (items.some((event) => event.id === eventId)) throw new Error(ct('events.exists', { event: eventId }));
      await api('PUT', `/events/${encodeURIComponent(eventId)}`, { body });
      location.hash = href(['console', eventId, 'import']);
      return ct('events.created');
    }, form);
  });

  replace(main,
    heading(ct('console.title')),
    h('h2', null, ct('events.mine')),
    mine.length === 0
      ? h('p', { class: 'hint' }, ct('events.none'))
      : h('ul', { class: 'plain-list' }, mine.map((event) => h('li', null, h('a', { href: href(['console', event.id]) }, event.name), h('span', { class: 'hint' }, event.id)))),
    named.length > 0 ? h('p', { class: 'hint' }, ct('events.notYet', { events: named.join(', ') })) : null,
    isAdmin(user) ? [h('h2', null, ct('events.new')), form] : null);
}
