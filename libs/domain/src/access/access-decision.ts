// Rule 4: the decision for one badge-in at one door (contract §2 reasons, §3 pass semantics).
// Pure: it returns the pass use to record (`take`) so the service persists it atomically with
// the audit entry; two concurrent badge-ins must be serialised by the service, not here.
import { localTime, type LocalTime } from './local-time.js';
import { halfDayPeriod, openingDayStatus } from './opening-hours.js';
import type { Badge, Member, Pass, PassType } from './pass.js';
import { checkPass, creditsLeft, type PassContext, type PassDenialReason, type PassTake } from './pass-validity.js';
import type { SiteRules } from './site-rules.js';

export interface AccessRequest {
  now: Date;
  site: SiteRules;
  /** The zone the door opens into. */
  doorZone: string;
  /** Absent when no badge holds the UID. */
  badge?: Badge | null;
  member?: Member | null;
  passes: readonly Pass[];
  /** Only staff get in. */
  lockdown?: boolean;
}

export type AccessDenialReason = 'unknown-badge' | 'badge-revoked' | PassDenialReason;

export interface AccessGrant {
  granted: true;
  /** The type of the pass that opened the door (the reader shows it). */
  reason: PassType;
  pass: Pass;
  take: PassTake | null;
}

export interface AccessDenial {
  granted: false;
  reason: AccessDenialReason;
  /** For the audit log: `lockdown`, or why the site is closed (closure reason, holiday name). */
  detail?: string;
}

export type AccessDecision = AccessGrant | AccessDenial;

// From least to most specific: the further a pass got through its checks, the closer the
// member is to getting in, so its reason tells them best what to change.
const SPECIFICITY: readonly PassDenialReason[] = [
  'no-valid-pass',
  'pass-exhausted',
  'zone-not-allowed',
  'outside-hours',
];

/**
 * Grants with the cheapest pass that opens the door now, or refuses with the most specific
 * reason any pass gave. A lockdown refuses everyone but staff with `outside-hours` (detail
 * `lockdown`): the contract's reason list (§2) has no lockdown reason and readers know only it.
 */
export function decideAccess(request: AccessRequest): AccessDecision {
  const { badge, member } = request;
  // A badge pointing at no (or another) member is treated as unknown: nothing vouches for it.
  if (!badge || !member || badge.memberId !== member.id) return { granted: false, reason: 'unknown-badge' };
  // Lost badges are refused like revoked ones; so is every badge of an inactive member, since the
  // reader can only say "this badge no longer opens" and the manager re-activates the member.
  if (badge.status !== 'active' || !member.active) return { granted: false, reason: 'badge-revoked' };

  const local = localTime(request.now, request.site.timezone);
  const context: PassContext = { now: request.now, local, site: request.site, doorZone: request.doorZone };
  const passes = request.passes.filter(
    (p) => p.memberId === member.id && (!request.lockdown || p.type === 'staff'),
  );

  const granting: { pass: Pass; take: PassTake | null }[] = [];
  let best: PassDenialReason = 'no-valid-pass';
  for (const pass of passes) {
    const check = checkPass(pass, context);
    if (check.ok) granting.push({ pass, take: check.take });
    else if (SPECIFICITY.indexOf(check.reason) > SPECIFICITY.indexOf(best)) best = check.reason;
  }

  const chosen = cheapest(granting, local, request.site);
  if (chosen) return { granted: true, reason: chosen.pass.type, pass: chosen.pass, take: chosen.take };
  if (request.lockdown) return { granted: false, reason: 'outside-hours', detail: 'lockdown' };
  return denial(best, local, request.site);
}

function denial(reason: PassDenialReason, local: LocalTime, site: SiteRules): AccessDenial {
  if (reason !== 'outside-hours') return { granted: false, reason };
  const day = openingDayStatus(local.date, local.weekday, site);
  if (day.open) return { granted: false, reason };
  return { granted: false, reason, detail: day.detail ?? day.because };
}

/**
 * What a grant costs the member, lowest first: staff, event, subscription, a day already taken
 * today (re-entry), a new day or half-day, then a carnet credit. Between a new day and a new
 * half-day: in the afternoon the half-day covers the rest of the day, so it goes first; in the
 * morning the day goes first, since a morning half-day would leave the member to spend a second
 * pass on coming back after lunch.
 */
function costRank(pass: Pass, take: PassTake | null, local: LocalTime, site: SiteRules): number {
  if (take === null) {
    const free: Partial<Record<PassType, number>> = { staff: 0, event: 1, subscription: 2 };
    return free[pass.type] ?? 3;
  }
  if (pass.type === 'carnet') return 6;
  const afternoon = halfDayPeriod(local.minutes, site) === 'afternoon';
  return (pass.type === 'half-day') === afternoon ? 4 : 5;
}

/**
 * Ties within a rank: the pass that expires first (an open-ended one last), so nothing the member
 * paid for lapses unused; then the carnet with fewest credits left, to empty carnets one at a
 * time; then the smallest id, so the same inputs always give the same pass.
 */
function cheapest(
  granting: readonly { pass: Pass; take: PassTake | null }[],
  local: LocalTime,
  site: SiteRules,
): { pass: Pass; take: PassTake | null } | undefined {
  const keyed = granting.map((g) => ({ ...g, rank: costRank(g.pass, g.take, local, site) }));
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      compareText(a.pass.validUntil ?? '\uffff', b.pass.validUntil ?? '\uffff') ||
      creditsLeft(a.pass) - creditsLeft(b.pass) ||
      compareText(a.pass.id, b.pass.id),
  );
  const first = keyed[0];
  return first && { pass: first.pass, take: first.take };
}

// Code-unit order, not localeCompare: ISO dates sort correctly and the result ignores the locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
