// Adhérents: the list (with a search), a form to create a member, and the chosen member's detail.
import { card, field, h, localToday, note, table } from '../dom.js';
import type { AccessEvent, Created, MemberCreateDto, MemberView, PassView } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';
import { memberDetail } from './member-detail.js';

export function membersView(context: Context): View {
  const { text, api } = context;
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
          { title: text.roster.currentPass, cell: (m) => passCell(context, m.current) },
          { title: text.remaining, cell: (m) => (m.current ? (m.current.remaining ?? text.unlimited) : '–'), numeric: true },
          { title: text.roster.today, cell: (m) => (m.present ? h('span', { class: 'tag ok', 'data-present': 'true' }, text.roster.present) : '') },
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

type RosterRow = MemberView & { current: PassView | null; present: boolean };

/** The pass in force today: not cancelled, within its dates, not used up (the first sold wins). */
export function currentPass(passes: PassView[], today: string): PassView | null {
  return (
    passes.find(
      (p) => !p.cancelledOn && (p.validFrom === undefined || p.validFrom.slice(0, 10) <= today) && (p.validUntil === undefined || p.validUntil.slice(0, 10) >= today) && p.remaining !== 0,
    ) ?? null
  );
}

/**
 * Members with their pass in force and whether a badge of theirs opened a door today. The API
 * lists members without passes: each member's passes come from its own call (fine for a
 * coworking's few hundred members), presence from today's granted badge-ins in the audit log.
 */
async function roster(context: Context): Promise<RosterRow[]> {
  const { api, site } = context;
  const today = localToday(site.timezone);
  const since = new Date(`${today}T00:00:00`).toISOString();
  const [members, events] = await Promise.all([
    api.get<MemberView[]>('/api/members'),
    api.get<AccessEvent[]>(`/api/access-events?${new URLSearchParams({ site: site.id, from: since, granted: 'true', kind: 'badge', limit: '1000' })}`),
  ]);
  const present = new Set(events.map((e) => e.member?.id));
  const passes = await Promise.all(members.map((m) => api.get<{ passes: PassView[] }>(`/api/members/${encodeURIComponent(m.id)}`).then((d) => d.passes, () => [])));
  return members.map((m, i) => ({ ...m, current: currentPass(passes[i]!, today), present: present.has(m.id) }));
}

function passCell(context: Context, pass: PassView | null): Node | string {
  const { text, formats } = context;
  if (!pass) return h('span', { class: 'tag off' }, text.roster.noPass);
  const name = text.passTypes[pass.type] ?? pass.type;
  const until = pass.validUntil && pass.type !== 'event' ? text.roster.until(formats.localDate(pass.validUntil)) : '';
  return h('span', { 'data-current': pass.type }, name, until ? h('small', {}, ` ${until}`) : null);
}
