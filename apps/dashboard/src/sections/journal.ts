// Journal: the audit log with filters (GET /api/access-events) and a CSV export of what is shown.
import { toCsv } from '../../../../libs/domain/src/csv.js';
import { card, field, h, localToday, note, saveFile, select, table } from '../dom.js';
import { reasonText } from '../i18n.js';
import type { AccessEvent, MemberView } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';

const LIMIT = 1000;
const DAY_MS = 86_400_000;

/** A local date of the browser as the instant of its midnight (the manager is at the site). */
const midnight = (date: string, plusDays = 0) => new Date(new Date(`${date}T00:00:00`).getTime() + plusDays * DAY_MS).toISOString();

/** The filters, the last seven days by default; members are listed once loaded. */
function journalFilters(context: Context) {
  const { text, api, site } = context;
  const filters = {
    from: h('input', { type: 'date', name: 'from', value: localToday(site.timezone, new Date(Date.now() - 6 * DAY_MS)) }),
    to: h('input', { type: 'date', name: 'to', value: localToday(site.timezone) }),
    door: select('door', [['', text.allDoors], ...site.doors.map((d): [string, string] => [d.id, d.name])]),
    granted: select('granted', [['', text.all], ['true', text.granted], ['false', text.denied]]),
    kind: select('kind', Object.entries(text.kindFilter)),
    member: select('member', [['', text.allMembers]]),
  };
  api.get<MemberView[]>('/api/members').then((members) => {
    for (const m of members.sort((a, b) => a.name.localeCompare(b.name, text.locale))) filters.member.append(h('option', { value: m.id }, m.name));
  }, () => undefined);
  return filters;
}

export function journalView(context: Context): View {
  const { text, api, site } = context;
  const filters = journalFilters(context);
  const results = h('div', { id: 'journal' });
  const exportButton = h('button', { type: 'button', id: 'journal-csv', disabled: true }, text.exportCsv);
  let shown: AccessEvent[] = [];

  const query = () => {
    const params = new URLSearchParams({ site: site.id, kind: filters.kind.value, limit: String(LIMIT) });
    if (filters.from.value) params.set('from', midnight(filters.from.value));
    if (filters.to.value) params.set('to', midnight(filters.to.value, 1));
    for (const key of ['door', 'granted', 'member'] as const) if (filters[key].value) params.set(key, filters[key].value);
    return `/api/access-events?${params}`;
  };
  const load = () =>
    fill(results, text, () => api.get<AccessEvent[]>(query()), (events) => {
      shown = events;
      exportButton.disabled = events.length === 0;
      return [note('info', text.entries(events.length)), eventTable(context, events)];
    });
  exportButton.addEventListener('click', () => {
    try {
      saveFile(new Blob([journalCsv(context, shown)], { type: 'text/csv;charset=utf-8' }), `cantine-journal-${site.id}-${filters.from.value}-${filters.to.value}.csv`);
    } catch (error) {
      results.prepend(note('error', failure(text, error)));
    }
  });
  const form = h(
    'form',
    { class: 'form filters', id: 'journal-filters' },
    field(text.from, filters.from),
    field(text.to, filters.to),
    field(text.door, filters.door),
    field(text.result, filters.granted),
    field(text.kind, filters.kind),
    field(text.member, filters.member),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, text.filter), exportButton),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  void load();
  return { element: h('div', { class: 'section journal' }, card(text.sections.journal, form, results)) };
}

function eventTable(context: Context, events: AccessEvent[]): HTMLElement {
  const { text, formats, site } = context;
  return table(
    [
      { title: text.time, cell: (e) => formats.instant(e.time) },
      { title: text.kind, cell: (e) => text.eventKinds[e.kind] ?? e.kind },
      { title: text.door, cell: (e) => site.doors.find((d) => d.id === e.door)?.name ?? e.door ?? '–' },
      { title: text.reader, cell: (e) => e.reader ?? '–' },
      { title: text.member, cell: (e) => e.member?.name ?? (e.uid ? h('code', {}, e.uid) : '–') },
      { title: text.result, cell: (e) => (e.granted === null ? '–' : h('span', { class: `tag ${e.granted ? 'ok' : 'bad'}` }, e.granted ? text.granted : text.denied)) },
      { title: text.reason, cell: (e) => reasonText(text, e.reason, e.detail) },
    ],
    events,
    (e) => ({ 'data-event': e.id }),
  );
}

/**
 * One row per entry shown: the UTC instant and the site's local time, codes and their words.
 * Column names in French snake case, like the statements' CSV (the association's spreadsheet).
 */
export const JOURNAL_CSV_HEADER = ['heure_utc', 'heure_locale', 'type', 'site', 'porte', 'lecteur', 'uid', 'membre_id', 'membre', 'autorise', 'motif', 'motif_texte', 'detail'];

export function journalCsv(context: Context, events: AccessEvent[]): string {
  const { text, formats } = context;
  const header = JOURNAL_CSV_HEADER;
  const rows = events.map((e) => [
    e.time,
    formats.instant(e.time),
    e.kind,
    e.site,
    e.door,
    e.reader,
    e.uid,
    e.member?.id ?? null,
    e.member?.name ?? null,
    e.granted === null ? null : e.granted ? 'oui' : 'non',
    e.reason,
    reasonText(text, e.reason, e.detail),
    e.detail,
  ]);
  return toCsv(header, rows);
}
