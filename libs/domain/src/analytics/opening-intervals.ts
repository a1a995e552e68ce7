// Rule: the opening hours of a period as instants: each opening day's ranges (site rules: weekly
// hours, minus closures and public holidays) on the site's wall clock. The early-entry grace of
// the door rules is not opening time: a desk taken at 08:55 is not "used during opening hours" yet.
import { addDays, parseClock, weekdayOf } from '../access/calendar-date.js';
import { localTime, zonedInstant } from '../access/local-time.js';
import { openingDayStatus } from '../access/opening-hours.js';
import type { SiteRules } from '../access/site-rules.js';
import { clipIntervals, type TimeInterval } from './desk-intervals.js';

/** Opening intervals overlapping [from, to), clipped to it, in time order. */
export function openingIntervals(from: Date, to: Date, site: SiteRules): TimeInterval[] {
  const first = localTime(from, site.timezone).date;
  const last = localTime(new Date(to.getTime() - 1), site.timezone).date;
  const intervals: TimeInterval[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    intervals.push(...openingOfDay(date, site));
  }
  return clipIntervals(intervals, from.getTime(), to.getTime());
}

/** The wall-clock ranges of one local date as instants (none on a closed day). */
export function openingOfDay(date: string, site: SiteRules): TimeInterval[] {
  const weekday = weekdayOf(date);
  if (!openingDayStatus(date, weekday, site).open) return [];
  const intervals: TimeInterval[] = [];
  // openingDayStatus found at least one sound range under this weekday, so its list exists.
  for (const range of site.hours[weekday]) {
    const open = parseClock(range.open);
    const close = parseClock(range.close);
    if (open === null || close === null || open >= close) continue;
    intervals.push({
      start: zonedInstant(date, open, site.timezone).getTime(),
      end: zonedInstant(date, close, site.timezone).getTime(),
    });
  }
  return intervals.sort((a, b) => a.start - b.start);
}
