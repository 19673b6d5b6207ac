/** A speaker (GET /speakers/{id}): who they are and their sessions across events. */
import { get } from './api';
import { h, heading } from './dom';
import { getEvent } from './events';
import { dayAndTime } from './format';
import { t } from './i18n';
import { href, type Route } from './router';
import type { SpeakerWithSessions } from './types';

export async function speakerPage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const speakerId = route.path[1] ?? '';
  const path = `/speakers/${encodeURIComponent(speakerId)}`;
  const speaker = await get<SpeakerWithSessions>(path, signal);
  // The sessions come a page at a time (100): follow nextCursor for the rest.
  for (let cursor = speaker.nextCursor; cursor; ) {
    const more = await get<SpeakerWithSessions>(`${path}?cursor=${encodeURIComponent(cursor)}`, signal);
    speaker.sessions.push(...more.sessions);
    cursor = more.nextCursor;
  }
  // Each session's times are shown in its own event's zone, under the event's name.
  const eventIds = [...new Set(speaker.sessions.map((s) => s.eventId))];
  const events = new Map(await Promise.all(eventIds.map(async (id) => [id, await getEvent(id)] as const)));
  if (signal.aborted) return;
  document.title = `${speaker.name} · ${t('app.title')}`;

  main.replaceChildren(
    h('article', { class: 'speaker' },
      speaker.photoUrl ? h('img', { class: 'avatar large', src: speaker.photoUrl, alt: '', width: 96, height: 96, referrerpolicy: 'no-referrer' }) : null,
      heading(speaker.name),
      [speaker.role, speaker.company].some(Boolean) ? h('p', { class: 'lede' }, [speaker.role, speaker.company].filter(Boolean).join(', ')) : null,
      speaker.bio ? speaker.bio.split(/\n\s*\n/).map((paragraph) => h('p', null, paragraph)) : null,
      speaker.links?.length
        ? h('ul', { class: 'links' }, speaker.links.map((link) => h('li', null, h('a', { href: link.url, rel: 'noopener noreferrer', target: '_blank' }, link.title ?? new URL(link.url).host))))
        : null,
      h('h2', null, t('speaker.sessions')),
      speaker.sessions.length === 0
        ? h('p', null, t('speaker.none'))
        : h('ul', { class: 'plain-list' }, speaker.sessions.map((session) => {
            const event = events.get(session.eventId)!;
            return h('li', null,
              h('a', { href: href(['e', session.eventId, 's', session.id]), lang: session.contentLanguage }, session.title),
              h('span', { class: 'hint' }, ` ${event.name}${session.startsAt && session.endsAt ? ` · ${dayAndTime(session.startsAt, session.endsAt, event.timezone)}` : ''}${session.room ? ` · ${session.room}` : ''}`));
          }))));
}
