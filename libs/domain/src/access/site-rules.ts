// Rule 2: the shape of a site's rules, as the service's site file is parsed into it.
import { WEEKDAYS, isCalendarDate, parseClock, type Weekday } from './calendar-date.js';

/** Wall-clock `HH:MM` in the site's zone; `close` is exclusive (open 09:00–17:00 refuses 17:00). */
export interface TimeRange {
  open: string;
  close: string;
}

/** Several ranges a day allow a lunch break; an empty list is a closed day. */
export type WeeklyHours = Record<Weekday, TimeRange[]>;

/** Inclusive local dates `YYYY-MM-DD`. */
export interface Closure {
  from: string;
  to: string;
  reason?: string;
}

export interface SiteRules {
  /** IANA zone, e.g. `Europe/Paris`. */
  timezone: string;
  hours: WeeklyHours;
  closures: Closure[];
  publicHolidays: 'fr' | 'none';
  /** Minutes before an opening when a badge already opens the door. */
  earlyEntryMinutes: number;
  /** `HH:MM` separating a half-day's morning (before) from its afternoon (from it on). */
  halfDaySplit: string;
}

export const DEFAULT_EARLY_ENTRY_MINUTES = 10;
export const DEFAULT_HALF_DAY_SPLIT = '13:00';

export type SiteRulesInput = Pick<SiteRules, 'timezone' | 'hours'> & Partial<SiteRules>;

/** Fills the documented defaults: no closures, French public holidays, 10 min early entry, 13:00 split. */
export function withSiteDefaults(input: SiteRulesInput): SiteRules {
  return {
    timezone: input.timezone,
    hours: input.hours,
    closures: input.closures ?? [],
    publicHolidays: input.publicHolidays ?? 'fr',
    earlyEntryMinutes: input.earlyEntryMinutes ?? DEFAULT_EARLY_ENTRY_MINUTES,
    halfDaySplit: input.halfDaySplit ?? DEFAULT_HALF_DAY_SPLIT,
  };
}

/**
 * Problems that would make the rules silently wrong, one sentence each (empty when sound). Meant
 * for the site file's parser: the rules themselves skip a malformed range rather than throw.
 */
export function siteRulesProblems(site: SiteRules): string[] {
  const problems: string[] = [];
  if (!isKnownTimeZone(site.timezone)) problems.push(`timezone: unknown zone "${site.timezone}"`);
  for (const weekday of WEEKDAYS) {
    (site.hours[weekday] ?? []).forEach((range, i) => {
      const open = parseClock(range.open);
      const close = parseClock(range.close);
      if (open === null || close === null || open >= close) {
        problems.push(`hours.${weekday}[${i}]: expected HH:MM with open before close`);
      }
    });
  }
  site.closures.forEach((closure, i) => {
    if (!isCalendarDate(closure.from) || !isCalendarDate(closure.to) || closure.from > closure.to) {
      problems.push(`closures[${i}]: expected dates YYYY-MM-DD with from on or before to`);
    }
  });
  if (!Number.isInteger(site.earlyEntryMinutes) || site.earlyEntryMinutes < 0) {
    problems.push('earlyEntryMinutes: expected a whole number of minutes, 0 or more');
  }
  if (parseClock(site.halfDaySplit) === null) problems.push('halfDaySplit: expected HH:MM');
  return problems;
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
