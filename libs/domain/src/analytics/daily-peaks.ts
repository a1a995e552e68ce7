// Rule: a day's peak is the largest number of desks occupied at once during that local day, and
// the first instant it was reached. Built from desk intervals, so it is exact, not sampled.
import { addDays } from '../access/calendar-date.js';
import { localTime, zonedInstant } from '../access/local-time.js';
import { occupiedIntervals, type DeskOccupancyChange } from './desk-intervals.js';

export interface DailyPeaksInput {
  /** Changes up to `to`, including some before `from` so that the state at `from` is known. */
  changes: readonly DeskOccupancyChange[];
  from: Date;
  to: Date;
  timeZone: string;
}

export interface DailyPeak {
  /** Local date. */
  date: string;
  occupied: number;
  /** First instant of the day with that many desks occupied; null when none was. */
  at: Date | null;
}

/** The local days of [from, to), each clipped to it: what a peak is taken over. */
export function peakDays(from: Date, to: Date, timeZone: string): Array<{ date: string; start: number; end: number }> {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (fromMs >= toMs) return [];
  const days: Array<{ date: string; start: number; end: number }> = [];
  const last = localTime(new Date(toMs - 1), timeZone).date;
  for (let date = localTime(from, timeZone).date; date <= last; date = addDays(date, 1)) {
    days.push({
      date,
      start: Math.max(fromMs, zonedInstant(date, 0, timeZone).getTime()),
      end: Math.min(toMs, zonedInstant(addDays(date, 1), 0, timeZone).getTime()),
    });
  }
  return days;
}

export function dailyPeaks(input: DailyPeaksInput): DailyPeak[] {
  const steps = deskCountSteps(input.changes, input.from, input.to);
  const peaks: DailyPeak[] = [];
  let count = 0;
  let i = 0;
  // The days are contiguous and the steps clipped to [from, to): each day starts with the count
  // the previous one ended with.
  for (const { date, start: dayStart, end: dayEnd } of peakDays(input.from, input.to, input.timeZone)) {
    const peak: DailyPeak = { date, occupied: count, at: count > 0 ? new Date(dayStart) : null };
    while (i < steps.length && steps[i]!.at < dayEnd) {
      const at = steps[i]!.at;
      // Apply every change of one instant before comparing: a desk freed as another is taken is no peak.
      for (; i < steps.length && steps[i]!.at === at; i += 1) count += steps[i]!.delta;
      if (count > peak.occupied) Object.assign(peak, { occupied: count, at: new Date(at) });
    }
    peaks.push(peak);
  }
  return peaks;
}

/** +1 where a desk becomes occupied, −1 where it is freed, in time order. */
function deskCountSteps(changes: readonly DeskOccupancyChange[], from: Date, to: Date): Array<{ at: number; delta: number }> {
  const steps: Array<{ at: number; delta: number }> = [];
  for (const intervals of occupiedIntervals(changes, from, to).values()) {
    for (const interval of intervals) steps.push({ at: interval.start, delta: 1 }, { at: interval.end, delta: -1 });
  }
  return steps.sort((a, b) => a.at - b.at);
}
