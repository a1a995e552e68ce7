// The stays summary (`durations`) from the stays of each UTC day of a period, for interval-days.ts.
// A finished day is kept with its stays' durations already sorted and summed, so a 90-day report
// takes its median from 90 sorted lists (libs/domain sorted-runs.ts) instead of flattening and
// sorting ~140,000 stays at every call. Durations are whole ms, so sums are exact in any order and
// the answer is the one summarizeStays gives over the same rows.
import { medianOfSortedRuns } from '#domain';
import type { IntervalRow, IntervalsSummary } from './time-series-store.js';

/** A finished day's stays, all ended, as kept. */
export interface StayDay {
  rows: IntervalRow[];
  sorted: Float64Array;
  sum: number;
  lastEnd: number;
  /** Every duration a whole number of ms (times are): else the day is summed as rows. */
  whole: boolean;
}

export function stayDay(rows: IntervalRow[]): StayDay {
  const sorted = Float64Array.from(rows, (s) => s.end - s.start).sort();
  let sum = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const duration of sorted) sum += duration;
  for (const s of rows) lastEnd = Math.max(lastEnd, s.end);
  return { rows, sorted, sum, lastEnd, whole: sorted.every(Number.isSafeInteger) && Number.isSafeInteger(sum) };
}

/** Each day's stays (kept, or fresh rows); a kept day whose stays all ended by `to` is taken whole. */
export function summarizeStayDays(days: ReadonlyArray<StayDay | readonly IntervalRow[]>, to: number): IntervalsSummary {
  const runs: Float64Array[] = [];
  const loose: IntervalRow[] = [];
  let sum = 0;
  for (const day of days) {
    if ('sorted' in day && day.whole && day.lastEnd <= to) {
      runs.push(day.sorted);
      sum += day.sum;
    } else loose.push(...('rows' in day ? day.rows : day));
  }
  const done: number[] = [];
  let ongoing = 0;
  for (const s of loose) {
    if (s.open || s.end > to) ongoing += 1;
    else done.push(s.end - s.start);
  }
  // Sums of whole ms are exact in any order; anything else is summed as summarizeStays does.
  if (![...done, sum].every(Number.isSafeInteger)) return summarizeStays(days.flatMap((day) => ('rows' in day ? day.rows : day)), to);
  for (const duration of done) sum += duration;
  runs.push(Float64Array.from(done).sort());
  const n = runs.reduce((count, run) => count + run.length, 0);
  if (n === 0) return { kind: 'durations', count: 0, ongoing, meanMs: null, medianMs: null, maxMs: null };
  const maxMs = Math.max(...runs.filter((run) => run.length > 0).map((run) => run[run.length - 1]!));
  return { kind: 'durations', count: n, ongoing, meanMs: sum / n, medianMs: medianOfSortedRuns(runs), maxMs };
}

/** What the store's `durations` summary answers (embedded-intervals.ts), over the stays' rows. */
export function summarizeStays(stays: readonly IntervalRow[], to: number): IntervalsSummary {
  const done: number[] = [];
  let ongoing = 0;
  for (const s of stays) {
    if (s.open || s.end > to) ongoing += 1;
    else done.push(s.end - s.start);
  }
  const n = done.length;
  if (n === 0) return { kind: 'durations', count: 0, ongoing, meanMs: null, medianMs: null, maxMs: null };
  const sorted = Float64Array.from(done).sort();
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { kind: 'durations', count: n, ongoing, meanMs: done.reduce((a, b) => a + b, 0) / n, medianMs: median, maxMs: sorted[n - 1]! };
}
