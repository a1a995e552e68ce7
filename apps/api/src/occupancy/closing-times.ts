// When a site's day ends: the last closing time of each weekday's hours, on the site's wall clock.
// Closures and public holidays are ignored on purpose: a reset on a closed day costs nothing,
// whereas skipping it could leave a desk counted over a long weekend.
import { addDays, localTime, parseClock, weekdayOf, zonedInstant, type Weekday } from '#domain';

export type WeeklyHours = Record<Weekday, ReadonlyArray<{ open: string; close: string }>>;

export interface ClosingSchedule {
  timezone: string;
  hours: WeeklyHours;
}

/** How far back and ahead to look for a day with hours: a site open once a week still gets found. */
const SEARCH_DAYS = 8;

/** The latest closing minute of a local date, or null when the site does not open that weekday. */
export function closingMinute(date: string, hours: WeeklyHours): number | null {
  const closes = (hours[weekdayOf(date)] ?? []).map((range) => parseClock(range.close)).filter((m): m is number => m !== null);
  return closes.length > 0 ? Math.max(...closes) : null;
}

/** The most recent closing at or before `now`, or null if none in the last week. */
export function previousClosing(now: Date, schedule: ClosingSchedule): Date | null {
  const today = localTime(now, schedule.timezone).date;
  for (let back = 0; back <= SEARCH_DAYS; back++) {
    const closing = closingOn(addDays(today, -back), schedule);
    if (closing && closing.getTime() <= now.getTime()) return closing;
  }
  return null;
}

/** The next closing strictly after `now`, or null if the site never opens. */
export function nextClosing(now: Date, schedule: ClosingSchedule): Date | null {
  const today = localTime(now, schedule.timezone).date;
  for (let ahead = 0; ahead <= SEARCH_DAYS; ahead++) {
    const closing = closingOn(addDays(today, ahead), schedule);
    if (closing && closing.getTime() > now.getTime()) return closing;
  }
  return null;
}

function closingOn(date: string, schedule: ClosingSchedule): Date | null {
  const minute = closingMinute(date, schedule.hours);
  return minute === null ? null : zonedInstant(date, minute, schedule.timezone);
}
