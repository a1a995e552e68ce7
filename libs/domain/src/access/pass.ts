// Rule 3: members, badges and passes, and the zones a pass opens when none are given.
import type { HalfDayPeriod } from './opening-hours.js';

export interface Member {
  id: string;
  name: string;
  adherent: boolean;
  /** An inactive member (membership suspended or ended) is refused as if every badge were revoked. */
  active: boolean;
}

export type BadgeStatus = 'active' | 'revoked' | 'lost';

export interface Badge {
  /** Normalised NFC UID; normalising what readers send is the protocol's job. */
  uid: string;
  memberId: string;
  status: BadgeStatus;
}

export type PassType = 'day' | 'half-day' | 'carnet' | 'subscription' | 'event' | 'staff';

export const PASS_TYPES: readonly PassType[] = ['day', 'half-day', 'carnet', 'subscription', 'event', 'staff'];

/** One day (or half-day) taken from a pass: the local date, and for a half-day its period. */
export interface PassUse {
  date: string;
  period?: HalfDayPeriod;
}

export interface Pass {
  id: string;
  memberId: string;
  type: PassType;
  /** Local date `YYYY-MM-DD`; for an `event`, an ISO instant (a bare date means the whole local day). */
  validFrom?: string;
  /** Inclusive local date; for an `event`, the exclusive ISO instant the window ends. */
  validUntil?: string;
  /** Days in a carnet. */
  credits?: number;
  zones: string[];
  /** Shown on the wall screen for an event. */
  title?: string;
  usedOn: PassUse[];
  /** Local date the pass was sold: the month its sale is billed in (pass-billing.ts). */
  soldOn?: string;
  /**
   * Price fixed at sale, integer cents: the pass's price, or a subscription's monthly price.
   * Absent on passes sold before prices were recorded: the current tariffs price them.
   */
  priceCents?: number;
  /** How a subscription ended mid-period is billed, fixed at sale (tariffs `subscriptionEnd`). */
  endMode?: SubscriptionEndMode;
  /** Local date the pass was cancelled: it opens nothing from then on. */
  cancelledOn?: string;
  /** Whether the cancellation refunds the member (a subscription: the rest of its period). */
  refund?: boolean;
  /** A sold pass's refund, computed once at the cancellation (later uses cannot change it). */
  refundCents?: number;
  /** Corrections, ends and cancellations, oldest first: statements replay them (pass-billing.ts). */
  changes?: PassChange[];
}

export type SubscriptionEndMode = 'prorated' | 'whole-periods';

/** What a correction, an end or a cancellation may change in a pass. */
export type PassTerms = Pick<Pass, 'validFrom' | 'validUntil' | 'credits' | 'cancelledOn' | 'refund' | 'refundCents'>;

export type PassChangeKind = 'correct' | 'end' | 'cancel';

/** One recorded change: `on` is the local date it was made, the month its effect is billed in. */
export interface PassChange {
  kind: PassChangeKind;
  on: string;
  before: PassTerms;
  after: PassTerms;
}

const TERM_KEYS = ['validFrom', 'validUntil', 'credits', 'cancelledOn', 'refund', 'refundCents'] as const;

/** The pass's current terms, without absent keys (so two equal terms compare equal). */
export function termsOf(pass: PassTerms): PassTerms {
  const terms: Record<string, unknown> = {};
  for (const key of TERM_KEYS) if (pass[key] !== undefined) terms[key] = pass[key];
  return terms as PassTerms;
}

/** A pass with other terms: keys absent from `terms` are removed from the pass. */
export function withTerms(pass: Pass, terms: PassTerms): Pass {
  const next: Pass = { ...pass };
  for (const key of TERM_KEYS) delete next[key];
  return { ...next, ...termsOf(terms) };
}

/** A zone list holding this opens every zone. */
export const ANY_ZONE = '*';
export const COWORKING_ZONES: readonly string[] = ['hall', 'open-space', 'meeting-room'];
export const EVENT_ZONES: readonly string[] = ['hall', 'event-room'];

export function defaultZones(type: PassType): string[] {
  if (type === 'staff') return [ANY_ZONE];
  if (type === 'event') return [...EVENT_ZONES];
  return [...COWORKING_ZONES];
}

export type PassInput = Omit<Pass, 'zones' | 'usedOn'> & { zones?: string[]; usedOn?: PassUse[] };

/** Fills zones (contract §3 defaults; staff: every zone) and an empty use list. */
export function withPassDefaults(input: PassInput): Pass {
  const zones = input.zones && input.zones.length > 0 ? [...input.zones] : defaultZones(input.type);
  return { ...input, zones, usedOn: [...(input.usedOn ?? [])] };
}

/** Staff open every zone whatever their list says (contract §3: "any time, every zone"). */
export function passOpensZone(pass: Pass, zone: string): boolean {
  return pass.type === 'staff' || pass.zones.includes(ANY_ZONE) || pass.zones.includes(zone);
}
