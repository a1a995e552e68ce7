// Rule: the weekday × hour heatmap is, for each local weekday and wall-clock hour, the mean of
// the samples that fell there. Hours are the site's wall clock (DST-correct through localTime);
// cells without samples are null rather than 0, so a chart can tell "empty" from "unknown".
import { WEEKDAYS, type Weekday } from '../access/calendar-date.js';
import { localTime } from '../access/local-time.js';
import type { OccupancySample } from './local-slots.js';

export interface OccupancyHeatmapInput {
  /** Samples of the weeks wanted (the caller picks the range). */
  samples: readonly OccupancySample[];
  timeZone: string;
  /** When given, cells are ratios value / capacity (e.g. occupied desks / desks of the site). */
  capacity?: number;
}

export interface OccupancyHeatmap {
  unit: 'desks' | 'ratio';
  /** Row order of `cells`: Monday first. */
  weekdays: readonly Weekday[];
  /** `cells[weekday][hour]`, hour 0–23 of the wall clock. */
  cells: Array<Array<number | null>>;
}

export function occupancyHeatmap(input: OccupancyHeatmapInput): OccupancyHeatmap {
  if (input.capacity !== undefined && !(input.capacity > 0)) throw new RangeError('capacity must be positive');
  const sums = WEEKDAYS.map(() => Array.from({ length: 24 }, () => ({ sum: 0, n: 0 })));
  for (const sample of input.samples) {
    const local = localTime(sample.at, input.timeZone);
    const cell = sums[WEEKDAYS.indexOf(local.weekday)]![Math.floor(local.minutes / 60)]!;
    cell.sum += sample.value;
    cell.n += 1;
  }
  const divisor = input.capacity ?? 1;
  return {
    unit: input.capacity === undefined ? 'desks' : 'ratio',
    weekdays: WEEKDAYS,
    cells: sums.map((row) => row.map((c) => (c.n === 0 ? null : c.sum / c.n / divisor))),
  };
}
