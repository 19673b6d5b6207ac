/**
 * Light or dark: the system's choice (`prefers-color-scheme`) unless the
 * reader flips the switch in the header, which is kept in localStorage. The
 * result is `data-theme` on <html>, which base.css reads; before this runs
 * the page shows the system's own canvas colours, so a dark system never
 * flashes white.
 */
import { h } from './dom';
import { t } from './i18n';

type Theme = 'light' | 'dark';
const STORAGE_KEY = 'catalogue.theme';
const systemDark = matchMedia('(prefers-color-scheme: dark)');

const stored = (): Theme | undefined => {
  const value = localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : undefined;
};
const systemTheme = (): Theme => (systemDark.matches ? 'dark' : 'light');
export const currentTheme = (): Theme => stored() ?? systemTheme();

const apply = () => (document.documentElement.dataset.theme = currentTheme());

/** Sets the theme now and follows the system's changes while the reader has not chosen; `onChange` redraws the switch. */
export function mountTheme(onChange: () => void): void {
  apply();
  systemDark.addEventListener('change', () => (apply(), onChange()));
}

/** The header's switch: pressed when dark. Choosing what the system shows forgets the choice, so the page follows the system again. */
export function themeSwitch(): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary small', 'data-focus-key': 'theme' }, t('theme.dark'));
  const show = () => button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
  show();
  button.addEventListener('click', () => {
    const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
    if (next === systemTheme()) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
    apply();
    show();
  });
  return button;
}
