// Rule 2: when the site is open — weekly hours, minus closures and public holidays, plus the
// early-entry grace before each opening — and which half of the day a moment falls in.
import { parseClock } from './calendar-date.js';
import type { LocalTime } from './local-time.js';
import { publicHolidayOn } from './public-holidays.js';
import type { SiteRules } from './site-rules.js';

export type HalfDayPeriod = 'morning' | 'afternoon';

export type OpeningDayStatus =
  | { open: true }
  | { open: false; because: 'weekly-hours' | 'closure' | 'public-holiday'; detail?: string };

/** Whether the site opens at all on a local date, and if not, why (for the audit log). */
export function openingDayStatus(date: string, weekday: LocalTime['weekday'], site: SiteRules): OpeningDayStatus {
  const closure = site.closures.find((c) => c.from <= date && date <= c.to);
  if (closure) return withDetail('closure', closure.reason);
  const holiday = publicHolidayOn(date, site.publicHolidays);
  if (holiday) return withDetail('public-holiday', holiday.name);
  const hasHours = (site.hours[weekday] ?? []).some((range) => clockRange(range) !== null);
  return hasHours ? { open: true } : { open: false, because: 'weekly-hours' };
}

export function isOpeningDay(date: string, weekday: LocalTime['weekday'], site: SiteRules): boolean {
  return openingDayStatus(date, weekday, site).open;
}

/**
 * True when a badge may open a coworking door at this local time: on an opening day, from
 * `earlyEntryMinutes` before an opening up to (excluding) the closing minute of that range.
 */
export function isWithinOpeningHours(local: LocalTime, site: SiteRules): boolean {
  if (!isOpeningDay(local.date, local.weekday, site)) return false;
  return (site.hours[local.weekday] ?? []).some((range) => {
    const minutes = clockRange(range);
    if (minutes === null) return false;
    return minutes.open - site.earlyEntryMinutes <= local.minutes && local.minutes < minutes.close;
  });
}

/** Morning strictly before the split (12:59), afternoon from the split on (13:00). */
export function halfDayPeriod(minutes: number, site: SiteRules): HalfDayPeriod {
  // A malformed split falls back to the contract's 13:00 rather than refusing every half-day.
  const split = parseClock(site.halfDaySplit) ?? 13 * 60;
  return minutes < split ? 'morning' : 'afternoon';
}

function clockRange(range: { open: string; close: string }): { open: number; close: number } | null {
  const open = parseClock(range.open);
  const close = parseClock(range.close);
  return open === null || close === null || open >= close ? null : { open, close };
}

function withDetail(because: 'closure' | 'public-holiday', detail: string | undefined): OpeningDayStatus {
  return detail === undefined ? { open: false, because } : { open: false, because, detail };
}
