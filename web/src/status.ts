/**
 * Showing results: a polite live region for announcements, and inline
 * messages beside the button that caused them, so the outcome of an action
 * appears at once, in words, where the reader is looking.
 */
import { ApiError, describeError, errorLead } from './api';
import { h, replace } from './dom';
import { t } from './i18n';

let announcer: HTMLElement | undefined;

export function mountAnnouncer(parent: HTMLElement): void {
  announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', id: 'announcer' });
  parent.append(announcer);
}

/** Read out by screen readers without moving focus (result counts, loading done). */
export function announce(text: string): void {
  if (!announcer) return;
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers repeat an identical message.
  setTimeout(() => announcer && (announcer.textContent = text), 50);
}

let toast: HTMLElement | undefined;

/**
 * A short note at the bottom of the screen, for an action whose button has
 * no room beside it for a message (a card's star): a sentence, perhaps a
 * link (sign in), and a close button. A new note replaces the last one.
 */
export function showToast(text: string, link?: { href: string; text: string }): void {
  toast ??= document.body.appendChild(h('div', { class: 'toast', role: 'status' }));
  const close = h('button', { type: 'button', class: 'secondary small', onclick: () => (toast!.hidden = true) }, t('bookmark.close'));
  toast.hidden = false;
  replace(toast, h('p', null, text, link ? [' ', h('a', { href: link.href }, link.text)] : null), close);
}

/**
 * A load that failed, in the page's language and nothing else (the
 * server's own detail is English and meant for developers), with a button
 * that tries again.
 */
export const loadError = (what: string, error: unknown, retry: () => void) =>
  h('div', { class: 'load-error', role: 'alert' },
    h('p', { class: 'message error' }, [what, errorLead(error)].filter(Boolean).join(' ')),
    h('button', { type: 'button', onclick: retry }, t('error.retry')));

/** An inline message line; role=status so its text is announced when it changes. */
export const messageArea = () => h('p', { class: 'message', role: 'status' });

export function showMessage(area: HTMLElement, text: string, kind: 'ok' | 'error'): void {
  area.textContent = text;
  area.className = `message ${kind}`;
}

/** Marks the form fields an API error names (data-path="body.rating") and says what is wrong beside each. */
export function showFieldErrors(form: HTMLElement, error: unknown): void {
  form.querySelectorAll('[aria-invalid]').forEach((field) => {
    field.removeAttribute('aria-invalid');
    const rest = field.getAttribute('aria-describedby')?.split(' ').filter((id) => !id.startsWith('error-')).join(' ');
    if (rest) field.setAttribute('aria-describedby', rest);
    else field.removeAttribute('aria-describedby');
  });
  form.querySelectorAll('.field-error').forEach((note) => note.remove());
  if (!(error instanceof ApiError)) return;
  for (const { path, message } of error.errors) {
    const field = form.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
    if (!field) continue;
    const note = h('span', { class: 'field-error', id: `error-${path.replace(/\W/g, '-')}` }, message);
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', [field.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
    field.after(note);
  }
}

/**
 * Runs an action from a button: the button is disabled meanwhile, the
 * outcome (or the error, in plain words) shows in `area`. After a 503 the
 * button stays disabled for the Retry-After seconds the server asked for.
 */
export async function act(button: HTMLButtonElement, area: HTMLElement, action: () => Promise<string>, form?: HTMLElement): Promise<boolean> {
  button.disabled = true;
  let retryAfter = 0;
  try {
    showMessage(area, await action(), 'ok');
    if (form) showFieldErrors(form, undefined);
    return true;
  } catch (error) {
    showMessage(area, describeError(error), 'error');
    if (form) showFieldErrors(form, error);
    if (error instanceof ApiError && error.status === 503) retryAfter = error.retryAfter ?? 5;
    return false;
  } finally {
    if (retryAfter > 0) setTimeout(() => (button.disabled = false), retryAfter * 1000);
    else button.disabled = false;
  }
}
