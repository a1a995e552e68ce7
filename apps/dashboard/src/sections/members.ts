// Adhérents: the list (with a search), a form to create a member, and the chosen member's detail.
import { card, field, h, note, table } from '../dom.js';
import type { MemberView } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';
import { memberDetail } from './member-detail.js';

export function membersView(context: Context): View {
  const { text, api } = context;
  const list = h('div', { id: 'member-list' });
  const detail = h('div', { id: 'member-detail' }, h('p', { class: 'note info' }, text.selectMember));
  const search = h('input', { type: 'search', name: 'search', placeholder: text.search, 'aria-label': text.search });
  let members: MemberView[] = [];
  let selected: string | null = null;
  let closeDetail: (() => void) | undefined;

  const listTable = () => {
    const words = search.value.trim().toLowerCase();
    const shown = members.filter((m) => !words || `${m.name} ${m.email}`.toLowerCase().includes(words));
    return table(
        [
          { title: text.name, cell: (m) => h('button', { type: 'button', class: 'link', onclick: () => open(m.id) }, m.name) },
          { title: text.email, cell: (m) => m.email },
          { title: text.adherent, cell: (m) => (m.adherent ? text.yes : text.no) },
          { title: text.badges, cell: (m) => m.badges.filter((b) => b.status === 'active').length, numeric: true },
        ],
        shown,
        (m) => ({ 'data-member': m.id, class: m.id === selected ? 'selected' : undefined }),
    );
  };
  const showList = () => list.replaceChildren(listTable());
  const reload = () => fill(list, text, () => api.get<MemberView[]>('/api/members'), (loaded) => {
    members = loaded.sort((a, b) => a.name.localeCompare(b.name, text.locale));
    return listTable();
  });
  const open = (id: string) => {
    selected = id;
    closeDetail?.();
    const shown = memberDetail(context, id, () => void reload());
    closeDetail = shown.dispose;
    detail.replaceChildren(shown.element);
    showList();
  };
  search.addEventListener('input', showList);
  void reload();

  const element = h(
    'div',
    { class: 'section members' },
    h('div', { class: 'columns wide-right' }, h('div', {}, card(text.members, search, list), createForm(context, (id) => void reload().then(() => open(id)))), detail),
  );
  return { element, dispose: () => closeDetail?.() };
}

function createForm(context: Context, created: (id: string) => void): HTMLElement {
  const { text, api } = context;
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const email = h('input', { name: 'email', type: 'email', required: true });
  const adherent = h('input', { name: 'adherent', type: 'checkbox', checked: true });
  const status = h('div');
  const form = h(
    'form',
    { class: 'form', id: 'member-create' },
    field(text.name, name),
    field(text.email, email),
    h('label', { class: 'check' }, adherent, h('span', {}, text.adherent)),
    h('button', { type: 'submit', class: 'primary' }, text.create),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    api
      .post<{ id: string }>('/api/members', { name: name.value.trim(), email: email.value.trim(), adherent: adherent.checked })
      .then(({ id }) => {
        form.reset();
        status.replaceChildren(note('ok', text.created));
        created(id);
      })
      .catch((error: unknown) => status.replaceChildren(note('error', failure(text, error))));
  });
  return card(text.newMember, form);
}
