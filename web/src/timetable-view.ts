/**
 * The timetable as DOM: a CSS grid with one column per room lane and one
 * tall row in which each card sits at its real start (margin) and length
 * (height), in minutes times --ppm. Cards are one list in time order, which
 * is the reading and tab order; on a phone the same list is shown as is.
 */
import { h, hidden } from './dom';
import { timeRange } from './format';
import { t } from './i18n';
import { href } from './router';
import type { DayLayout } from './timetable-layout';
import type { Session } from './types';

export interface CardContext {
  eventId: string;
  timeZone: string;
  colourOf: (track: string | undefined) => string;
}

export function sessionCard(session: Session, ctx: CardContext): HTMLLIElement {
  const classes = ['card', session.type === 'keynote' ? 'keynote' : '', session.status === 'cancelled' ? 'cancelled' : ''];
  const meta = [session.track, session.level, session.type === 'breakout' ? undefined : t(`type.${session.type}`)].filter(Boolean);
  return h(
    'li',
    { class: classes.filter(Boolean).join(' '), style: `--track: ${ctx.colourOf(session.track)}` },
    h(
      'a',
      { class: 'card-link', href: href(['e', ctx.eventId, 's', session.id]) },
      h('span', { class: 'card-time' }, session.startsAt && session.endsAt ? timeRange(session.startsAt, session.endsAt, ctx.timeZone) : t('session.unscheduled')),
      h('span', { class: 'card-title' }, session.title),
    ),
    h(
      'span',
      { class: 'card-meta' },
      session.room ? h('span', { class: 'card-room' }, session.room, ' · ') : null,
      meta.join(' · '),
      session.status === 'cancelled' ? h('span', { class: 'badge' }, t('session.cancelledShort')) : null,
    ),
  );
}

export function renderTimetable(layout: DayLayout, ctx: CardContext): HTMLElement {
  const minute = (m: number) => `--top: ${m}`;
  const hours: HTMLElement[] = [];
  for (let m = Math.ceil(layout.from / 60) * 60; m < layout.to; m += 60) {
    const at = new Date(Date.UTC(2000, 0, 1, 0, m)).toISOString().slice(11, 16);
    hours.push(h('div', { class: 'hour', style: minute(m - layout.from), 'aria-hidden': 'true' }, at));
  }
  const cards = layout.placements.map((p) => {
    const card = sessionCard(p.session, ctx);
    card.style.gridColumn = `${p.column} / span ${p.span}`;
    card.style.setProperty('--top', String(p.top));
    card.style.setProperty('--length', String(p.length));
    // The room is a column header for the eye; screen readers get it in the card.
    if (p.spansRooms && !p.session.room) card.querySelector('.card-meta')?.prepend(hidden(`${t('timetable.allRooms')} · `));
    return card;
  });
  return h(
    'div',
    // With room columns the grid scrolls inside its own box, so the room headers can stay in view.
    { class: `grid-scroll${layout.rooms.length > 0 ? ' has-rooms' : ''}`, role: 'region', 'aria-label': t('timetable.region'), tabindex: 0 },
    h(
      'div',
      { class: 'grid', style: `--rooms: ${layout.roomColumns}; --minutes: ${layout.to - layout.from}` },
      layout.rooms.length > 0 ? h('div', { class: 'corner', 'aria-hidden': 'true' }) : null,
      h('div', { class: 'gutter', 'aria-hidden': 'true' }),
      layout.rooms.map((room) => [
        h('div', { class: 'room-head', style: `grid-column: ${room.column} / span ${room.lanes}`, 'aria-hidden': 'true' }, room.name),
        h('div', { class: 'room-lane', style: `grid-column: ${room.column} / span ${room.lanes}`, 'aria-hidden': 'true' }),
      ]),
      h('div', { class: 'grid-lines', 'aria-hidden': 'true' }),
      hours,
      h('ol', { class: 'cards', role: 'list' }, cards),
    ),
  );
}

/** The colour key for the tracks on screen, in the event's track order. */
export function trackLegend(tracks: string[], colourOf: CardContext['colourOf']): HTMLElement | null {
  if (tracks.length === 0) return null;
  return h(
    'div',
    { class: 'legend' },
    h('h3', { id: 'legend-heading' }, t('timetable.legend')),
    h('ul', { 'aria-labelledby': 'legend-heading' }, tracks.map((track) => h('li', null, h('span', { class: 'swatch', style: `background: ${colourOf(track)}` }), track))),
  );
}
