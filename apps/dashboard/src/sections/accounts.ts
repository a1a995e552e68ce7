// Comptes: everyone changes their own password (then signs in again: every older token stops
// working); managers list the accounts, create one, disable or enable it, and reset its
// password (the new one shown once).
import { card, field, h, note, select, table } from '../dom.js';
import type { Context, View } from '../view.js';
import type { AccountCreateBody, AccountView as Account, NewPasswordBody, PasswordChangeBody } from '../types.js';
import { failure, fill } from '../view.js';

export function accountsView(context: Context): View {
  const { text, api } = context;
  const parts: HTMLElement[] = [card(text.acc.myPassword, passwordForm(context))];
  if (api.isManager) {
    const list = h('div', { id: 'account-list' });
    const status = h('div', { id: 'account-status' });
    const reload = () => fill(list, text, () => api.get<Account[]>('/api/accounts'), (accounts) => accountTable(context, accounts, status, () => void reload()));
    void reload();
    parts.unshift(card(text.acc.title, status, list), card(text.acc.create, createForm(context, status, () => void reload())));
  }
  return { element: h('div', { class: 'section accounts' }, ...parts) };
}

function accountTable(context: Context, accounts: Account[], status: HTMLElement, reload: () => void): HTMLElement {
  const { text, api } = context;
  const t = text.acc;
  const me = api.account?.id;
  const act = (account: Account, path: string, confirmText: string | null, after: (answer: Partial<NewPasswordBody>) => void) => {
    if (confirmText && !confirm(confirmText)) return;
    api.post<Partial<NewPasswordBody>>(`/api/accounts/${encodeURIComponent(account.id)}/${path}`).then(
      (answer) => {
        after(answer ?? {});
        reload();
      },
      (error: unknown) => status.replaceChildren(note('error', failure(text, error))),
    );
  };
  const buttons = (a: Account) =>
    a.id === me
      ? h('span', { class: 'tag' }, t.you)
      : h(
          'span',
          { class: 'row-actions' },
          a.disabled
            ? h('button', { type: 'button', class: 'small', 'data-action': 'enable', onclick: () => act(a, 'enable', null, () => status.replaceChildren(note('ok', t.enabled(a.email)))) }, t.enable)
            : h('button', { type: 'button', class: 'small danger', 'data-action': 'disable', onclick: () => act(a, 'disable', t.confirmDisable(a.email), () => status.replaceChildren(note('ok', t.disabled(a.email)))) }, t.disable),
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'data-action': 'reset',
              onclick: () =>
                act(a, 'reset-password', t.confirmReset(a.email), (answer) =>
                  status.replaceChildren(h('div', { class: 'note ok', role: 'status' }, t.resetDone(a.email), ' ', h('code', { id: 'reset-password' }, answer.password ?? ''))),
                ),
            },
            t.reset,
          ),
        );
  return table(
    [
      { title: text.email, cell: (a) => a.email },
      { title: t.role, cell: (a) => t.roles[a.role] ?? a.role },
      { title: text.status, cell: (a) => h('span', { class: `tag ${a.disabled ? 'revoked' : 'active'}` }, a.disabled ? t.off : t.on) },
      { title: '', cell: buttons },
    ],
    accounts,
    (a) => ({ 'data-account': a.email }),
  );
}

function createForm(context: Context, status: HTMLElement, created: () => void): HTMLElement {
  const { text, api } = context;
  const t = text.acc;
  const email = h('input', { name: 'email', type: 'email', required: true });
  const password = h('input', { name: 'password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const role = select('role', [['staff', t.roles['staff']!], ['manager', t.roles['manager']!]]);
  const local = h('div');
  const form = h('form', { class: 'form inline', id: 'account-create' }, field(text.email, email), field(t.firstPassword, password), field(t.role, role), h('button', { type: 'submit', class: 'primary' }, text.create), local);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.post('/api/accounts', { email: email.value.trim(), password: password.value, role: role.value as Account['role'] } satisfies AccountCreateBody).then(
      () => {
        status.replaceChildren(note('ok', t.created(email.value.trim())));
        local.replaceChildren();
        form.reset();
        created();
      },
      (error: unknown) => local.replaceChildren(note('error', failure(text, error))),
    );
  });
  return form;
}

function passwordForm(context: Context): HTMLElement {
  const { text, api } = context;
  const t = text.acc;
  const current = h('input', { name: 'current', type: 'password', required: true, autocomplete: 'current-password' });
  const next = h('input', { name: 'next', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const status = h('div');
  const form = h('form', { class: 'form inline', id: 'password-change' }, field(t.current, current), field(t.next, next), h('button', { type: 'submit', class: 'primary' }, t.change), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api.expectExpiry(t.changed);
    api.post('/api/auth/password', { current: current.value, next: next.value } satisfies PasswordChangeBody).then(
      () => api.expire(t.changed),
      (error: unknown) => {
        api.expectExpiry(undefined);
        status.replaceChildren(note('error', failure(text, error)));
      },
    );
  });
  return form;
}
