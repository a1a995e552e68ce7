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
  const wallClock = wallClockOf(input.timeZone);
  for (const sample of input.samples) {
    const local = wallClock(sample.at.getTime());
    const cell = sums[local.weekday]![local.hour]!;
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

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Weekday (Monday 0) and wall-clock hour of instants in one zone. Twelve weeks of quarter hours
 * are 8,000 samples: asking Intl for each took ~0.5 s of the service's only thread. The offset is
 * asked twice per UTC day instead (its first and last minute); a day whose two answers differ
 * holds a change of offset, and its instants are asked one by one.
 */
function wallClockOf(timeZone: string): (at: number) => { weekday: number; hour: number } {
  const offsets = new Map<number, number | null>();
  const offsetAt = (instant: number) => {
    const local = localTime(new Date(instant), timeZone);
    return Date.parse(`${local.date}T00:00:00Z`) + local.minutes * MINUTE_MS - instant;
  };
  return (at) => {
    const day = Math.floor(at / DAY_MS);
    let offset = offsets.get(day);
    if (offset === undefined) {
      const first = offsetAt(day * DAY_MS);
      offset = first === offsetAt((day + 1) * DAY_MS - MINUTE_MS) ? first : null;
      offsets.set(day, offset);
    }
    if (offset === null) {
      const local = localTime(new Date(at), timeZone);
      return { weekday: WEEKDAYS.indexOf(local.weekday), hour: Math.floor(local.minutes / 60) };
    }
    const wall = new Date(at + offset);
    // getUTCDay counts from Sunday = 0; WEEKDAYS starts on Monday.
    return { weekday: (wall.getUTCDay() + 6) % 7, hour: wall.getUTCHours() };
  };
}
