// Rule: what the wall says about opening. The site is open during a range of its weekly hours on
// an opening day (closures and public holidays close it, rule 2); the early-entry grace is for
// badges, not for the wall, which says "opens at 9" at 8:55. Closed, it names the next opening.
import { addDays, parseClock, weekdayOf } from '../access/calendar-date.js';
import { localTime, zonedInstant } from '../access/local-time.js';
import { isOpeningDay } from '../access/opening-hours.js';
import type { SiteRules, TimeRange } from '../access/site-rules.js';

export interface OpeningStatus {
  readonly open: boolean;
  /** Today's opening ranges (local `HH:MM`), empty when the site does not open today. */
  readonly todayHours: readonly TimeRange[];
  /** While open, when the current range ends (ISO). */
  readonly closesAt: string | null;
  /** While closed, the next opening (ISO); null if none within a year. */
  readonly nextOpening: string | null;
}

/** A year: a long closure still finds its reopening, a site with no hours stops looking. */
const SEARCH_DAYS = 366;

export function openingStatus(now: Date, site: SiteRules): OpeningStatus {
  const local = localTime(now, site.timezone);
  const todayHours = rangesOn(local.date, site).map(({ range }) => range);
  const current = rangesOn(local.date, site).find(({ open, close }) => open <= local.minutes && local.minutes < close);
  if (current) {
    const closesAt = zonedInstant(local.date, current.close, site.timezone).toISOString();
    return { open: true, todayHours, closesAt, nextOpening: null };
  }
  return { open: false, todayHours, closesAt: null, nextOpening: nextOpening(now, site) };
}

function nextOpening(now: Date, site: SiteRules): string | null {
  const today = localTime(now, site.timezone).date;
  for (let ahead = 0; ahead <= SEARCH_DAYS; ahead++) {
    const date = addDays(today, ahead);
    for (const { open } of rangesOn(date, site)) {
      const at = zonedInstant(date, open, site.timezone);
      if (at.getTime() > now.getTime()) return at.toISOString();
    }
  }
  return null;
}

/** The well-formed ranges of an opening day, earliest first; none on a closed day. */
function rangesOn(date: string, site: SiteRules): Array<{ range: TimeRange; open: number; close: number }> {
  const weekday = weekdayOf(date);
  if (!isOpeningDay(date, weekday, site)) return [];
  // isOpeningDay found at least one sound range under this weekday, so its list exists.
  return site.hours[weekday]
    .map((range) => ({ range, open: parseClock(range.open), close: parseClock(range.close) }))
    .filter((r): r is { range: TimeRange; open: number; close: number } => r.open !== null && r.close !== null && r.open < r.close)
    .sort((a, b) => a.open - b.open);
}
