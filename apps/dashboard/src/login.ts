// The login form: e-mail and password to POST /api/auth/login; the token goes to sessionStorage.
import type { Api } from './api.js';
import { field, h, note } from './dom.js';
import type { Text } from './i18n.js';

export function loginView(api: Api, text: Text, message: string | undefined, onLoggedIn: () => void): HTMLElement {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { class: 'login-status' }, message ? note('info', message) : null);
  const submit = h('button', { type: 'submit', class: 'primary' }, text.login);
  const form = h('form', { class: 'login-form' }, h('h1', {}, `${text.appName} — ${text.loginTitle}`), status, field(text.email, email), field(text.password, password), submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    api
      .login(email.value.trim(), password.value)
      .then((result) => {
        if (result.ok) return onLoggedIn();
        status.replaceChildren(note('error', result.lockedMinutes ? text.tooManyLogins(result.lockedMinutes) : text.wrongCredentials));
        password.value = '';
        password.focus();
      })
      .catch(() => status.replaceChildren(note('error', text.unreachable)))
      .finally(() => (submit.disabled = false));
  });
  queueMicrotask(() => email.focus());
  return h('main', { class: 'login' }, form);
}
