/**
 * Bookmarks from the timetable: the star on every card adds the session to
 * the attendee's agenda (PUT /me/agenda/{event}/{session}) or takes it out,
 * without opening the session. Signed out (or signed in as staff, whose
 * tokens the attendee routes do not take), a star offers the sign-in instead.
 */
import { api, describeError, get } from './api';
import { currentAttendee } from './auth';
import { t } from './i18n';
import { signInHref } from './router';
import { setStar } from './session-card';
import { announce, showToast } from './status';
import type { AgendaItem, Page } from './types';

export const setBookmark = (eventId: string, sessionId: string, on: boolean) =>
  api(on ? 'PUT' : 'DELETE', `/me/agenda/${encodeURIComponent(eventId)}/${encodeURIComponent(sessionId)}`);

/** The ids the signed-in attendee has bookmarked at the event; none when signed out. */
export async function loadBookmarks(eventId: string, signal: AbortSignal): Promise<Set<string>> {
  if (!currentAttendee()) return new Set();
  const agenda = await get<Page<AgendaItem>>(`/me/agenda?eventId=${encodeURIComponent(eventId)}`, signal);
  return new Set(agenda.items.filter((item) => item.bookmarked).map((item) => item.id));
}

/** One listener for every star inside `container` (600 cards, one handler). */
export function handleStars(container: HTMLElement, eventId: string, bookmarks: Set<string>): void {
  container.addEventListener('click', async (e) => {
    const star = (e.target as Element).closest<HTMLButtonElement>('button.star');
    if (!star || star.disabled) return;
    if (!currentAttendee()) return showToast(t('bookmark.signInPrompt'), { href: signInHref(), text: t('auth.signIn') });
    const sessionId = star.dataset.session!;
    const on = !bookmarks.has(sessionId);
    star.disabled = true;
    try {
      await setBookmark(eventId, sessionId, on);
      if (on) bookmarks.add(sessionId);
      else bookmarks.delete(sessionId);
      // The same session may be on screen twice (the grid and "now and next").
      container.querySelectorAll<HTMLButtonElement>(`button.star[data-session="${CSS.escape(sessionId)}"]`).forEach((s) => setStar(s, on));
      announce(on ? t('bookmark.added') : t('bookmark.removed'));
    } catch (error) {
      showToast(describeError(error));
    } finally {
      star.disabled = false;
    }
  });
}
