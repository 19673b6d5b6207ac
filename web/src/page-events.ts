/** The list of events, newest first. */
import { getAll } from './api';
import { h, heading } from './dom';
import { dateRange } from './format';
import { t } from './i18n';
import { href, type Route } from './router';
import type { CatalogueEvent } from './types';

export async function eventsPage(main: HTMLElement, _route: Route, signal: AbortSignal): Promise<void> {
  const { items } = await getAll<CatalogueEvent>('/events', signal);
  if (signal.aborted) return;
  document.title = t('app.title');
  main.replaceChildren(
    heading(t('events.title')),
    items.length === 0
      ? h('p', null, t('events.empty'))
      : h('ul', { class: 'event-list' }, items.map((event) => {
          const first = event.days[0]?.date;
          const last = event.days.at(-1)?.date;
          const dates = first && last ? dateRange(first, last) : '';
          return h('li', null,
            h('h2', null, h('a', { href: href(['e', event.id]) }, event.name)),
            h('p', { class: 'hint' }, [dates, event.venue].filter(Boolean).join(' · ')),
            event.tracks.length > 0 ? h('p', { class: 'tracks' }, event.tracks.join(' · ')) : null);
        })),
  );
}
