// Rule: the typical day of a date is, slot by slot, the median of the same weekday over the
// previous N weeks. A median, not a mean, so that one odd week (an event, a half-empty bridge
// day) does not bend the curve. A week without data for a slot is skipped, not read as zero:
// missing data (store down, sensors offline) is not an empty room.
import { addDays, weekdayOf, type Weekday } from '../access/calendar-date.js';
import { isOpeningDay } from '../access/opening-hours.js';
import type { SiteRules } from '../access/site-rules.js';
import { daySlotStarts, meanByLocalSlot, medianOf, type DaySlotValue, type OccupancySample } from './local-slots.js';

export const DEFAULT_TYPICAL_WEEKS = 8;

export interface TypicalDayInput {
  /** Samples covering at least the N weeks before `date`; samples of other days are ignored. */
  samples: readonly OccupancySample[];
  timeZone: string;
  /** Local date `YYYY-MM-DD` whose typical day is wanted; its own samples are not used. */
  date: string;
  /** Default 8. */
  weeks?: number;
  /** Default 60. */
  slotMinutes?: number;
  /**
   * When given and `date` is an opening day, earlier same weekdays the site was closed
   * (closure, public holiday) count as missing: a bank-holiday Monday is not a typical Monday.
   */
  site?: SiteRules;
}

export interface TypicalSlot extends DaySlotValue {
  /** How many weeks had data for this slot (0 → value null). */
  weeks: number;
}

export interface TypicalDay {
  date: string;
  weekday: Weekday;
  /** The earlier dates that gave at least one slot, newest first. */
  basedOn: string[];
  slots: TypicalSlot[];
}

export function typicalDay(input: TypicalDayInput): TypicalDay {
  const slotMinutes = input.slotMinutes ?? 60;
  const weeks = input.weeks ?? DEFAULT_TYPICAL_WEEKS;
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a positive integer, got ${weeks}`);
  const byDate = meanByLocalSlot(input.samples, input.timeZone, slotMinutes);
  const weekday = weekdayOf(input.date);
  const skipClosed = input.site !== undefined && isOpeningDay(input.date, weekday, input.site);
  const dates = Array.from({ length: weeks }, (_, i) => addDays(input.date, -7 * (i + 1))).filter(
    (date) => byDate.has(date) && !(skipClosed && !isOpeningDay(date, weekday, input.site!)),
  );
  const slots = daySlotStarts(slotMinutes).map((minutes): TypicalSlot => {
    const values = dates.map((date) => byDate.get(date)!.get(minutes)).filter((v): v is number => v !== undefined);
    return { minutes, value: values.length ? medianOf(values) : null, weeks: values.length };
  });
  return { date: input.date, weekday, basedOn: dates, slots };
}
