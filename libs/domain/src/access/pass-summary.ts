// Rule 5: what the manager sees of a pass — what is left of it and when it was taken.
import { addDays, isCalendarDate, weekdayOf } from './calendar-date.js';
import { localDateOf, localTime } from './local-time.js';
import { isOpeningDay } from './opening-hours.js';
import type { Pass, PassType, PassUse } from './pass.js';
import { creditsLeft } from './pass-validity.js';
import type { SiteRules } from './site-rules.js';

export interface PassSummary {
  passId: string;
  type: PassType;
  validFrom?: string;
  validUntil?: string;
  /**
   * Carnet: credits left. Day / half-day: 1 until taken or lapsed, then 0. Subscription: opening
   * days left from today to `validUntil`. Null where nothing is counted (staff, event, a
   * subscription without an end).
   */
  remaining: number | null;
  /** Uses in date order. */
  usedOn: PassUse[];
}

// Bounds the day-by-day count, so a subscription mistyped to year 9999 cannot stall a request.
const MAX_COUNTED_DAYS = 3_700;

export function summarisePass(pass: Pass, now: Date, site: SiteRules): PassSummary {
  const summary: PassSummary = {
    passId: pass.id,
    type: pass.type,
    remaining: remainingOf(pass, localTime(now, site.timezone).date, site),
    usedOn: [...pass.usedOn].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
  if (pass.validFrom !== undefined) summary.validFrom = pass.validFrom;
  if (pass.validUntil !== undefined) summary.validUntil = pass.validUntil;
  return summary;
}

function remainingOf(pass: Pass, today: string, site: SiteRules): number | null {
  if (pass.cancelledOn !== undefined) return pass.type === 'staff' || pass.type === 'event' ? null : 0;
  switch (pass.type) {
    case 'carnet':
      return creditsLeft(pass);
    case 'day':
    case 'half-day': {
      if (pass.usedOn.length > 0) return 0;
      const until = pass.validUntil === undefined ? undefined : localDateOf(pass.validUntil, site.timezone);
      return until !== undefined && (until === null || until < today) ? 0 : 1;
    }
    case 'subscription':
      return subscriptionDaysLeft(pass, today, site);
    case 'event':
    case 'staff':
      return null;
  }
}

function subscriptionDaysLeft(pass: Pass, today: string, site: SiteRules): number | null {
  if (pass.validUntil === undefined) return null;
  const until = localDateOf(pass.validUntil, site.timezone);
  const from = pass.validFrom === undefined ? today : localDateOf(pass.validFrom, site.timezone);
  if (until === null || from === null || !isCalendarDate(until) || !isCalendarDate(from)) return 0;
  let count = 0;
  let day = from > today ? from : today;
  for (let i = 0; day <= until && i < MAX_COUNTED_DAYS; i++, day = addDays(day, 1)) {
    if (isOpeningDay(day, weekdayOf(day), site)) count++;
  }
  return count;
}
