// Analytics read the time series in the site's wall-clock: a "9:00 slot" is 9:00 on the wall of
// the site, whatever the UTC offset that day. The mapping goes through `localTime`, so DST days
// need no special case: on the autumn change the repeated hour simply gets twice the samples.
import { localTime } from '../access/local-time.js';

/** One reading of a series: e.g. the mean number of occupied desks over a store bucket starting `at`. */
export interface OccupancySample {
  at: Date;
  value: number;
}

/** A value for a slot of a local day; `minutes` is the slot's wall-clock start (minutes since midnight). */
export interface DaySlotValue {
  minutes: number;
  value: number | null;
}

const MINUTES_PER_DAY = 1440;

/** Throws a RangeError unless `slotMinutes` is a whole number of minutes that divides a day. */
export function assertSlotMinutes(slotMinutes: number): void {
  if (!Number.isInteger(slotMinutes) || slotMinutes < 1 || MINUTES_PER_DAY % slotMinutes !== 0) {
    throw new RangeError(`slotMinutes must divide 1440, got ${slotMinutes}`);
  }
}

/** Wall-clock starts of every slot of a day: 0, 60, …, 1380 for hourly slots. */
export function daySlotStarts(slotMinutes: number): number[] {
  assertSlotMinutes(slotMinutes);
  return Array.from({ length: MINUTES_PER_DAY / slotMinutes }, (_, i) => i * slotMinutes);
}

/** Mean of the samples of each local date and slot: date → slot start → mean. */
export function meanByLocalSlot(
  samples: readonly OccupancySample[],
  timeZone: string,
  slotMinutes: number,
): Map<string, Map<number, number>> {
  assertSlotMinutes(slotMinutes);
  const sums = new Map<string, Map<number, { sum: number; n: number }>>();
  for (const sample of samples) {
    const local = localTime(sample.at, timeZone);
    const slot = local.minutes - (local.minutes % slotMinutes);
    let day = sums.get(local.date);
    if (!day) sums.set(local.date, (day = new Map()));
    const cell = day.get(slot) ?? { sum: 0, n: 0 };
    day.set(slot, { sum: cell.sum + sample.value, n: cell.n + 1 });
  }
  const means = new Map<string, Map<number, number>>();
  for (const [date, day] of sums) means.set(date, new Map([...day].map(([slot, c]) => [slot, c.sum / c.n])));
  return means;
}

/** One local day as slots (null where no sample fell), e.g. today's curve so far. */
export function dayProfile(samples: readonly OccupancySample[], timeZone: string, date: string, slotMinutes = 60): DaySlotValue[] {
  const day = meanByLocalSlot(samples, timeZone, slotMinutes).get(date);
  return daySlotStarts(slotMinutes).map((minutes) => ({ minutes, value: day?.get(minutes) ?? null }));
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function medianOf(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
