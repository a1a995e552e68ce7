// The manager's dashboard (contract §6): a login form, then sections chosen in a nav bar
// (#live, #today, …). Plain TypeScript and DOM like the wall; charts by Apache ECharts.
// French by default, `?lang=en`; `?site=` picks the site (the server's first one otherwise).
import { Api } from './api.js';
import { Charts } from './charts.js';
import { Formats, h, note } from './dom.js';
import { Feeds } from './feeds.js';
import { dashboardText } from './i18n.js';
import { loginView } from './login.js';
import { accountsView } from './sections/accounts.js';
import { devicesView } from './sections/devices.js';
import { doorsView } from './sections/doors.js';
import { historyView } from './sections/history.js';
import { journalView } from './sections/journal.js';
import { liveView } from './sections/live.js';
import { membersView } from './sections/members.js';
import { statementsView } from './sections/statements.js';
import { todayView } from './sections/today.js';
import type { SiteLayout } from './types.js';
import type { Context, View, ViewFactory } from './view.js';

const SECTIONS = {
  live: liveView,
  today: todayView,
  history: historyView,
  members: membersView,
  devices: devicesView,
  doors: doorsView,
  journal: journalView,
  statements: statementsView,
  accounts: accountsView,
} satisfies Record<string, ViewFactory>;
type Section = keyof typeof SECTIONS;

const params = new URLSearchParams(location.search);
const { lang, text } = dashboardText(params.get('lang'));
document.documentElement.lang = lang;
document.title = `${text.title} — ${text.appName}`;

const root = document.getElementById('app')!;
const api = new Api();
let feeds: Feeds | null = null;
let context: Omit<Context, 'charts'> | null = null;
let current: { view: View; charts: Charts } | null = null;

function showLogin(message?: string): void {
  leaveSection();
  feeds?.close();
  feeds = null;
  context = null;
  root.replaceChildren(loginView(api, text, message, startOrLogin));
}

async function start(): Promise<void> {
  root.replaceChildren(note('info', text.loading));
  feeds = new Feeds();
  const snapshot = await feeds.connect(params.get('site'), api.token ?? '', () => api.expire());
  const site = await api.get<SiteLayout>(`/api/sites/${encodeURIComponent(snapshot.site)}`);
  context = { api, text, lang, site, formats: new Formats(text.locale, site.timezone), feeds };
  root.replaceChildren(shell(site));
  showSection();
}

function sectionOf(hash: string): Section {
  const name = hash.replace(/^#/, '');
  return name in SECTIONS ? (name as Section) : 'live';
}

function showSection(): void {
  if (!context) return;
  const section = sectionOf(location.hash);
  leaveSection();
  const charts = new Charts();
  const view = SECTIONS[section]({ ...context, charts });
  current = { view, charts };
  for (const link of root.querySelectorAll<HTMLAnchorElement>('nav a')) link.setAttribute('aria-current', link.dataset['section'] === section ? 'page' : 'false');
  document.getElementById('content')!.replaceChildren(view.element);
}

function leaveSection(): void {
  current?.view.dispose?.();
  current?.charts.dispose();
  current = null;
}

function shell(site: SiteLayout): HTMLElement {
  const links = (Object.keys(SECTIONS) as Section[]).map((section) => h('a', { href: `#${section}`, 'data-section': section }, text.sections[section]));
  const banner = h('div', { id: 'live-banner', class: 'banner', role: 'status', hidden: true }, text.socketDown);
  feeds?.on('connected', (up) => (banner.hidden = up));
  const logout = h('button', { type: 'button', class: 'link', id: 'logout' }, text.logout);
  logout.addEventListener('click', () => {
    void api.signOut().then(() => showLogin());
  });
  return h(
    'div',
    { class: 'shell' },
    h('header', { class: 'top' }, h('span', { class: 'brand' }, text.appName, h('small', {}, site.name)), h('nav', { 'aria-label': text.title }, ...links), logout),
    banner,
    h('main', { id: 'content', class: 'content' }),
  );
}

function startOrLogin(): void {
  start().catch(() => showLogin(text.unreachable));
}

window.addEventListener('hashchange', showSection);
api.whenExpired((message) => showLogin(message ?? text.sessionExpired));
if (api.token) startOrLogin();
else showLogin();
