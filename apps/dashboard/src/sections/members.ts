// Adhérents: the list (with a search), a form to create a member, and the chosen member's detail.
import { card, field, h, note, table } from '../dom.js';
import type { Created, MemberCreateDto, MemberListItem, PassView } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';
import { memberDetail } from './member-detail.js';

export function membersView(context: Context): View {
  const { text } = context;
  const list = h('div', { id: 'member-list' });
  const detail = h('div', { id: 'member-detail' }, h('p', { class: 'note info' }, text.selectMember));
  const search = h('input', { type: 'search', name: 'search', placeholder: text.search, 'aria-label': text.search });
  let members: RosterRow[] = [];
  let selected: string | null = null;
  let closeDetail: (() => void) | undefined;

  const listTable = () => {
    const words = search.value.trim().toLowerCase();
    const shown = members.filter((m) => !words || `${m.name} ${m.email}`.toLowerCase().includes(words));
    return table(
        [
          {
            title: text.name,
            cell: (m) =>
              h('span', { class: 'member-cell' }, h('button', { type: 'button', class: 'link', onclick: () => open(m.id) }, m.name), h('small', {}, m.email, m.adherent ? ` · ${text.adherent}` : '')),
          },
          { title: text.roster.currentPass, cell: (m) => passCell(context, m.currentPass) },
          { title: text.remaining, cell: (m) => (m.currentPass ? (m.currentPass.remaining ?? text.unlimited) : '–'), numeric: true },
          { title: text.roster.today, cell: (m) => (m.presentToday ? h('span', { class: 'tag ok', 'data-present': 'true' }, text.roster.present) : '') },
        ],
        shown,
        (m) => ({ 'data-member': m.id, class: m.id === selected ? 'selected' : undefined }),
    );
  };
  const showList = () => list.replaceChildren(listTable());
  const reload = () => fill(list, text, () => roster(context), (loaded) => {
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
    // One column (tablet, phone): the detail is below the list, so bring it into view.
    if (window.matchMedia('(max-width: 1023px)').matches) detail.scrollIntoView({ block: 'start' });
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
      .post<Created>('/api/members', { name: name.value.trim(), email: email.value.trim(), adherent: adherent.checked } satisfies MemberCreateDto)
      .then(({ id }) => {
        form.reset();
        status.replaceChildren(note('ok', text.created));
        created(id);
      })
      .catch((error: unknown) => status.replaceChildren(note('error', failure(text, error))));
  });
  return card(text.newMember, form);
}

type RosterRow = MemberListItem;

/** Rows per request; the list asks page after page until a short one (the search filters them all). */
const PAGE = 500;

/** Members with their pass in force and presence today, as GET /api/members gives them: no call per member. */
async function roster(context: Context): Promise<RosterRow[]> {
  const rows: RosterRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await context.api.get<RosterRow[]>(`/api/members?limit=${PAGE}&offset=${offset}`);
    rows.push(...page);
    if (page.length < PAGE) return rows;
  }
}

function passCell(context: Context, pass: PassView | null): Node | string {
  const { text, formats } = context;
  if (!pass) return h('span', { class: 'tag off' }, text.roster.noPass);
  const name = text.passTypes[pass.type] ?? pass.type;
  const until = pass.validUntil && pass.type !== 'event' ? text.roster.until(formats.localDate(pass.validUntil)) : '';
  return h('span', { 'data-current': pass.type }, name, until ? h('small', {}, ` ${until}`) : null);
}
