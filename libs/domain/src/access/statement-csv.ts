// Rule 6: monthly statements as CSV for the association's spreadsheet.
// Written for Excel in a French locale, which opens a double-clicked file without an import
// dialog only if: fields are separated by `;` (`,` is the decimal mark), amounts use a decimal
// comma ("9,00"), the file starts with a UTF-8 byte-order mark (else "Journée" shows as
// "JournÃ©e"), and lines end with CRLF (RFC 4180).
import type { MonthlyStatement } from './monthly-statement.js';

export type StatementCsvLayout = 'summary' | 'lines';

const BOM = '\uFEFF';
const SEPARATOR = ';';
const NEWLINE = '\r\n';

const SUMMARY_HEADER = [
  'mois',
  'membre_id',
  'membre',
  'adherent',
  'journees',
  'demi_journees',
  'credits_carnet_utilises',
  'carnets_vendus',
  'mois_abonnement',
  'montant_eur',
];
const LINES_HEADER = [
  'mois',
  'membre_id',
  'membre',
  'adherent',
  'date',
  'article',
  'libelle',
  'quantite',
  'prix_unitaire_eur',
  'montant_eur',
];

/** `summary`: one row per member and month; `lines`: one row per statement line. */
export function statementsToCsv(
  statements: readonly MonthlyStatement[],
  layout: StatementCsvLayout = 'summary',
): string {
  const rows =
    layout === 'summary'
      ? [SUMMARY_HEADER, ...statements.map(summaryRow)]
      : [LINES_HEADER, ...statements.flatMap(lineRows)];
  return BOM + rows.map((row) => row.map(escapeField).join(SEPARATOR) + NEWLINE).join('');
}

/** Cents as euros with a decimal comma: 1250 → "12,50", -5 → "-0,05". */
export function formatEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function summaryRow(s: MonthlyStatement): string[] {
  return [
    s.month,
    s.memberId,
    neutralise(s.memberName),
    s.adherent ? 'oui' : 'non',
    String(s.daysUsed),
    String(s.halfDaysUsed),
    String(s.carnetCreditsUsed),
    String(s.carnetsSold),
    String(s.subscriptionMonthsSold),
    formatEuros(s.totalCents),
  ];
}

function lineRows(s: MonthlyStatement): string[][] {
  return s.lines.map((l) => [
    s.month,
    s.memberId,
    neutralise(s.memberName),
    s.adherent ? 'oui' : 'non',
    l.date,
    l.item,
    neutralise(l.label),
    String(l.quantity),
    formatEuros(l.unitCents),
    formatEuros(l.amountCents),
  ]);
}

// A member named "=HYPERLINK(…)" must not become a live formula in the manager's spreadsheet
// (OWASP "CSV injection"): text starting with a formula character is prefixed with a quote.
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function escapeField(field: string): string {
  return /[";\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
