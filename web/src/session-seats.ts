/**
 * The seats of a session and what the signed-in attendee holds: reserve,
 * join the waitlist, cancel, bookmark. Each result shows at once; the seat
 * counts are read again after every change, and others' changes arrive over
 * the live channel (./live.ts): counts, the session's status, and the
 * attendee's own promotion from the waitlist. While the socket cannot open,
 * they are polled.
 */
import { api, get, getFresh } from './api';
import { setBookmark } from './bookmarks';
import { currentAttendee } from './auth';
import { h, replaceKeepingFocus } from './dom';
import { when } from './format';
import { t } from './i18n';
import { signInHref } from './router';
import { act, messageArea, showMessage } from './status';
import type { AgendaItem, Page, Reservation, SessionWithSpeakers } from './types';
import { pollUnlessLive, watchSession, type LiveMessage } from './live';

export function reservationText(reservation: Pick<Reservation, 'status' | 'position'>): string {
  return reservation.status === 'confirmed' ? t('status.confirmed') : t('status.waitlisted', { position: reservation.position ?? '?' });
}

/** `onStatus` hears the session's status whenever it is read or pushed (the page's cancelled banner). */
export function seatsSection(initial: SessionWithSpeakers, signal: AbortSignal, onStatus: (status: SessionWithSpeakers['status']) => void): HTMLElement {
  const { eventId, id: sessionId } = initial;
  const sessionPath = `/events/${encodeURIComponent(eventId)}/sessions/${encodeURIComponent(sessionId)}`;
  const body = h('div', { class: 'seats-body' });
  const message = messageArea();
  let session = initial;
  let mine: AgendaItem | undefined;

  /** The caller's reservation and bookmark come with their agenda (GET /me/agenda), one call for both. */
  async function loadMine(): Promise<void> {
    if (!currentAttendee()) return void (mine = undefined);
    const agenda = await get<Page<AgendaItem>>(`/me/agenda?eventId=${encodeURIComponent(eventId)}`, signal);
    mine = agenda.items.find((item) => item.id === sessionId);
  }

  async function refresh(): Promise<void> {
    [session] = await Promise.all([getFresh<SessionWithSpeakers>(sessionPath, signal), loadMine()]);
    render();
  }

  function seatsLine(): string {
    const { capacity, taken, waitlisted } = session.seats;
    if (capacity === null) return t('seats.unlimited');
    const left = Math.max(0, capacity - taken);
    const line = left > 0 ? t('seats.left', { left, capacity }) : t('seats.full', { capacity });
    return waitlisted > 0 ? `${line} · ${t('seats.waiting', { count: waitlisted })}` : line;
  }

  function reservationControls(): HTMLElement[] {
    if (session.status === 'cancelled') return [];
    const reservation = mine?.reservation;
    if (reservation) {
      const button = h('button', { type: 'button', class: 'secondary', 'data-focus-key': 'reservation' },
        reservation.status === 'confirmed' ? t('reserve.cancel') : t('reserve.leaveWaitlist'));
      button.addEventListener('click', () =>
        act(button, message, async () => {
          await api('DELETE', `${sessionPath}/reservation`);
          await refresh();
          return t('reserve.cancelled');
        }),
      );
      return [h('p', { class: `badge-line ${reservation.status}` }, reservationText(reservation)), button];
    }
    // The server takes no new reservation once a session has ended (409); say so instead of offering a button.
    if (session.endsAt && Date.parse(session.endsAt) <= Date.now()) return [h('p', { class: 'hint' }, t('reserve.ended'))];
    const full = session.seats.capacity !== null && session.seats.taken >= session.seats.capacity;
    const button = h('button', { type: 'button', 'data-focus-key': 'reservation' }, full ? t('reserve.waitlistButton') : t('reserve.button'));
    button.addEventListener('click', () =>
      act(button, message, async () => {
        const result = await api<Reservation>('PUT', `${sessionPath}/reservation`);
        await refresh();
        return result.status === 'confirmed' ? t('reserve.confirmed') : t('reserve.waitlisted', { position: result.position ?? '?' });
      }),
    );
    return [button];
  }

  function bookmarkButton(): HTMLElement {
    const bookmarked = mine?.bookmarked ?? false;
    const button = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(bookmarked), 'data-focus-key': 'bookmark' },
      bookmarked ? t('bookmark.remove') : t('bookmark.add'));
    button.addEventListener('click', () =>
      act(button, message, async () => {
        await setBookmark(eventId, sessionId, !bookmarked);
        await refresh();
        return bookmarked ? t('bookmark.removed') : t('bookmark.added');
      }),
    );
    return button;
  }

  function render(): void {
    const { reservationOpensAt: opens, reservationClosesAt: closes } = session;
    onStatus(session.status);
    replaceKeepingFocus(
      body,
      h('p', { class: 'seats-line' }, seatsLine()),
      opens && Date.parse(opens) > Date.now() ? h('p', { class: 'hint' }, t('reserve.opens', { time: when(opens) })) : null,
      closes && Date.parse(closes) > Date.now() ? h('p', { class: 'hint' }, t('reserve.closes', { time: when(closes) })) : null,
      currentAttendee()
        ? h('div', { class: 'actions' }, reservationControls(), bookmarkButton())
        : h('p', null, h('a', { href: signInHref() }, t('auth.signIn')), ' — ', t('signIn.needed')),
    );
  }

  function pushed(news: LiveMessage): void {
    if (news.type === 'seats') session = { ...session, seats: news.seats };
    else if (news.type === 'session') session = { ...session, status: news.status as SessionWithSpeakers['status'] };
    else if (news.type === 'promoted') {
      // What the line said when they joined is out of date: say what happened instead.
      showMessage(message, t('reserve.confirmed'), 'ok');
      return void loadMine().then(render, () => undefined);
    }
    render();
  }

  render();
  if (currentAttendee()) loadMine().then(render, () => undefined);
  watchSession(eventId, sessionId, { message: pushed, resumed: () => void refresh().catch(() => undefined), mode: pollUnlessLive(refresh, signal) }, signal);
  return h('section', { class: 'panel', 'aria-labelledby': 'seats-heading' }, h('h2', { id: 'seats-heading' }, t('seats.heading')), body, message);
}
