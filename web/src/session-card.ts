/**
 * One session as a card, the same in the grid, the phone list and the
 * unscheduled list: a star to bookmark it, then a link with time, title and
 * speakers, then room, track, level and type. The whole card is the link's
 * target; the star sits above it. On the grid a card is clipped to its
 * slot's height and shows everything on hover or focus.
 */
import { h } from './dom';
import { timeRange } from './format';
import { t, typeLabel } from './i18n';
import { href } from './router';
import { lookAttrs, type TrackLook } from './track-colours';
import { markedText } from './snippet';
import type { Session, Snippet } from './types';

export interface CardContext {
  eventId: string;
  /** The zone the times are shown in (the event's, or the viewer's). */
  timeZone: string;
  lookOf: (track: string | undefined) => TrackLook;
  /** "김서연, 이준호": speaker names from the event's speaker list. */
  speakersOf: (speakerIds: readonly string[]) => string;
  /** Whether the signed-in attendee has bookmarked it (false when signed out). */
  bookmarked: (sessionId: string) => boolean;
  /** Where the card leads (the organisers' console: its form); the public session page when absent. */
  linkOf?: (session: Session) => string;
  /** A control in the star's place (the console's "move"); the bookmark star when absent. */
  control?: (session: Session) => HTMLElement;
}

/** Under a found session's title: where it matched, if not in the title (which is marked itself). */
export function snippetLine(snippet: Snippet | null | undefined): HTMLElement | null {
  if (!snippet || snippet.field === 'title') return null;
  return h('span', { class: 'card-snippet', 'data-field': snippet.field }, h('span', { class: 'snippet-field' }, t(`snippet.${snippet.field}`)), ' ', markedText(snippet));
}

/** A title, its matches marked when the search found it there. */
export function markedTitle(title: string, snippet: Snippet | null | undefined): (Text | HTMLElement)[] | string {
  return snippet?.field === 'title' ? markedText(snippet) : title;
}

export function sessionCard(session: Session & { snippet?: Snippet | null }, ctx: CardContext): HTMLLIElement {
  const classes = ['card', session.type === 'keynote' ? 'keynote' : '', session.status === 'cancelled' ? 'cancelled' : ''];
  const meta = [session.track, session.level, session.type === 'breakout' ? undefined : typeLabel(session.type)].filter(Boolean);
  const speakers = ctx.speakersOf(session.speakerIds);
  return h(
    'li',
    { class: classes.filter(Boolean).join(' '), 'data-session': session.id, ...lookAttrs(ctx.lookOf(session.track)) },
    h(
      'div',
      { class: 'card-body' },
      // Before the link so that it floats beside the time; its name says which session it is for.
      ctx.control ? ctx.control(session) : starOf(session, ctx),
      h(
        'a',
        { class: 'card-link', href: ctx.linkOf ? ctx.linkOf(session) : href(['e', ctx.eventId, 's', session.id]) },
        h('span', { class: 'card-time' }, session.startsAt && session.endsAt ? timeRange(session.startsAt, session.endsAt, ctx.timeZone) : t('session.unscheduled')),
        h('span', { class: 'card-title' }, markedTitle(session.title, session.snippet)),
        snippetLine(session.snippet),
        speakers ? h('span', { class: 'card-speakers' }, speakers) : null,
      ),
      h(
        'span',
        { class: 'card-meta' },
        session.room ? h('span', { class: 'card-room' }, session.room, ' · ') : null,
        meta.join(' · '),
        session.status === 'cancelled' ? h('span', { class: 'badge' }, t('session.cancelledShort')) : null,
      ),
    ),
  );
}

function starOf(session: Session, ctx: CardContext): HTMLButtonElement {
  const star = h('button', { type: 'button', class: 'star', 'aria-label': t('bookmark.star', { title: session.title }), 'data-session': session.id });
  setStar(star, ctx.bookmarked(session.id));
  return star;
}

/** Marks a card's star as it now is (after a bookmark is added or removed). */
export function setStar(star: HTMLButtonElement, starred: boolean): void {
  star.setAttribute('aria-pressed', String(starred));
  star.textContent = starred ? '★' : '☆';
}
