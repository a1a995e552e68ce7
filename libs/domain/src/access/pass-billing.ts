// Rule 6: what a pass bills, line by line, under given terms. Passes sold (day, half-day,
// carnet, event) bill their price on the day of the sale, used or not; a subscription bills
// each of its periods (validFrom, +1 month, …) on the day the period starts, at the monthly
// price fixed at sale. A line is never dated before the sale: a subscription sold backdated
// bills its past periods on the day it is sold, so a closed month never gains a line.
import { addDays, addMonths, daysBetween } from './calendar-date.js';
import type { Pass, PassTerms, SubscriptionEndMode } from './pass.js';

export type ChargeItem = 'day' | 'half-day' | 'carnet' | 'event' | 'subscription' | 'refund' | 'correction';

export interface Charge {
  date: string;
  item: ChargeItem;
  /** French, as printed for the member. */
  label: string;
  amountCents: number;
}

const SOLD_LABEL = { day: 'Journée', 'half-day': 'Demi-journée', event: 'Événement' } as const;

/**
 * Every line the pass bills up to and including `upTo`, under `terms` (see PassTerms).
 * `priceCents`: its price fixed at sale (the monthly price for a subscription).
 */
export function passCharges(pass: Pass, terms: PassTerms, upTo: string, priceCents: number, endMode: SubscriptionEndMode): Charge[] {
  const soldOn = pass.soldOn ?? pass.validFrom?.slice(0, 10);
  const charges = pass.type === 'subscription' ? subscriptionCharges(terms, upTo, priceCents, endMode, soldOn) : soldCharges(pass, terms, priceCents, soldOn);
  return charges.filter((charge) => charge.date <= upTo);
}

export function totalCents(charges: readonly Charge[]): number {
  return charges.reduce((sum, charge) => sum + charge.amountCents, 0);
}

function soldCharges(pass: Pass, terms: PassTerms, priceCents: number, soldOn: string | undefined): Charge[] {
  // Staff passes are not sold; a pass with no date at all cannot be placed in a month.
  if (pass.type === 'staff' || pass.type === 'subscription' || soldOn === undefined) return [];
  const label = pass.type === 'carnet' ? `Carnet ${pass.credits ?? 0} jours` : SOLD_LABEL[pass.type];
  const charges: Charge[] = [{ date: soldOn, item: pass.type, label, amountCents: priceCents }];
  if (terms.cancelledOn !== undefined && terms.refund && (terms.refundCents ?? 0) > 0) {
    charges.push({ date: terms.cancelledOn, item: 'refund', label: 'Remboursement', amountCents: -(terms.refundCents ?? 0) });
  }
  return charges;
}

/**
 * The last period runs to the subscription's last day: billed whole, or pro rata of its days when
 * the mode fixed at sale says `prorated`. A cancellation with refund ends it the day before and
 * always pro rata (the member gets back the rest of the period); without refund, on the day.
 */
function subscriptionCharges(
  terms: PassTerms,
  upTo: string,
  monthly: number,
  mode: SubscriptionEndMode,
  soldOn: string | undefined,
): Charge[] {
  const from = terms.validFrom?.slice(0, 10);
  if (from === undefined) return [];
  const cancelledUntil = terms.cancelledOn === undefined ? undefined : terms.refund ? addDays(terms.cancelledOn, -1) : terms.cancelledOn;
  const lastDay = [terms.validUntil?.slice(0, 10), cancelledUntil].filter((d): d is string => d !== undefined).sort()[0];
  const prorate = mode === 'prorated' || (terms.cancelledOn !== undefined && terms.refund === true);
  const charges: Charge[] = [];
  // 1,200 months bounds the loop against a mistyped year.
  for (let k = 0, start = from; k < 1_200; k++, start = addMonths(from, k)) {
    if (start > upTo || (lastDay !== undefined && start > lastDay)) break;
    const next = addMonths(from, k + 1);
    const date = soldOn !== undefined && soldOn > start ? soldOn : start;
    if (lastDay !== undefined && lastDay < addDays(next, -1) && prorate) {
      const used = daysBetween(start, lastDay) + 1;
      const days = daysBetween(start, next);
      charges.push({ date, item: 'subscription', label: `Abonnement (${used}/${days} jours)`, amountCents: Math.round((monthly * used) / days) });
    } else {
      charges.push({ date, item: 'subscription', label: 'Abonnement mensuel', amountCents: monthly });
    }
  }
  return charges;
}
