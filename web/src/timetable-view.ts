/**
 * The timetable as DOM: a CSS grid with one column per room lane and one
 * tall row in which each card sits at its real start (margin) and length
 * (height), in minutes times --ppm. Cards are one list in time order, which
 * is the reading and tab order; on a phone the same list is shown as is.
 * The room headers and the time column stick while the grid scrolls inside
 * its own box; the corner names the zone of the times.
 */
import { h, hidden } from './dom';
import { clockLabel } from './format';
import { t } from './i18n';
import { sessionCard, type CardContext } from './session-card';
import { NO_ROOM, type DayLayout } from './timetable-layout';

/** The fewest minutes a card is drawn with (its --length, which timetable.css turns into its height), so that every card can be seen and pointed at. */
export const MIN_CARD_MINUTES = 15;

export interface GridOptions {
  /** The zone's short name for the corner ("GMT+9"). */
  zoneName: string;
  /** Minutes from the grid's midnight to now, for the "now" line. */
  now?: number;
}

/** The "now" line's place, or hidden when now is outside the grid. */
export function placeNowLine(line: HTMLElement, layout: DayLayout, now: number | undefined): void {
  line.hidden = now === undefined || now < layout.from || now > layout.to;
  if (!line.hidden) line.style.setProperty('--top', String(now! - layout.from));
}

export function renderTimetable(layout: DayLayout, ctx: CardContext, options: GridOptions): { element: HTMLElement; nowLine: HTMLElement } {
  const labels: HTMLElement[] = [];
  // Every half hour from the grid's first minute, which is the earliest session's half hour.
  for (let m = layout.from; m < layout.to; m += 30) {
    labels.push(h('div', { class: m % 60 === 0 ? 'hour' : 'hour half', style: `--top: ${m - layout.from}`, 'aria-hidden': 'true' }, clockLabel(m)));
  }
  const cards = layout.placements.map((p) => {
    const card = sessionCard(p.session, ctx);
    card.style.gridColumn = `${p.column} / span ${p.span}`;
    card.style.setProperty('--top', String(p.top));
    card.style.setProperty('--length', String(Math.max(p.length, MIN_CARD_MINUTES)));
    if (p.spansRooms) card.classList.add('spans');
    // The room is a column header for the eye; screen readers get it in the card.
    if (p.spansRooms && !p.session.room) card.querySelector('.card-meta')?.prepend(hidden(`${t('timetable.allRooms')} · `));
    return card;
  });
  const nowLine = h('div', { class: 'now-line', 'aria-hidden': 'true' }, h('span', null, t('timetable.now')));
  placeNowLine(nowLine, layout, options.now);
  const element = h(
    'div',
    // With room columns the grid scrolls inside its own box, so the room headers can stay in view.
    { class: `grid-scroll${layout.rooms.length > 0 ? ' has-rooms' : ''}`, role: 'region', 'aria-label': t('timetable.region'), tabindex: 0 },
    h(
      'div',
      { class: 'grid', style: `--rooms: ${layout.roomColumns}; --minutes: ${layout.to - layout.from}` },
      layout.rooms.length > 0 ? h('div', { class: 'corner', 'aria-hidden': 'true' }, options.zoneName) : null,
      h('div', { class: 'gutter', 'aria-hidden': 'true' }),
      layout.rooms.map((room) => [
        h('div', { class: 'room-head', style: `grid-column: ${room.column} / span ${room.lanes}`, 'aria-hidden': 'true' }, room.name === NO_ROOM ? t('timetable.noRoom') : room.name),
        h('div', { class: 'room-lane', style: `grid-column: ${room.column} / span ${room.lanes}`, 'aria-hidden': 'true' }),
      ]),
      h('div', { class: 'grid-lines', 'aria-hidden': 'true' }),
      labels,
      nowLine,
      h('ol', { class: 'cards', role: 'list' }, cards),
    ),
  );
  return { element, nowLine };
}
