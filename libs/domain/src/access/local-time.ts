// Rule 1: local time in the site's time zone, from the instant the service's clock gives.
// Intl.DateTimeFormat carries the IANA database, so DST changes need no library and no table.
import { weekdayOf, type Weekday } from './calendar-date.js';

export interface LocalTime {
  /** Local calendar date `YYYY-MM-DD`. */
  date: string;
  weekday: Weekday;
  /**
   * Wall-clock minutes since local midnight (hour × 60 + minute). On a DST day this is what a
   * clock on the wall shows, not elapsed time, because opening hours are written on that clock.
   */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// Building a formatter is costly (it loads zone data); a badge decision must stay cheap.
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12: false, which some ICU versions render as "24" at midnight.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The last instants asked, per zone. An allow-list build asks about the same few instants (a site's
 * boundaries) once per badge: with 100,000 members, millions of calls, and formatToParts was half
 * of the service's start (bench scenario M). A decision's `now` is new each time: one lookup more.
 */
const recent = new Map<string, Readonly<LocalTime>>();
const RECENT_MAX = 1024;

/**
 * Whole quarter hours, the buckets analytics place on the wall clock: a dashboard's year by day
 * asks 8,760 hours and its typical day 5,376 quarter hours at every call, which went through
 * formatToParts each time (~10 µs each) since they are more than `recent` holds. Badge instants
 * are almost never whole quarter hours, so decisions do not fill this one; 40,000 answers are a
 * year of hours, 12 weeks of quarter hours and room to spare (a few MB).
 */
const buckets = new Map<string, Readonly<LocalTime>>();
const BUCKET_MS = 15 * 60_000;
const BUCKETS_MAX = 40_000;

/** Local date, weekday and wall-clock minutes of `now` in `timeZone` (throws RangeError on an unknown zone). */
export function localTime(now: Date, timeZone: string): Readonly<LocalTime> {
  const key = `${now.getTime()} ${timeZone}`;
  const memo = now.getTime() % BUCKET_MS === 0 ? buckets : recent;
  const known = memo.get(key);
  if (known) return known;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) parts[part.type] = part.value;
  const date = `${(parts['year'] ?? '').padStart(4, '0')}-${parts['month']}-${parts['day']}`;
  // Frozen: every caller asking about this instant shares it.
  const local = Object.freeze({ date, weekday: weekdayOf(date), minutes: Number(parts['hour']) * 60 + Number(parts['minute']) });
  if (memo.size >= (memo === buckets ? BUCKETS_MAX : RECENT_MAX)) memo.delete(memo.keys().next().value!);
  memo.set(key, local);
  return local;
}

/** The local date of an ISO instant or of a bare `YYYY-MM-DD` (kept as is), or null if unparseable. */
export function localDateOf(value: string, timeZone: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : localTime(instant, timeZone).date;
}

const DAY_MS = 86_400_000;

/**
 * The instant the wall clock of `timeZone` shows `minutes` after midnight on local `date`, chosen
 * as Temporal's "compatible" mode and JavaScript's own Date choose it: a wall time skipped by a
 * change forward maps to the instant the same distance after the change, a repeated one to its
 * first occurrence. So minute 0 is always the day's first instant, also where the clock jumps over
 * midnight itself (Chile, Cuba, Lebanon: the jump, shown as 01:00) or goes back over it (Havana in
 * autumn: the first midnight). The only candidate offsets are the zone's a day either side: no zone
 * changes its offset twice within two days.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  if (Number.isNaN(wall)) throw new RangeError(`not a calendar date: ${date}`);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  // Tried first: on a repeated wall time (before > after) it is the earlier instant.
  if (offsetAt(wall - before, timeZone) === before) return new Date(wall - before);
  if (offsetAt(wall - after, timeZone) === after) return new Date(wall - after);
  // Neither offset shows it: a skipped time; with the offset before the change, it lands past it.
  return new Date(wall - before);
}

/** Wall clock minus UTC at an instant, in ms (localTime has minute precision, so the instant is floored). */
function offsetAt(instant: number, timeZone: string): number {
  const floored = instant - (((instant % 60_000) + 60_000) % 60_000);
  const local = localTime(new Date(floored), timeZone);
  return Date.parse(`${local.date}T00:00:00Z`) + local.minutes * 60_000 - floored;
}

/** The instant a local day starts in `timeZone`: midnight, or the jump where the clock skips it. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return zonedInstant(date, 0, timeZone);
}
