/**
 * Sign-in. Locally (config mode 'local') a development form: an id, an admin
 * box and the events one organises, exchanged for a token at POST
 * /local/dev-token, which only the local server has. In AWS (mode 'cognito'):
 * email and password against the attendee pool, or with the staff box the
 * staff pool (MFA). Either way the access token goes to sessionStorage.
 */
import { api } from './api';
import { signIn, currentUser } from './auth';
import { challengeAnswers, initiateAuth, respondToChallenge, type CognitoResult } from './cognito';
import { pageConfig } from './config';
import { field, h, heading } from './dom';
import { t } from './i18n';
import type { Route } from './router';
import { act, announce, messageArea } from './status';

export async function signInPage(main: HTMLElement, route: Route): Promise<void> {
  const next = route.query.get('next') ?? '#/';
  // Only in-page destinations: `next` comes from the address bar.
  const done = () => location.replace(next.startsWith('#/') ? next : '#/');
  const config = await pageConfig();
  const message = messageArea();
  const submit = h('button', { type: 'submit' }, t('signIn.submit'));
  const form = h('form', { class: 'sign-in' });
  document.title = `${t('signIn.title')} · ${t('app.title')}`;

  const finish = (token: string, name?: string) => {
    signIn(token, name);
    const said = t('signIn.done', { name: currentUser()?.name ?? '' });
    announce(said);
    done();
    return said;
  };

  if (config.mode === 'local') {
    const sub = h('input', { name: 'sub', required: true, autocomplete: 'username', 'aria-describedby': 'sub-help', 'data-path': 'body.sub', autocapitalize: 'none', spellcheck: 'false' });
    const admin = h('input', { type: 'checkbox', name: 'admin' });
    const organiserOf = h('input', { name: 'organiserOf', 'aria-describedby': 'organiser-help', 'data-path': 'body.organiserOf', autocapitalize: 'none', spellcheck: 'false' });
    form.append(
      h('p', { class: 'hint' }, t('signIn.localHint')),
      field(t('signIn.attendeeId'), sub, h('span', { id: 'sub-help', class: 'hint' }, t('signIn.attendeeIdHelp'))),
      h('label', { class: 'check' }, admin, t('signIn.admin')),
      field(t('signIn.organiserOf'), organiserOf, h('span', { id: 'organiser-help', class: 'hint' }, t('signIn.organiserOfHelp'))),
      submit,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void act(submit, message, async () => {
        const body = { sub: sub.value.trim().toLowerCase(), admin: admin.checked, organiserOf: organiserOf.value.trim().toLowerCase().split(/[\s,]+/).filter(Boolean) };
        const { token } = await api<{ token: string }>('POST', '/local/dev-token', { body });
        return finish(token);
      }, form);
    });
  } else {
    const { region } = config;
    const staff = h('input', { type: 'checkbox', name: 'staff' });
    const clientId = () => (staff.checked ? config.staffUserPoolClientId : config.userPoolClientId);
    const username = h('input', { type: 'email', name: 'username', required: true, autocomplete: 'username' });
    const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'current-password' });
    const answer = h('input', { name: 'answer', autocomplete: 'one-time-code' });
    const answerField = field('', answer);
    answerField.hidden = true;
    const answerLabel = answerField.querySelector('label')!;
    let pending: { challenge: string; session: string } | undefined;
    form.append(field(t('signIn.email'), username), field(t('signIn.password'), password), h('label', { class: 'check' }, staff, t('signIn.staff')), answerField, submit);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void act(submit, message, async () => {
        const result: CognitoResult = pending
          ? await respondToChallenge(region, clientId(), pending.challenge, pending.session, username.value, answer.value)
          : await initiateAuth(region, clientId(), username.value, password.value);
        if ('token' in result) return finish(result.token, username.value);
        if (!(result.challenge in challengeAnswers)) throw new Error(t('signIn.unsupported', { challenge: result.challenge }));
        // One more answer is needed: ask for it in the same form.
        pending = result;
        staff.disabled = true; // the challenge belongs to the pool it came from
        const isMfa = result.challenge === 'SOFTWARE_TOKEN_MFA';
        answerLabel.textContent = isMfa ? t('signIn.mfaCode') : t('signIn.newPassword');
        answer.type = isMfa ? 'text' : 'password';
        answer.autocomplete = isMfa ? 'one-time-code' : 'new-password';
        answer.required = true;
        answerField.hidden = false;
        submit.textContent = t('signIn.continue');
        answer.focus();
        return isMfa ? t('signIn.mfaCode') : t('signIn.newPassword');
      });
    });
  }

  main.replaceChildren(heading(t('signIn.title')), form, message);
}
