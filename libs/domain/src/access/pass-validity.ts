// Rule 3: whether one pass opens one door now (contract §3), and which use it would take.
// Checks run in a fixed order — used up, dates, zone, time — so the reason a pass gives is
// the first thing the member would have to change to get in with it.
import { isCalendarDate } from './calendar-date.js';
import { localDateOf, type LocalTime } from './local-time.js';
import { halfDayPeriod, isWithinOpeningHours, type HalfDayPeriod } from './opening-hours.js';
import { passOpensZone, type Pass, type PassUse } from './pass.js';
import type { SiteRules } from './site-rules.js';

export interface PassContext {
  now: Date;
  /** `now` in the site's zone, computed once per decision. */
  local: LocalTime;
  site: SiteRules;
  doorZone: string;
}

/** The use to record when the badge-in is granted; the rule records nothing itself. */
export interface PassTake {
  passId: string;
  date: string;
  period?: HalfDayPeriod;
}

export type PassDenialReason = 'no-valid-pass' | 'pass-exhausted' | 'zone-not-allowed' | 'outside-hours';

export type PassCheck = { ok: true; take: PassTake | null } | { ok: false; reason: PassDenialReason };

export function checkPass(pass: Pass, context: PassContext): PassCheck {
  // Contract §7: a cancelled pass stops at once, whatever its dates.
  if (pass.cancelledOn !== undefined) return deny('no-valid-pass');
  switch (pass.type) {
    case 'staff':
      return withinDates(pass, context) ? admit(pass, context, true, null) : deny('no-valid-pass');
    case 'event':
      return checkEvent(pass, context);
    case 'subscription':
      if (!withinDates(pass, context)) return deny('no-valid-pass');
      return admit(pass, context, isWithinOpeningHours(context.local, context.site), null);
    case 'day':
    case 'half-day':
    case 'carnet':
      return checkDayBased(pass, context);
  }
}

/** Carnet days not yet taken (never negative); 0 for a carnet sold without credits. */
export function creditsLeft(pass: Pass): number {
  return Math.max(0, (pass.credits ?? 0) - pass.usedOn.length);
}

/** The use already taken today that still covers this moment, if any (re-entry costs nothing). */
export function useCoveringNow(pass: Pass, local: LocalTime, site: SiteRules): PassUse | undefined {
  const use = pass.usedOn.find((u) => u.date === local.date);
  if (!use || pass.type !== 'half-day') return use;
  // A half-day use recorded without its period (e.g. entered by hand) is honoured for the day.
  return use.period === undefined || use.period === halfDayPeriod(local.minutes, site) ? use : undefined;
}

function checkDayBased(pass: Pass, context: PassContext): PassCheck {
  const { local, site } = context;
  const open = isWithinOpeningHours(local, site);
  if (useCoveringNow(pass, local, site)) return admit(pass, context, open, null);
  const usedUp = pass.type === 'carnet' ? creditsLeft(pass) === 0 : pass.usedOn.length > 0;
  if (usedUp) return deny('pass-exhausted');
  if (!withinDates(pass, context)) return deny('no-valid-pass');
  const take: PassTake = { passId: pass.id, date: local.date };
  if (pass.type === 'half-day') take.period = halfDayPeriod(local.minutes, site);
  return admit(pass, context, open, take);
}

// An event pass ignores opening hours; outside its window on one of its days it answers
// `outside-hours` ("come back at the event's time"), on any other day `no-valid-pass`.
function checkEvent(pass: Pass, context: PassContext): PassCheck {
  const { validFrom, validUntil } = pass;
  const zone = context.site.timezone;
  const fromDate = validFrom === undefined ? null : localDateOf(validFrom, zone);
  const untilDate = validUntil === undefined ? null : localDateOf(validUntil, zone);
  if (fromDate === null || untilDate === null) return deny('no-valid-pass');
  const today = context.local.date;
  if (today < fromDate || today > untilDate) return deny('no-valid-pass');
  const nowMs = context.now.getTime();
  // Both bounds are defined here: their local dates were computed above.
  const started = isCalendarDate(validFrom as string) || nowMs >= Date.parse(validFrom as string);
  const notEnded = isCalendarDate(validUntil as string) || nowMs < Date.parse(validUntil as string);
  return admit(pass, context, started && notEnded, null);
}

/** Inclusive local-date bounds; an absent bound is open-ended, an unparseable one matches nothing. */
function withinDates(pass: Pass, context: PassContext): boolean {
  const today = context.local.date;
  const zone = context.site.timezone;
  if (pass.validFrom !== undefined) {
    const from = localDateOf(pass.validFrom, zone);
    if (from === null || today < from) return false;
  }
  if (pass.validUntil !== undefined) {
    const until = localDateOf(pass.validUntil, zone);
    if (until === null || today > until) return false;
  }
  return true;
}

function admit(pass: Pass, context: PassContext, inTime: boolean, take: PassTake | null): PassCheck {
  if (!passOpensZone(pass, context.doorZone)) return deny('zone-not-allowed');
  if (!inTime) return deny('outside-hours');
  return { ok: true, take };
}

function deny(reason: PassDenialReason): PassCheck {
  return { ok: false, reason };
}
