// Rule 6: a member's statement for one calendar month of the site (what bills: pass-billing.ts).
// A month's lines come from the passes' terms as they stood at its end, plus, for each change
// made during the month, what that change alters in earlier months (a "correction" line dated
// the day of the change). So a closed month depends only on what was recorded by its end and
// never changes, and the months added up give what the passes bill as they stand today.
import { lastDayOfMonth, monthOf, addDays } from './calendar-date.js';
import { termsOf, type Member, type Pass, type PassChangeKind, type PassTerms } from './pass.js';
import { passCharges, totalCents, type Charge, type ChargeItem } from './pass-billing.js';
import { DEFAULT_TARIFFS, listPriceCents, type Tariffs } from './tariffs.js';

export type StatementItem = ChargeItem;

export interface StatementLine {
  /** Local date: of the sale, of the subscription period's start, or of the change. */
  date: string;
  passId: string;
  item: StatementItem;
  /** French, as printed for the member. */
  label: string;
  quantity: number;
  unitCents: number;
  amountCents: number;
}

export interface MonthlyStatement {
  /** `YYYY-MM` in the site's zone. */
  month: string;
  memberId: string;
  memberName: string;
  adherent: boolean;
  /** Informative: days and half-days taken from day passes in the month (billed when sold). */
  daysUsed: number;
  halfDaysUsed: number;
  /** Informative: carnet days are paid when the carnet is sold. */
  carnetCreditsUsed: number;
  daysSold: number;
  halfDaysSold: number;
  carnetsSold: number;
  eventsSold: number;
  subscriptionMonthsSold: number;
  lines: StatementLine[];
  totalCents: number;
  /** Set by the service: the month is over and its statement final (statement-month.ts). */
  closed?: boolean;
}

const ITEM_ORDER: readonly StatementItem[] = ['subscription', 'carnet', 'day', 'half-day', 'event', 'refund', 'correction'];
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const CHANGE_LABEL: Record<PassChangeKind, string> = { correct: 'Correction', end: 'Fin du pass', cancel: 'Annulation' };

export function monthlyStatement(
  member: Member,
  passes: readonly Pass[],
  month: string,
  tariffs: Tariffs = DEFAULT_TARIFFS,
): MonthlyStatement {
  const own = passes.filter((p) => p.memberId === member.id);
  const lines = own.flatMap((pass) => linesFor(pass, member, month, tariffs));
  // Same order whatever order the passes come in (a restart reloads them sorted differently).
  lines.sort((a, b) => compare(a.date, b.date) || ITEM_ORDER.indexOf(a.item) - ITEM_ORDER.indexOf(b.item) || compare(a.passId, b.passId));
  const count = (item: StatementItem) => lines.filter((l) => l.item === item).length;
  const uses = (type: Pass['type']) => own.filter((p) => p.type === type).reduce((sum, p) => sum + p.usedOn.filter((u) => monthOf(u.date) === month).length, 0);
  return {
    month,
    memberId: member.id,
    memberName: member.name,
    adherent: member.adherent,
    daysUsed: uses('day'),
    halfDaysUsed: uses('half-day'),
    carnetCreditsUsed: uses('carnet'),
    daysSold: count('day'),
    halfDaysSold: count('half-day'),
    carnetsSold: count('carnet'),
    eventsSold: count('event'),
    subscriptionMonthsSold: count('subscription'),
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
  };
}

/** The terms in force at the end of `date`: after the last change made on or before it. */
export function termsAt(pass: Pass, date: string): PassTerms {
  const changes = pass.changes ?? [];
  const last = changes.filter((c) => c.on <= date).at(-1);
  if (last) return last.after;
  return changes[0]?.before ?? termsOf(pass);
}

function linesFor(pass: Pass, member: Member, month: string, tariffs: Tariffs): StatementLine[] {
  // Passes sold before prices were kept on them are priced at the current tariffs.
  const price = pass.priceCents ?? listPriceCents(pass, member, tariffs);
  const mode = pass.endMode ?? tariffs.subscriptionEnd;
  const monthEnd = lastDayOfMonth(month);
  const before = addDays(`${month}-01`, -1);
  const charge = (terms: PassTerms, upTo: string) => passCharges(pass, terms, upTo, price, mode);
  const current = charge(termsAt(pass, monthEnd), monthEnd).filter((c) => monthOf(c.date) === month);
  const corrections = (pass.changes ?? [])
    .filter((change) => monthOf(change.on) === month)
    .map((change): Charge => {
      const amountCents = totalCents(charge(change.after, before)) - totalCents(charge(change.before, before));
      const item = change.kind === 'cancel' && change.after.refund ? 'refund' : 'correction';
      return { date: change.on, item, label: item === 'refund' ? 'Remboursement' : CHANGE_LABEL[change.kind], amountCents };
    })
    .filter((c) => c.amountCents !== 0);
  return [...current, ...corrections].map((c) => ({
    date: c.date,
    passId: pass.id,
    item: c.item,
    label: c.label,
    quantity: 1,
    unitCents: c.amountCents,
    amountCents: c.amountCents,
  }));
}
