/**
 * "Now and next" for the phone, on the day that is today: the sessions on
 * now and those starting next, above the day's full list, so that between
 * two talks nobody scrolls through 600 cards. (A wide screen has the "now"
 * line across the grid instead; timetable.css shows this only on a phone.)
 */
import { h } from './dom';
import { clockLabel } from './format';
import { t } from './i18n';
import { sessionCard, type CardContext } from './session-card';
import type { Session } from './types';

/** `zoneName` labels the times ("GMT+9"), as the grid's corner does. */
export function nowAndNext(sessions: readonly Session[], minutesOf: (iso: string) => number, now: number, ctx: CardContext, zoneName: string): HTMLElement {
  const timed = sessions.filter((s) => s.startsAt && s.endsAt).map((s) => ({ s, start: minutesOf(s.startsAt!), end: minutesOf(s.endsAt!) }));
  const on = timed.filter(({ start, end }) => start <= now && now < end).map(({ s }) => s);
  const next = Math.min(...timed.filter(({ start }) => start > now).map(({ start }) => start));
  const upNext = timed.filter(({ start }) => start === next).map(({ s }) => s);
  const list = (items: Session[], empty: string) =>
    items.length > 0 ? h('ul', { class: 'card-list' }, items.map((s) => sessionCard(s, ctx))) : h('p', { class: 'hint' }, empty);
  return h(
    'section',
    { class: 'now-next', 'aria-labelledby': 'now-next-heading' },
    h('h2', { id: 'now-next-heading' }, t('timetable.nowNext'), h('span', { class: 'zone-name' }, ` · ${zoneName}`)),
    h('h3', null, t('timetable.now')),
    list(on, t('timetable.nothingNow')),
    h('h3', null, Number.isFinite(next) ? t('timetable.next', { time: clockLabel(next) }) : t('timetable.next', { time: '—' })),
    list(upNext, t('timetable.nothingNext')),
  );
}
