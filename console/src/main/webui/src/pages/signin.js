// #/signin: sign in through the identity provider (when the console has one), paste a token, or (when the console
// allows development tokens) mint one for a name and role.

import { h } from '../dom.js';
import { ApiError } from '../api.js';
import { field, FormErrors, whileBusy, controlCharacter } from '../forms.js';
import { consoleConfig, devSignIn, session, signIn } from '../session.js';
import { afterSignIn } from '../app.js';
import { currentPath } from '../router.js';
import { takeNotice } from '../notice.js';
import { card, pageHeader } from '../ui.js';

/** Option text is the role's name exactly (what the token carries); what it may do is the hint below. */
const ROLES = [
  ['contributor', 'uploads data and owns the datanets they create'],
  ['validator', 'also reviews uploads and overrides verdicts'],
  ['operator', 'also sees every upload and manages every job'],
];

function explain(error) {
  if (error instanceof ApiError && error.status === 401) {
    return `That token was not accepted${error.problem.detail ? `: ${error.problem.detail}` : '.'}`;
  }
  return null;
}

/** Why the console sent a visitor back from the identity provider without a session (?refused=...). */
const REFUSED = {
  'no-role': 'You signed in, but your account has no Datanet role (contributor, validator or operator). '
    + 'Ask an operator to grant you one.',
};

/**
 * A plain link, not a script call: the console answers it by sending the browser to the provider's sign-in page,
 * which comes back to the console with the session set and then to the page the visitor first asked for.
 */
function providerSignIn(provider, query) {
  const next = query.get('next');
  const href = `/console/oidc/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  return h('p', {}, h('a', { class: 'button primary', href, testid: 'provider-signin' }, `Sign in with ${provider}`));
}

function tokenForm() {
  const input = h('textarea', {
    testid: 'token-input', name: 'token', rows: 4, spellcheck: 'false', autocomplete: 'off', class: 'mono',
    placeholder: 'eyJhbGciOi…', required: true,
  });
  const button = h('button', { type: 'submit', class: `button${consoleConfig().identityProvider ? '' : ' primary'}`, testid: 'token-signin' }, 'Sign in');
  const form = h('form', { class: 'form', novalidate: true },
    field({ name: 'token', label: 'Access token (JWT)', control: input, hint: 'A bearer token issued for Datanet, e.g. by ./datanet token.' }),
    h('div', { class: 'form-actions' }, button));
  const errors = new FormErrors(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const token = input.value.trim();
    if (!token) return errors.show({ token: 'is required' });
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      return errors.show({ token: 'does not look like a JWT (three dot-separated parts)' });
    }
    try {
      await whileBusy(button, () => signIn(token));
      afterSignIn();
    } catch (err) {
      const why = explain(err);
      if (why) errors.message(why);
      else errors.problem(err);
    }
  });
  return form;
}

function devForm() {
  const name = h('input', { testid: 'dev-name', name: 'name', type: 'text', autocomplete: 'username', maxlength: 100, required: true });
  const role = h('select', { testid: 'dev-role', name: 'role' },
    ROLES.map(([value]) => h('option', { value }, value)));
  const roleHint = h('p', { class: 'hint', 'aria-live': 'polite' });
  const paintRoleHint = () => { roleHint.textContent = `A ${role.value} ${ROLES.find(([v]) => v === role.value)[1]}.`; };
  role.addEventListener('change', paintRoleHint);
  paintRoleHint();
  const button = h('button', { type: 'submit', class: 'button', testid: 'dev-signin' }, 'Mint token and sign in');
  const form = h('form', { class: 'form', novalidate: true },
    h('div', { class: 'row' },
      field({ name: 'name', label: 'Name', control: name, hint: 'Becomes the token\'s subject, e.g. alice.' }),
      h('div', { class: 'field' }, field({ name: 'role', label: 'Role', control: role }), roleHint)),
    h('div', { class: 'form-actions' }, button));
  const errors = new FormErrors(form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const value = name.value.trim();
    const problems = {};
    if (!value) problems.name = 'is required';
    else if (value.length > 100) problems.name = 'must be at most 100 characters';
    else if (controlCharacter(value)) problems.name = controlCharacter(value);
    if (errors.show(problems)) return;
    try {
      await whileBusy(button, () => devSignIn(value, role.value));
      afterSignIn();
    } catch (err) {
      errors.problem(err);
    }
  });
  return form;
}

export default {
  name: 'signin',
  title: 'Sign in',
  public: true,
  render(root) {
    const query = new URLSearchParams(currentPath().split('?')[1] ?? '');
    const notice = REFUSED[query.get('refused')] ?? takeNotice();
    const me = session();
    const provider = consoleConfig().identityProvider;
    root.append(
      h('div', { class: 'narrow' },
        pageHeader('Sign in', 'Contribute data, review uploads, follow the leaderboard and train models.'),
        notice && h('p', { class: 'notice', role: 'status' }, notice),
        me && h('p', { class: 'notice', role: 'status' }, `You are signed in as ${me.name ?? me.subject}. Signing in again switches the account.`),
        provider && card('With your account', providerSignIn(provider, query)),
        card('With a token', tokenForm()),
        consoleConfig().devTokens && card('Development sign-in',
          h('p', { class: 'hint' }, 'This console mints test tokens. Pick any name and a role.'),
          devForm())));
  },
};
