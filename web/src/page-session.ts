/** One session: what, when, where and who, then seats, live polls and reviews. */
import { getFresh } from './api';
import { h, heading } from './dom';
import { getEvent } from './events';
import { dateOf, dayAndTime } from './format';
import { lang, t, typeLabel } from './i18n';
import { href, type Route } from './router';
import { pollsSection } from './session-polls';
import { reviewsSection } from './session-reviews';
import { seatsSection } from './session-seats';
import { swatch, trackLooks } from './track-colours';
import type { SessionWithSpeakers } from './types';

const fact = (term: string, ...value: (Node | string)[]) => [h('dt', null, term), h('dd', null, ...value)];

export async function sessionPage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const [, eventId = '', , sessionId = ''] = route.path;
  const [event, session] = await Promise.all([
    getEvent(eventId),
    getFresh<SessionWithSpeakers>(`/events/${encodeURIComponent(eventId)}/sessions/${encodeURIComponent(sessionId)}`, signal),
  ]);
  if (signal.aborted) return;
  document.title = `${session.title} · ${event.name}`;
  const zone = event.timezone;
  const scheduled = session.startsAt && session.endsAt;
  const day = session.startsAt ? dateOf(session.startsAt, zone) : undefined;

  const facts = [
    ...fact(t('session.when'), scheduled ? dayAndTime(session.startsAt!, session.endsAt!, zone) : t('session.unscheduled')),
    ...(session.room ? fact(t('session.where'), session.room) : []),
    ...(session.track
      ? fact(t('session.track'), swatch(trackLooks(event.tracks)(session.track)), session.track)
      : []),
    ...(session.level ? fact(t('session.level'), session.level) : []),
    ...fact(t('session.type'), typeLabel(session.type)),
    ...(session.language ? fact(t('session.language'), session.language) : []),
    ...(session.tags.length > 0 ? fact(t('session.tags'), session.tags.join(', ')) : []),
  ];

  // Shown or hidden again when the seats section hears of a status change (pushed, or read while polling).
  const banner = h('p', { class: 'message error' }, t('session.cancelled'));
  const showStatus = (status: SessionWithSpeakers['status']) => void (banner.hidden = status !== 'cancelled');
  showStatus(session.status);

  main.replaceChildren(
    h('p', { class: 'breadcrumb' }, h('a', { href: href(['e', eventId], { day }) }, `← ${event.name}`)),
    h(
      'article',
      { class: 'session' },
      // The text's own language, which may be the session's rather than the page's (a session without a translation).
      Object.assign(heading(session.title), { lang: session.contentLanguage }),
      banner,
      h('dl', { class: 'facts' }, facts),
      session.abstract
        ? h('section', { 'aria-labelledby': 'about-heading', lang: session.contentLanguage }, h('h2', { id: 'about-heading', lang: lang() }, t('session.about')),
            session.abstract.split(/\n\s*\n/).map((paragraph) => h('p', null, paragraph)))
        : null,
      session.links?.length
        ? h('section', { 'aria-labelledby': 'links-heading' }, h('h2', { id: 'links-heading' }, t('session.links')),
            h('ul', { class: 'links' }, session.links.map((link) =>
              h('li', null, h('a', { href: link.url, rel: 'noopener noreferrer', target: '_blank' }, link.title ?? t(`link.${link.kind}`))))))
        : null,
      session.speakers.length > 0
        ? h('section', { 'aria-labelledby': 'speakers-heading' }, h('h2', { id: 'speakers-heading' }, t('session.speakers')),
            h('ul', { class: 'speakers' }, session.speakers.map((speaker) =>
              h('li', null,
                speaker.photoUrl ? h('img', { class: 'avatar', src: speaker.photoUrl, alt: '', width: 48, height: 48, loading: 'lazy', referrerpolicy: 'no-referrer' }) : null,
                h('a', { href: href(['speakers', speaker.id]) }, speaker.name),
                [speaker.role, speaker.company].some(Boolean) ? h('span', { class: 'hint' }, ` ${[speaker.role, speaker.company].filter(Boolean).join(', ')}`) : null))))
        : null,
      seatsSection(session, signal, showStatus),
      pollsSection(eventId, sessionId, signal),
      reviewsSection(eventId, sessionId, signal),
    ),
  );
}
