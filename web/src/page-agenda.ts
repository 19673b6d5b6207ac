/**
 * "My agenda" at one event (GET /me/agenda): bookmarked and reserved
 * sessions by day, overlaps marked, the agenda as an .ics file, a calendar
 * subscription, and a print layout (print.css). The .ics needs the bearer
 * token, so it is fetched here and handed over as a Blob.
 */
import { api, get, getBlob } from './api';
import { currentAttendee } from './auth';
import { field, h, heading, replace } from './dom';
import { getEvent } from './events';
import { dateOf, dayLabel, timeRange } from './format';
import { t } from './i18n';
import { href, signInHref, type Route } from './router';
import { reservationText } from './session-seats';
import { act, messageArea } from './status';
import { lookAttrs, trackLooks } from './track-colours';
import type { AgendaItem, Page } from './types';

export async function agendaPage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const eventId = route.path[1] ?? '';
  if (!currentAttendee()) return void location.replace(signInHref());
  const [event, agenda] = await Promise.all([getEvent(eventId), get<Page<AgendaItem>>(`/me/agenda?eventId=${encodeURIComponent(eventId)}`, signal)]);
  // The QR code's encoder is a chunk of its own, fetched only by an agenda with a confirmed seat to show.
  const door = agenda.items.some((item) => item.reservation?.checkInCode) ? await import('./check-in-code') : undefined;
  if (signal.aborted) return;
  document.title = `${t('agenda.title')} · ${event.name}`;
  const zone = event.timezone;
  const lookOf = trackLooks(event.tracks);
  const titles = new Map(agenda.items.map((item) => [item.id, item.title]));
  const conflicting = agenda.items.filter((item) => item.conflictsWith.length > 0).length;

  const byDay = new Map<string, AgendaItem[]>();
  for (const item of agenda.items) {
    const day = item.startsAt ? dateOf(item.startsAt, zone) : '';
    byDay.set(day, [...(byDay.get(day) ?? []), item]);
  }

  const message = messageArea();
  const download = h('button', { type: 'button' }, t('agenda.download'));
  download.addEventListener('click', () =>
    act(download, message, async () => {
      const blob = await getBlob(`/me/agenda.ics?eventId=${encodeURIComponent(eventId)}`);
      const url = URL.createObjectURL(blob);
      h('a', { href: url, download: `${eventId}-agenda.ics` }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return t('agenda.downloaded');
    }),
  );

  const subscription = h('div', { class: 'subscribe', hidden: true });
  const subscribe = h('button', { type: 'button', class: 'secondary' }, t('agenda.subscribe'));
  subscribe.addEventListener('click', () => act(subscribe, message, async () => {
    const feed = await api<{ url: string }>('POST', '/me/calendar-feed');
    showSubscription(subscription, feed.url);
    return t('agenda.subscribeReady');
  }));
  const print = h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('agenda.print'));

  const itemView = (item: AgendaItem) =>
    h('li', { class: `agenda-item${item.conflictsWith.length > 0 ? ' conflict' : ''}`, ...lookAttrs(lookOf(item.track)) },
      h('p', { class: 'card-time' }, item.startsAt && item.endsAt ? timeRange(item.startsAt, item.endsAt, zone) : t('session.unscheduled')),
      h('h3', null, h('a', { href: href(['e', eventId, 's', item.id]) }, item.title)),
      h('p', { class: 'card-meta' },
        [item.room, item.track].filter(Boolean).join(' · '),
        item.reservation ? h('span', { class: `badge ${item.reservation.status}` }, reservationText(item.reservation)) : null,
        item.bookmarked ? h('span', { class: 'badge' }, t('agenda.bookmarked')) : null),
      door && item.reservation?.checkInCode ? checkInCodeView(door.qrCode, item.reservation.checkInCode, item.reservation.checkedInAt) : null,
      item.conflictsWith.length > 0
        ? h('p', { class: 'conflict-note' }, h('span', { 'aria-hidden': 'true' }, '⚠ '),
            t('agenda.conflict', { titles: item.conflictsWith.map((id) => titles.get(id) ?? id).join(', ') }))
        : null);

  replace(main, 
    h('p', { class: 'breadcrumb' }, h('a', { href: href(['e', eventId]) }, `← ${event.name}`)),
    heading(t('agenda.title')),
    // The times below are the event's: say which zone that is.
    h('p', { class: 'lede' }, `${event.name} · ${event.timezone}`),
    h('div', { class: 'actions' }, download, subscribe, print),
    message,
    subscription,
    conflicting > 0 ? h('p', { class: 'message error' }, t('agenda.conflictCount', { count: conflicting })) : null,
    agenda.items.length === 0 ? h('p', null, t('agenda.empty')) : null,
    [...byDay].map(([day, items]) =>
      h('section', { class: 'agenda-day' },
        h('h2', null, day ? dayLabel(day) : t('unscheduled.heading')),
        h('ol', { class: 'agenda' }, items.map(itemView)))),
  );
}

/** The code to show at the door: a QR code and the code in text to read out or type, folded away until asked for. */
function checkInCodeView(qrCode: (text: string, label: string) => SVGSVGElement, code: string, checkedInAt: string | undefined): HTMLElement {
  return h('details', { class: 'check-in-code' },
    h('summary', null, checkedInAt ? t('checkIn.done') : t('checkIn.show')),
    h('figure', null, qrCode(code, t('checkIn.qr', { code })), h('figcaption', null, h('code', null, code))));
}

/**
 * The feed's address, offered as a webcal: link (calendar apps open it and
 * subscribe; webcal is http(s) by another name) and as text to copy. The
 * token is shown once: only its hash is stored, so the next visit makes a
 * new address, which ends this one (the hint says so).
 */
function showSubscription(area: HTMLElement, url: string): void {
  const webcal = url.replace(/^https?:/, 'webcal:');
  const copy = h('input', { type: 'text', readonly: true, value: url, onfocus: (e: FocusEvent) => (e.target as HTMLInputElement).select() });
  area.hidden = false;
  replace(area,
    h('p', null, h('a', { class: 'button', href: webcal }, t('agenda.subscribeLink'))),
    field(t('agenda.subscribeUrl'), copy),
    h('p', { class: 'hint' }, t('agenda.subscribeHint')));
}
