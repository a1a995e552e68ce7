// Rule 6: monthly statements as CSV for the association's spreadsheet, in the dialect of
// ../csv.ts (French Excel); amounts use a decimal comma ("9,00") like the locale.
import { toCsv } from '../csv.js';
import type { MonthlyStatement } from './monthly-statement.js';

export type StatementCsvLayout = 'summary' | 'lines';

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
  return layout === 'summary' ? toCsv(SUMMARY_HEADER, statements.map(summaryRow)) : toCsv(LINES_HEADER, statements.flatMap(lineRows));
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
    s.memberName,
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
    s.memberName,
    s.adherent ? 'oui' : 'non',
    l.date,
    l.item,
    l.label,
    String(l.quantity),
    formatEuros(l.unitCents),
    formatEuros(l.amountCents),
  ]);
}
