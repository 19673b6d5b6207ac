/**
 * The organisers' console, in the same page, for admins and an event's
 * organisers (`#/console`, `#/console/{eventId}/{section}`). It loads as a
 * chunk of its own, so attendees never download it. The API decides what
 * a caller may do; the console only offers it.
 */
import { currentUser, isStaff, mayOrganise } from '../auth';
import { get } from '../api';
import { h, heading, replace } from '../dom';
import { href, signInHref, type Route } from '../router';
import type { CatalogueEvent } from '../types';
import { ct } from './words';
import { consoleEvents } from './console-events';
import { consoleSessions } from './console-sessions';
import { sessionForm } from './session-form';
import { consoleImport } from './console-import';
import { consoleDoor } from './console-door';
import { consoleWebhooks } from './console-webhooks';
import { consoleEvent } from './console-event';
import { consoleSpeakers } from './console-speakers';
import { consoleTimetable } from './console-timetable';
import { consoleReviews } from './console-reviews';

const SECTIONS = ['sessions', 'timetable', 'speakers', 'reviews', 'import', 'door', 'webhooks', 'event'] as const;
type Section = (typeof SECTIONS)[number];

export async function consolePage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const user = currentUser();
  document.title = `${ct('console.title')}`;
  if (!isStaff(user)) {
    replace(main, heading(ct('console.title')), h('p', null, ct('console.staffOnly'), ' ', h('a', { href: signInHref() }, ct('console.signIn'))));
    return;
  }
  const [, eventId, section = 'sessions', itemId] = route.path;
  if (!eventId) return consoleEvents(main, user!, signal);
  if (!mayOrganise(user, eventId)) {
    replace(main, heading(ct('console.title')), h('p', { class: 'message error' }, ct('console.notYours', { event: eventId })));
    return;
  }
  const event = await get<CatalogueEvent>(`/events/${encodeURIComponent(eventId)}`, signal);
  const shown: Section = (SECTIONS as readonly string[]).includes(section) ? (section as Section) : 'sessions';
  const nav = h('nav', { class: 'console-nav', 'aria-label': ct('console.sections') },
    SECTIONS.map((name) => h('a', { href: href(['console', eventId, name]), ...(name === shown ? { 'aria-current': 'page' } : {}) }, ct(`console.section.${name}`))),
    h('a', { href: href(['e', eventId]), class: 'public-link' }, ct('console.publicPage')));
  const body = h('div', { class: 'console-body' });
  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: href(['console']) }, ct('console.title'))),
    heading(event.name),
    nav,
    body);
  document.title = `${ct(`console.section.${shown}`)} · ${event.name} · ${ct('console.title')}`;
  if (shown === 'sessions' && itemId) return sessionForm(body, event, itemId === 'new' ? undefined : itemId, route.query, signal);
  if (shown === 'sessions') return consoleSessions(body, event, signal);
  if (shown === 'timetable') return consoleTimetable(body, event, route.query, signal);
  if (shown === 'speakers') return consoleSpeakers(body, event, itemId, signal);
  if (shown === 'reviews') return consoleReviews(body, event, signal);
  if (shown === 'import') return consoleImport(body, event, signal);
  if (shown === 'door') return consoleDoor(body, event, signal);
  if (shown === 'webhooks') return consoleWebhooks(body, event, signal);
  return consoleEvent(body, event, signal);
}
