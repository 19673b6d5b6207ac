/**
 * The console's sessions: every session of the event in time order with its
 * seats and check-ins, a filter to find one among thousands, and the way
 * into the form that creates or edits one.
 */
import { getAll } from '../api';
import { h, replace } from '../dom';
import { timeRange, dateOf, dayLabel } from '../format';
import { href } from '../router';
import type { CatalogueEvent, Session } from '../types';
import { ct } from './words';

/** Rows drawn at once: beyond it the filter narrows (a summit has thousands of sessions). */
const SHOWN = 200;

export interface CheckInCount {
  sessionId: string;
  confirmed: number;
  checkedIn: number;
  waitlisted: number;
}

export const checkInCounts = async (eventId: string, signal?: AbortSignal) =>
  new Map((await getAll<CheckInCount>(`/events/${encodeURIComponent(eventId)}/check-ins`, signal)).items.map((c) => [c.sessionId, c]));

/** A session's address in the API. */
export const sessionUrl = (eventId: string, sessionId: string) => `/events/${encodeURIComponent(eventId)}/sessions/${encodeURIComponent(sessionId)}`;

export const whenOf = (session: Session, event: CatalogueEvent) =>
  session.startsAt && session.endsAt ? `${dayLabel(dateOf(session.startsAt, event.timezone))} ${timeRange(session.startsAt, session.endsAt, event.timezone)}` : ct('sessions.unscheduled');

export async function consoleSessions(body: HTMLElement, event: CatalogueEvent, signal: AbortSignal): Promise<void> {
  const [{ items: sessions }, counts] = await Promise.all([
    getAll<Session>(`/events/${encodeURIComponent(event.id)}/sessions`, signal),
    checkInCounts(event.id, signal),
  ]);
  const filter = h('input', { type: 'search', name: 'filter', 'aria-label': ct('sessions.filter'), placeholder: ct('sessions.filter') });
  const table = h('div', { class: 'console-table-wrap' });
  const summary = h('p', { class: 'hint', role: 'status' });

  const draw = () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matching = sessions.filter((s) => words.every((w) => `${s.id} ${s.title} ${s.room ?? ''} ${s.track ?? ''}`.toLowerCase().includes(w)));
    summary.textContent = matching.length > SHOWN ? ct('sessions.countMore', { count: matching.length, shown: SHOWN }) : ct('sessions.count', { count: matching.length });
    replace(table, h('table', { class: 'console-table' },
      h('thead', null, h('tr', null, ['sessions.when', 'sessions.titleCol', 'sessions.room', 'sessions.seats', 'sessions.checkedIn', 'sessions.status'].map((key) => h('th', { scope: 'col' }, ct(key as 'sessions.when'))))),
      h('tbody', null, matching.slice(0, SHOWN).map((s) => {
        const count = counts.get(s.id);
        return h('tr', { 'data-session': s.id, class: s.status === 'cancelled' ? 'cancelled' : null },
          h('td', null, whenOf(s, event)),
          h('th', { scope: 'row' }, h('a', { href: href(['console', event.id, 'sessions', s.id]) }, s.title), h('span', { class: 'hint' }, s.id)),
          h('td', null, s.room ?? ''),
          h('td', null, s.seats.capacity === null ? `${s.seats.taken} / ∞` : `${s.seats.taken} / ${s.seats.capacity}`, s.seats.waitlisted > 0 ? h('span', { class: 'hint' }, ct('sessions.waitlisted', { count: s.seats.waitlisted })) : null),
          h('td', null, count ? `${count.checkedIn} / ${count.confirmed}` : '—'),
          h('td', null, s.status === 'cancelled' ? ct('sessions.cancelled') : ct('sessions.scheduled')));
      }))));
  };
  filter.addEventListener('input', draw);
  draw();
  replace(body,
    h('div', { class: 'actions' }, h('a', { class: 'button', href: href(['console', event.id, 'sessions', 'new']) }, ct('sessions.new')), filter),
    summary,
    table);
}
