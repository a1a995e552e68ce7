// Rule 6: what a pass costs, in integer euro cents (never floats: 0.1 + 0.2 is not 0.3).
//
// Prices are read once, at sale (`listPriceCents`), and kept on the pass: a later change of the
// tariffs or of the member's adherent status never reprices a pass sold. How a pass bills is
// pass-billing.ts. Staff passes are free; an event costs what the seller sets (default free).
import { addMonths } from './calendar-date.js';
import type { Member, Pass, SubscriptionEndMode } from './pass.js';

export interface DayPrices {
  day: number;
  halfDay: number;
}

export interface CarnetTariff {
  credits: number;
  /** Adherent price. */
  price: number;
  /** Non-adherent price; the adherent price when absent. */
  nonAdherentPrice?: number;
}

export interface Tariffs {
  adherent: DayPrices;
  nonAdherent: DayPrices;
  carnets: CarnetTariff[];
  subscriptionMonthly: { adherent: number; nonAdherent: number };
  /** A subscription ended mid-period bills that period whole, or pro rata of its days. */
  subscriptionEnd: SubscriptionEndMode;
}

/**
 * Adherent prices are the founding article's (9 € a day, 5 € a half-day). The rest are starting
 * points for the association to change in its configuration: non-adherents pay about a third
 * more; a 10-day carnet gives about one day free; a month's subscription costs about 17 days.
 */
export const DEFAULT_TARIFFS: Tariffs = {
  adherent: { day: 900, halfDay: 500 },
  nonAdherent: { day: 1200, halfDay: 700 },
  carnets: [{ credits: 10, price: 8000, nonAdherentPrice: 11000 }],
  subscriptionMonthly: { adherent: 15000, nonAdherent: 19000 },
  // Whole periods: what statements billed before ends existed ("a month started is due").
  subscriptionEnd: 'whole-periods',
};

type Buyer = Pick<Member, 'adherent'>;

export function dayPrices(buyer: Buyer, tariffs: Tariffs): DayPrices {
  return buyer.adherent ? tariffs.adherent : tariffs.nonAdherent;
}

/** The tariff for a carnet of exactly `credits` days, if the association sells one. */
export function carnetTariffFor(credits: number, tariffs: Tariffs): CarnetTariff | undefined {
  return tariffs.carnets.find((c) => c.credits === credits);
}

/**
 * A carnet's price; one of a size the tariffs do not list costs its days at the day price, so an
 * odd carnet is never free (the service may refuse such sizes up front with `carnetTariffFor`).
 */
export function carnetPrice(credits: number, buyer: Buyer, tariffs: Tariffs): number {
  const tariff = carnetTariffFor(credits, tariffs);
  if (!tariff) return credits * dayPrices(buyer, tariffs).day;
  return buyer.adherent ? tariff.price : (tariff.nonAdherentPrice ?? tariff.price);
}

export function subscriptionMonthlyPrice(buyer: Buyer, tariffs: Tariffs): number {
  return buyer.adherent ? tariffs.subscriptionMonthly.adherent : tariffs.subscriptionMonthly.nonAdherent;
}

/**
 * Local dates on which each subscription month starts (validFrom, +1 month, …), up to
 * `validUntil` or, for an open-ended subscription, up to `upTo`. Empty without `validFrom`.
 */
export function subscriptionMonthStarts(pass: Pick<Pass, 'validFrom' | 'validUntil'>, upTo: string): string[] {
  if (pass.validFrom === undefined) return [];
  const from = pass.validFrom.slice(0, 10);
  const end = pass.validUntil?.slice(0, 10);
  const until = end !== undefined && end < upTo ? end : upTo;
  const starts: string[] = [];
  // 1,200 months bounds the loop against a mistyped year.
  for (let k = 0, start = from; start <= until && k < 1_200; k++, start = addMonths(from, k)) starts.push(start);
  return starts;
}

/** What a price depends on. */
export type PricedPass = Pick<Pass, 'type' | 'credits' | 'validFrom' | 'validUntil'>;

/**
 * The full price of a pass as sold: a subscription counts every month it starts between its
 * dates (one month if open-ended, billed again each month; none if its dates are inverted).
 */
export function priceForPass(pass: PricedPass, buyer: Buyer, tariffs: Tariffs = DEFAULT_TARIFFS): number {
  switch (pass.type) {
    case 'day':
      return dayPrices(buyer, tariffs).day;
    case 'half-day':
      return dayPrices(buyer, tariffs).halfDay;
    case 'carnet':
      return carnetPrice(pass.credits ?? 0, buyer, tariffs);
    case 'subscription': {
      const bounded = pass.validFrom !== undefined && pass.validUntil !== undefined;
      const months = bounded ? subscriptionMonthStarts(pass, '9999-12-31').length : 1;
      return months * subscriptionMonthlyPrice(buyer, tariffs);
    }
    case 'event':
    case 'staff':
      return 0;
  }
}

/** The price fixed at the sale of a pass: its own, or a subscription's monthly price. */
export function listPriceCents(pass: Pick<Pass, 'type' | 'credits'>, buyer: Buyer, tariffs: Tariffs): number {
  switch (pass.type) {
    case 'subscription':
      return subscriptionMonthlyPrice(buyer, tariffs);
    case 'day':
    case 'half-day':
    case 'carnet':
      return priceForPass(pass, buyer, tariffs);
    case 'event':
    case 'staff':
      return 0;
  }
}
