/**
 * Search of every event (`#/search?q=`, the header's search box): the hits
 * best first, each with its event, time, title (matches marked) and where
 * it matched, linking to the session; counts per type of all matches;
 * "did you mean" after a typo; more hits on request (the API's cursor).
 */
import { get } from './api';
import { h, heading, replace } from './dom';
import { dayLabel } from './format';
import { t, typeLabel } from './i18n';
import { href, type Route } from './router';
import { markedTitle, snippetLine } from './session-card';
import type { SearchHit, SearchPage } from './types';

const PAGE = 25;

function hitItem(hit: SearchHit): HTMLLIElement {
  // The event's own wall-clock time: a session's times carry the event's offset.
  const when = hit.startsAt && hit.endsAt ? `${dayLabel(hit.startsAt.slice(0, 10))} ${hit.startsAt.slice(11, 16)}–${hit.endsAt.slice(11, 16)}` : t('session.unscheduled');
  return h('li', { class: 'search-hit', 'data-event': hit.event.id, 'data-session': hit.id },
    h('p', { class: 'hit-event' }, hit.event.name),
    h('a', { class: 'hit-link', href: href(['e', hit.event.id, 's', hit.id]) }, h('span', { class: 'card-title' }, markedTitle(hit.title, hit.snippet))),
    snippetLine(hit.snippet),
    h('p', { class: 'hint' }, [when, hit.track, hit.room].filter(Boolean).join(' · ')),
  );
}

export async function searchPage(main: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const q = route.query.get('q')?.trim() ?? '';
  document.title = `${q ? t('search.title', { q }) : t('search.titleEmpty')} · ${t('app.title')}`;
  if (!q) return void replace(main, heading(t('search.titleEmpty')));
  const ask = (cursor?: string) => get<SearchPage>(`/search?${new URLSearchParams({ q, limit: String(PAGE), ...(cursor ? { cursor } : {}) })}`, signal);
  const first = await ask();
  if (signal.aborted) return;
  const list = h('ul', { class: 'search-hits' }, first.items.map(hitItem));
  const more = h('button', { type: 'button', class: 'secondary', hidden: !first.nextCursor }, t('search.more'));
  let cursor = first.nextCursor;
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    const page = await ask(cursor);
    list.append(...page.items.map(hitItem));
    cursor = page.nextCursor;
    more.hidden = !cursor;
    more.disabled = false;
  });
  const types = first.facets.type.map((f) => `${typeLabel(f.value)} ${f.count}`).join(' · ');
  replace(main,
    heading(t('search.title', { q })),
    first.didYouMean ? h('p', { class: 'did-you-mean' }, t('search.didYouMean'), ' ', h('a', { href: href(['search'], { q: first.didYouMean }) }, first.didYouMean)) : null,
    h('p', { class: 'count', role: 'status' }, first.total > 0 ? t('search.count', { count: first.total }) : t('search.none')),
    types ? h('p', { class: 'hint search-facets' }, `${t('search.byType')}: ${types}`) : null,
    list,
    more,
  );
}
