/**
 * The console's sessions: every session of the event in time order with its
 * seats and check-ins, a filter to find one among thousands, and the way
 * into the form that creates or edits one. The counts of the rows shown
 * (the first MAX_SUBSCRIBED_SESSIONS) move live: reservations, check-ins and
 * cancellations come over the live channel and change their cells in place,
 * so the table keeps its scroll and focus; while the socket is down they are
 * polled.
 */
import { getAll } from '../api';
import { h, replace } from '../dom';
import { timeRange, dateOf, dayLabel } from '../format';
import { pollUnlessLive, watchSessions, type LiveMessage } from '../live';
import { href } from '../router';
import type { CatalogueEvent, Session } from '../types';
import { MAX_SUBSCRIBED_SESSIONS } from '../../../lambda/live/limits';
import { ct } from './words';

/** Rows drawn at once: beyond it the filter narrows (a summit has thousands of sessions). */
const SHOWN = 200;
/** How long a cell that changed stays highlighted. */
const HIGHLIGHT_MS = 2_000;

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

/** Sets a cell's content; when it was drawn before and now says something else, highlights it for a moment. */
function setCell(cell: HTMLElement, ...content: (Node | string | null)[]): void {
  const before = cell.textContent;
  cell.replaceChildren(...content.filter((c): c is Node | string => c !== null));
  if (!cell.hasAttribute('data-drawn')) return cell.setAttribute('data-drawn', '');
  if (cell.textContent === before) return;
  cell.classList.remove('changed');
  void cell.offsetWidth; // restarts the highlight when it changes again while still lit
  cell.classList.add('changed');
  setTimeout(() => cell.classList.remove('changed'), HIGHLIGHT_MS);
}

export async function consoleSessions(body: HTMLElement, event: CatalogueEvent, signal: AbortSignal): Promise<void> {
  const eventPath = `/events/${encodeURIComponent(event.id)}/sessions`;
  let [{ items: sessions }, counts] = await Promise.all([getAll<Session>(eventPath, signal), checkInCounts(event.id, signal)]);
  const filter = h('input', { type: 'search', name: 'filter', 'aria-label': ct('sessions.filter'), placeholder: ct('sessions.filter') });
  const table = h('div', { class: 'console-table-wrap' });
  const summary = h('p', { class: 'hint', role: 'status' });
  const totals = h('p', { class: 'totals' });
  /** The rows drawn, by session id: what a pushed count changes. */
  let rows = new Map<string, HTMLTableRowElement>();

  const fillTotals = () => {
    const sum = (pick: (c: CheckInCount) => number) => [...counts.values()].reduce((total, c) => total + pick(c), 0);
    totals.textContent = ct('sessions.totals', { confirmed: sum((c) => c.confirmed), checkedIn: sum((c) => c.checkedIn), waitlisted: sum((c) => c.waitlisted) });
  };

  /** A row's counts and status, from the session and its check-in counts. */
  const fillRow = (row: HTMLTableRowElement, s: Session) => {
    const count = counts.get(s.id);
    const [seats, checkedIn, status] = [...row.querySelectorAll<HTMLElement>('td[data-cell]')];
    row.classList.toggle('cancelled', s.status === 'cancelled');
    setCell(seats!, s.seats.capacity === null ? `${s.seats.taken} / ∞` : `${s.seats.taken} / ${s.seats.capacity}`,
      s.seats.waitlisted > 0 ? h('span', { class: 'hint' }, ct('sessions.waitlisted', { count: s.seats.waitlisted })) : null);
    setCell(checkedIn!, count ? `${count.checkedIn} / ${count.confirmed}` : '—');
    setCell(status!, s.status === 'cancelled' ? ct('sessions.cancelled') : ct('sessions.scheduled'));
  };

  const session = (id: string) => sessions.find((s) => s.id === id);
  const refill = (id: string) => {
    const row = rows.get(id);
    const s = session(id);
    if (row && s) fillRow(row, s);
  };

  function pushed(news: LiveMessage): void {
    const s = session(news.sessionId);
    if (!s) return;
    if (news.type === 'seats') s.seats = news.seats;
    else if (news.type === 'session') s.status = news.status as Session['status'];
    else if (news.type === 'checkIns') {
      const { confirmed, checkedIn, waitlisted } = news.counts;
      counts.set(s.id, { sessionId: s.id, confirmed, checkedIn, waitlisted });
      // The same counter moved the seats: the row need not wait for the public message.
      s.seats = { ...s.seats, taken: confirmed, waitlisted };
      fillTotals();
    } else return;
    refill(s.id);
  }

  /** Reads everything again (the socket was down) and changes the cells that moved. */
  async function reload(): Promise<void> {
    [{ items: sessions }, counts] = await Promise.all([getAll<Session>(eventPath, signal), checkInCounts(event.id, signal)]);
    for (const id of rows.keys()) refill(id);
    fillTotals();
  }

  const watcher = { message: pushed, resumed: () => void reload().catch(() => undefined), mode: pollUnlessLive(reload, signal) };

  const draw = () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matching = sessions.filter((s) => words.every((w) => `${s.id} ${s.title} ${s.room ?? ''} ${s.track ?? ''}`.toLowerCase().includes(w)));
    const shown = matching.slice(0, SHOWN);
    summary.textContent = matching.length > SHOWN ? ct('sessions.countMore', { count: matching.length, shown: SHOWN }) : ct('sessions.count', { count: matching.length });
    rows = new Map(shown.map((s) => {
      const row = h('tr', { 'data-session': s.id },
        h('td', null, whenOf(s, event)),
        h('th', { scope: 'row' }, h('a', { href: href(['console', event.id, 'sessions', s.id]) }, s.title), h('span', { class: 'hint' }, s.id)),
        h('td', null, s.room ?? ''),
        h('td', { 'data-cell': 'seats' }),
        h('td', { 'data-cell': 'checked-in' }),
        h('td', { 'data-cell': 'status' })) as HTMLTableRowElement;
      fillRow(row, s);
      return [s.id, row];
    }));
    replace(table, h('table', { class: 'console-table' },
      h('thead', null, h('tr', null, ['sessions.when', 'sessions.titleCol', 'sessions.room', 'sessions.seats', 'sessions.checkedIn', 'sessions.status'].map((key) => h('th', { scope: 'col' }, ct(key as 'sessions.when'))))),
      h('tbody', null, [...rows.values()])));
    // One subscribe for the rows on screen, replacing the ones a filter took away.
    watchSessions(shown.slice(0, MAX_SUBSCRIBED_SESSIONS).map((s) => ({ eventId: event.id, sessionId: s.id })), watcher, signal);
  };
  filter.addEventListener('input', draw);
  draw();
  fillTotals();
  replace(body,
    h('div', { class: 'actions' }, h('a', { class: 'button', href: href(['console', event.id, 'sessions', 'new']) }, ct('sessions.new')), filter),
    totals,
    summary,
    table);
}
