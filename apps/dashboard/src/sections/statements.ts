// Relevés: every member's statement for a month (GET /api/statements), and its CSV as the API
// writes it (`format=csv`, fetched with the token, then saved under the API's file name).
import { card, field, h, note, saveFile, select, table } from '../dom.js';
import type { MonthlyStatement } from '../types.js';
import { failure, fill, type Context, type View } from '../view.js';

export function statementsView(context: Context): View {
  const { text, api, site } = context;
  const month = h('input', { type: 'month', name: 'month', required: true, value: new Intl.DateTimeFormat('en-CA', { timeZone: site.timezone, year: 'numeric', month: '2-digit' }).format(new Date()) });
  const layout = select('layout', Object.entries(text.layouts), 'summary');
  const results = h('div', { id: 'statements' });
  const download = h('button', { type: 'button', id: 'statements-csv' }, text.downloadCsv);
  const load = () => fill(results, text, () => api.get<MonthlyStatement[]>(`/api/statements?month=${month.value}`), (statements) => statementTable(context, statements));
  download.addEventListener('click', () => {
    download.disabled = true;
    api
      .download(`/api/statements?month=${month.value}&format=csv&layout=${layout.value}`)
      .then(({ blob, filename }) => saveFile(blob, filename ?? `cantine-releves-${month.value}.csv`))
      .catch((error: unknown) => results.prepend(note('error', failure(text, error))))
      .finally(() => (download.disabled = false));
  });
  const form = h(
    'form',
    { class: 'form filters', id: 'statements-form' },
    field(text.month, month),
    field(text.layout, layout),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, text.show), download),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  void load();
  return { element: h('div', { class: 'section statements' }, card(text.sections.statements, form, results)) };
}

function statementTable(context: Context, statements: MonthlyStatement[]): HTMLElement {
  const { text, formats } = context;
  const billed = statements.filter((s) => s.totalCents > 0 || s.lines.length > 0);
  billed.sort((a, b) => a.memberName.localeCompare(b.memberName, text.locale));
  if (billed.length === 0) return note('info', text.noData);
  const total = billed.reduce((sum, s) => sum + s.totalCents, 0);
  return h(
    'div',
    {},
    table(
      [
        { title: text.name, cell: (s) => s.memberName },
        { title: text.adherent, cell: (s) => (s.adherent ? text.yes : text.no) },
        { title: text.daysUsed, cell: (s) => s.daysUsed, numeric: true },
        { title: text.halfDaysUsed, cell: (s) => s.halfDaysUsed, numeric: true },
        { title: text.carnetsSold, cell: (s) => s.carnetsSold, numeric: true },
        { title: text.subscriptionMonths, cell: (s) => s.subscriptionMonthsSold, numeric: true },
        { title: text.total, cell: (s) => formats.cents(s.totalCents), numeric: true },
      ],
      billed,
      (s) => ({ 'data-member': s.memberId }),
    ),
    h('p', { class: 'total' }, `${text.total} : `, h('strong', { id: 'statements-total' }, formats.cents(total))),
  );
}
