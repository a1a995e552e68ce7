// Rule 7: ending, cancelling and correcting a pass. Each returns the pass's new terms, which the
// service records with the old ones (PassChange) so statements can replay them.
import { addDays, daysBetween } from './calendar-date.js';
import { localDateOf, startOfLocalDay } from './local-time.js';
import { termsOf, type Pass, type PassTerms } from './pass.js';
import { creditsLeft } from './pass-validity.js';

export type LifecycleRefusal =
  /** 409: a cancelled pass is final. */
  | { conflict: 'cancelled' }
  /** 409: the pass already ends on or before that day: ending never extends it. */
  | { conflict: 'already-ends'; until: string }
  /** 400 on `field`. */
  | { field: 'on' | 'validFrom' | 'validUntil' | 'credits'; message: string };

export type LifecycleResult = { ok: true; after: PassTerms } | { ok: false; refusal: LifecycleRefusal };

/**
 * The pass is valid up to and including `on` (contract §7). An event's window is cut at the next
 * local midnight. `force` (a badge revoked, a member erased) also ends a pass not yet started.
 */
export function endPass(pass: Pass, on: string, timeZone: string, force = false): LifecycleResult {
  if (pass.cancelledOn !== undefined) return refuse({ conflict: 'cancelled' });
  const until = pass.validUntil === undefined ? null : localDateOf(pass.validUntil, timeZone);
  if (until !== null && until <= on) return refuse({ conflict: 'already-ends', until });
  const from = pass.validFrom === undefined ? null : localDateOf(pass.validFrom, timeZone);
  if (!force && from !== null && on < from) return refuse({ field: 'on', message: `avant le début du pass (${from})` });
  const validUntil = pass.type === 'event' ? startOfLocalDay(addDays(on, 1), timeZone).toISOString() : on;
  return { ok: true, after: { ...termsOf(pass), validUntil } };
}

/** The pass stops at once; a refund is what the member paid for what they will not use. */
export function cancelPass(pass: Pass, today: string, refund: boolean, priceCents: number): LifecycleResult {
  if (pass.cancelledOn !== undefined) return refuse({ conflict: 'cancelled' });
  const after: PassTerms = { ...termsOf(pass), cancelledOn: today, refund };
  if (refund && pass.type !== 'subscription') after.refundCents = refundOf(pass, priceCents);
  return { ok: true, after };
}

/**
 * Day and half-day: all of it if not taken. Carnet: its unused days pro rata (rounded to the
 * cent). Event: all of it. Staff: nothing was paid. A subscription's refund is its period
 * billed pro rata up to the day before the cancellation (pass-billing.ts).
 */
export function refundOf(pass: Pass, priceCents: number): number {
  switch (pass.type) {
    case 'day':
    case 'half-day':
      return pass.usedOn.length === 0 ? priceCents : 0;
    case 'carnet': {
      const credits = pass.credits ?? 0;
      return credits === 0 ? 0 : Math.round((priceCents * creditsLeft(pass)) / credits);
    }
    case 'event':
      return priceCents;
    case 'subscription':
    case 'staff':
      return 0;
  }
}

export interface PassCorrection {
  validFrom?: string;
  validUntil?: string;
  credits?: number;
}

/**
 * New dates or credits. Dates are local dates, an event's ISO times; the result must not be
 * inverted, and a carnet cannot be left with fewer credits than days already taken.
 */
export function correctPass(pass: Pass, patch: PassCorrection): LifecycleResult {
  if (pass.cancelledOn !== undefined) return refuse({ conflict: 'cancelled' });
  const after: PassTerms = { ...termsOf(pass), ...patch };
  const isEvent = pass.type === 'event';
  for (const field of ['validFrom', 'validUntil'] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    const valid = isEvent ? /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)) : /^\d{4}-\d{2}-\d{2}$/.test(value);
    if (!valid) return refuse({ field, message: isEvent ? 'heure ISO avec son décalage attendue' : 'date AAAA-MM-JJ attendue' });
  }
  if (after.validFrom !== undefined && after.validUntil !== undefined) {
    const inverted = isEvent
      ? Date.parse(after.validFrom) >= Date.parse(after.validUntil)
      : daysBetween(after.validFrom, after.validUntil) < 0;
    if (inverted) return refuse({ field: patch.validUntil !== undefined ? 'validUntil' : 'validFrom', message: 'la fin précède le début' });
  }
  if (patch.credits !== undefined) {
    if (pass.type !== 'carnet') return refuse({ field: 'credits', message: 'seul un carnet a des crédits' });
    if (patch.credits < pass.usedOn.length) return refuse({ field: 'credits', message: `${pass.usedOn.length} jours déjà pris` });
  }
  return { ok: true, after };
}

/**
 * The passes to end when a member leaves (last badge revoked, erasure): every one not cancelled
 * that could still open a door after `today`.
 */
export function passesToEnd(passes: readonly Pass[], today: string, timeZone: string): Pass[] {
  return passes.filter((pass) => {
    if (pass.cancelledOn !== undefined) return false;
    if ((pass.type === 'day' || pass.type === 'half-day') && pass.usedOn.length > 0) return false;
    if (pass.type === 'carnet' && creditsLeft(pass) === 0) return false;
    const until = pass.validUntil === undefined ? null : localDateOf(pass.validUntil, timeZone);
    return until === null || until > today;
  });
}

function refuse(refusal: LifecycleRefusal): LifecycleResult {
  return { ok: false, refusal };
}
