// Rule 6: a member's statement for one calendar month of the site (pricing model in tariffs.ts).
// Pass uses are already local dates, so "the month" is simply their `YYYY-MM` prefix.
import { monthOf } from './calendar-date.js';
import type { Member, Pass } from './pass.js';
import {
  DEFAULT_TARIFFS,
  carnetPrice,
  dayPrices,
  subscriptionMonthStarts,
  subscriptionMonthlyPrice,
  type Tariffs,
} from './tariffs.js';

export type StatementItem = 'day' | 'half-day' | 'carnet' | 'subscription';

export interface StatementLine {
  /** Local date: of the use, of the sale, or of the subscription month's start. */
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
  daysUsed: number;
  halfDaysUsed: number;
  /** Informative: carnet days are paid when the carnet is sold. */
  carnetCreditsUsed: number;
  carnetsSold: number;
  subscriptionMonthsSold: number;
  lines: StatementLine[];
  totalCents: number;
}

const PERIOD_LABEL = { morning: 'matin', afternoon: 'après-midi' } as const;

export function monthlyStatement(
  member: Member,
  passes: readonly Pass[],
  month: string,
  tariffs: Tariffs = DEFAULT_TARIFFS,
): MonthlyStatement {
  const own = passes.filter((p) => p.memberId === member.id);
  const lines = own.flatMap((pass) => linesFor(pass, member, month, tariffs));
  lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.passId < b.passId ? -1 : 1));
  const count = (item: StatementItem) => lines.filter((l) => l.item === item).length;
  return {
    month,
    memberId: member.id,
    memberName: member.name,
    adherent: member.adherent,
    daysUsed: count('day'),
    halfDaysUsed: count('half-day'),
    carnetCreditsUsed: own
      .filter((p) => p.type === 'carnet')
      .reduce((sum, p) => sum + p.usedOn.filter((u) => monthOf(u.date) === month).length, 0),
    carnetsSold: count('carnet'),
    subscriptionMonthsSold: count('subscription'),
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0),
  };
}

function linesFor(pass: Pass, member: Member, month: string, tariffs: Tariffs): StatementLine[] {
  const line = (date: string, item: StatementItem, label: string, unitCents: number): StatementLine => ({
    date,
    passId: pass.id,
    item,
    label,
    quantity: 1,
    unitCents,
    amountCents: unitCents,
  });
  const prices = dayPrices(member, tariffs);
  switch (pass.type) {
    case 'day':
      return usesIn(pass, month).map((u) => line(u.date, 'day', 'Journée', prices.day));
    case 'half-day':
      return usesIn(pass, month).map((u) => {
        const label = u.period ? `Demi-journée (${PERIOD_LABEL[u.period]})` : 'Demi-journée';
        return line(u.date, 'half-day', label, prices.halfDay);
      });
    case 'carnet': {
      // A carnet with neither date cannot be placed in a month: the service sets `soldOn` at sale.
      const soldOn = pass.soldOn ?? pass.validFrom;
      if (soldOn === undefined || monthOf(soldOn) !== month) return [];
      const credits = pass.credits ?? 0;
      return [line(soldOn.slice(0, 10), 'carnet', `Carnet ${credits} jours`, carnetPrice(credits, member, tariffs))];
    }
    case 'subscription':
      return subscriptionMonthStarts(pass, `${month}-31`)
        .filter((start) => monthOf(start) === month)
        .map((start) => line(start, 'subscription', 'Abonnement mensuel', subscriptionMonthlyPrice(member, tariffs)));
    case 'event':
    case 'staff':
      return [];
  }
}

function usesIn(pass: Pass, month: string) {
  return pass.usedOn.filter((u) => monthOf(u.date) === month);
}
