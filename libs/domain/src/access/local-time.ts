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

/** Local date, weekday and wall-clock minutes of `now` in `timeZone` (throws RangeError on an unknown zone). */
export function localTime(now: Date, timeZone: string): Readonly<LocalTime> {
  const key = `${now.getTime()} ${timeZone}`;
  const known = recent.get(key);
  if (known) return known;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) parts[part.type] = part.value;
  const date = `${(parts['year'] ?? '').padStart(4, '0')}-${parts['month']}-${parts['day']}`;
  // Frozen: every caller asking about this instant shares it.
  const local = Object.freeze({ date, weekday: weekdayOf(date), minutes: Number(parts['hour']) * 60 + Number(parts['minute']) });
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, local);
  return local;
}

/** The local date of an ISO instant or of a bare `YYYY-MM-DD` (kept as is), or null if unparseable. */
export function localDateOf(value: string, timeZone: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : localTime(instant, timeZone).date;
}

/**
 * The instant a local day starts in `timeZone` (midnight, or the first minute after a DST gap).
 * Two corrections of a UTC guess by the zone's offset settle it on either side of a change. Where
 * the clock jumps over midnight itself (Chile, Cuba, Lebanon), no instant shows 00:00 and the
 * guesses alternate between the jump and the hour before it, still on the previous day: then the
 * jump, the other guess, is the day's start.
 */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const target = Date.parse(`${date}T00:00:00Z`);
  let guess = target;
  let previous = guess;
  for (let i = 0; i < 2; i++) {
    const local = localTime(new Date(guess), timeZone);
    const shown = Date.parse(`${local.date}T00:00:00Z`) + local.minutes * 60_000;
    previous = guess;
    guess += target - shown;
  }
  return new Date(localTime(new Date(guess), timeZone).date === date ? guess : previous);
}
