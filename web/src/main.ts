/**
 * Boots the page: the shell (skip link, header with sign-in state, the
 * dark-mode and language switches, main), then whichever page the hash names. Vanilla
 * TypeScript and the DOM; see web/README.md for why no framework.
 */
import { ApiError } from './api';
import { currentUser, isStaff, onAuthChange, signOut } from './auth';
import { h, heading, replace, replaceKeepingFocus } from './dom';
import { lang, setLang, t } from './i18n';
import { agendaPage } from './page-agenda';
import { eventPage } from './page-event';
import { eventsPage } from './page-events';
import { searchPage } from './page-search';
import { sessionPage } from './page-session';
import { signInPage } from './page-sign-in';
import { speakerPage } from './page-speaker';
import { currentRoute, href, signInHref, type Route } from './router';
import { announce, loadError, mountAnnouncer, showToast } from './status';
import { mountTheme, themeSwitch } from './theme';
import { onPromoted } from './live';

type Page = (main: HTMLElement, route: Route, signal: AbortSignal) => Promise<void>;

/** The organisers' console, a chunk of its own: attendees never load it. */
const consolePage: Page = async (main, route, signal) => (await import('./console/console-page')).consolePage(main, route, signal);

function pageFor({ path: [first, id, part, sessionId] }: Route): Page {
  if (first === undefined) return eventsPage;
  if (first === 'e' && id && part === undefined) return eventPage;
  if (first === 'e' && id && part === 's' && sessionId) return sessionPage;
  if (first === 'e' && id && part === 'agenda') return agendaPage;
  if (first === 'speakers' && id) return speakerPage;
  if (first === 'sign-in') return signInPage;
  if (first === 'console') return consolePage;
  if (first === 'search') return searchPage;
  return async () => {
    throw new ApiError(404, '');
  };
}

const header = h('header', { class: 'site-header' });
const main = h('main', { id: 'main', tabindex: -1 });
// The hash is the router's, so the skip link moves focus itself instead of navigating to #main.
const skipLink = h('a', { class: 'skip-link', href: '#main', onclick: (e: MouseEvent) => (e.preventDefault(), main.focus()) });

function renderHeader(): void {
  const user = currentUser();
  skipLink.textContent = t('nav.skip');
  const switchLanguage = h('button', { type: 'button', class: 'secondary small', lang: lang() === 'ko' ? 'en' : 'ko', 'aria-label': t('lang.switchLabel'), 'data-focus-key': 'lang' }, t('lang.switch'));
  switchLanguage.addEventListener('click', () => {
    setLang(lang() === 'ko' ? 'en' : 'ko');
    renderHeader();
    void renderRoute();
  });
  let account: HTMLElement;
  if (user) {
    const out = h('button', { type: 'button', class: 'secondary small', 'data-focus-key': 'account' }, t('auth.signOut'));
    out.addEventListener('click', () => {
      signOut();
      announce(t('signIn.signedOut'));
      void renderRoute();
    });
    account = h('span', { class: 'account' },
      h('span', { class: 'user' }, t('auth.signedInAs', { name: user.name }), isStaff(user) ? h('span', { class: 'badge' }, t('auth.staff')) : null),
      isStaff(user) ? h('a', { class: 'button secondary small', href: '#/console', 'data-focus-key': 'console' }, t('auth.console')) : null,
      out);
  } else {
    account = h('a', { class: 'button secondary small', href: signInHref(), 'data-focus-key': 'account' }, t('auth.signIn'));
  }
  replaceKeepingFocus(header, h('a', { class: 'brand', href: '#/' }, t('app.title')), headerSearch(), h('div', { class: 'header-actions' }, account, themeSwitch(), switchLanguage));
}

/** The header's search box: every event's sessions (page-search.ts); it keeps what was searched. */
function headerSearch(): HTMLFormElement {
  const route = currentRoute();
  const input = h('input', {
    type: 'search', name: 'q', maxlength: 200, autocomplete: 'off', 'aria-label': t('search.header'), placeholder: t('search.headerPlaceholder'), 'data-focus-key': 'header-search',
    value: route.path[0] === 'search' ? (route.query.get('q') ?? '') : '',
  });
  const form = h('form', { class: 'header-search', role: 'search', 'aria-label': t('search.header') }, input);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q) location.hash = href(['search'], { q });
  });
  return form;
}

let controller: AbortController | undefined;
let shownPath: string | undefined;

async function renderRoute(): Promise<void> {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  const route = currentRoute();
  const path = route.path.join('/');
  const moved = shownPath !== undefined && shownPath !== path;
  if (shownPath !== path) {
    main.replaceChildren(h('p', { class: 'loading' }, t('timetable.loading')));
    window.scrollTo(0, 0);
  }
  shownPath = path;
  renderHeader(); // its sign-in link returns to the page now shown
  main.setAttribute('aria-busy', 'true');
  const page = pageFor(route);
  // The timetable may use the whole width of a wide screen; reading pages keep a measure.
  main.classList.toggle('wide', page === eventPage || page === consolePage);
  try {
    await page(main, route, signal);
  } catch (error) {
    if (signal.aborted) return;
    const missing = error instanceof ApiError && error.status === 404;
    // In the page's words only, with a way to try again (an event that failed to load is asked for again).
    replace(main,
      heading(missing ? t('notFound.title') : t('error.pageFailed')),
      missing ? null : loadError('', error, () => void renderRoute()),
      h('p', null, h('a', { href: '#/' }, t('notFound.back'))),
    );
  } finally {
    if (!signal.aborted) main.removeAttribute('aria-busy');
  }
  // A new page moves focus to its heading, as a page load would; the first load leaves focus alone.
  if (moved && !signal.aborted) main.querySelector<HTMLElement>('h1')?.focus();
}

setLang(lang());
mountTheme(renderHeader);
const app = document.getElementById('app')!;
app.replaceChildren(skipLink, header, main);
mountAnnouncer(document.body);
onAuthChange(renderHeader);
// Told at once, on whatever page is open: a waitlisted place became a seat (the live channel's notice).
onPromoted(({ eventId, sessionId, title }) => {
  const text = t('live.promoted', { title });
  showToast(text, { href: href(['e', eventId, 's', sessionId]), text: t('live.promotedLink') });
  announce(text);
});
window.addEventListener('hashchange', () => void renderRoute());
void renderRoute();
