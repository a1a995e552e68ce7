// GET /api/sites/{site}/occupancy (contract §3): occupied desks and headcount of a site over time.
import { addDays, localTime, zonedInstant } from '#domain';
import type { OccupancySeriesBody } from '#protocol';
import type { TimeSeriesStore } from '../infra/timeseries/index.js';
import type { Site } from '../sites/site.types.js';
import { readSiteBuckets } from './analytics-series.js';
import { round } from './report-format.js';
import { RETENTION_PLAN } from './series-schema.js';

const HOUR_MS = 3_600_000;
export const EVERY_MS = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': HOUR_MS, '1d': 24 * HOUR_MS } as const;
export type Every = keyof typeof EVERY_MS;
export const EVERY_VALUES = Object.keys(EVERY_MS) as [Every, ...Every[]];
type OccupancyPoint = OccupancySeriesBody['points'][number];
/** Points per answer at most: a day by the minute (1,440) fits, a month by the minute does not. */
export const MAX_OCCUPANCY_POINTS = 1_500;

/** How many points `every` makes over [from, to) (an upper bound for `1d`). */
export function occupancyPointCount(from: Date, to: Date, every: Every): number {
  return Math.ceil((to.getTime() - from.getTime()) / EVERY_MS[every]) + 1;
}

/**
 * Hourly and daily series starting before the raw points' retention are read from the hourly
 * rollups (kept 3 years) instead, whole: mixing sources would show a step at the boundary.
 */
export async function occupancySeries(
  store: TimeSeriesStore,
  site: Site,
  from: Date,
  to: Date,
  every: Every,
  now: Date,
): Promise<OccupancySeriesBody> {
  const rawSince = now.getTime() - RETENTION_PLAN.rawDays * 24 * HOUR_MS;
  const fromRollups = EVERY_MS[every] >= HOUR_MS && from.getTime() < rawSince;
  const points = every === '1d' ? await localDays(store, site, from, to, fromRollups) : await buckets(store, site.id, from, to, EVERY_MS[every], fromRollups);
  return { site: site.id, from: from.toISOString(), to: to.toISOString(), every, points };
}

async function buckets(
  store: TimeSeriesStore,
  site: string,
  from: Date,
  to: Date,
  everyMs: number,
  fromRollups: boolean,
): Promise<OccupancyPoint[]> {
  const rows = await readSiteBuckets(store, site, from, to, everyMs, fromRollups);
  return rows.map((row) => ({ time: row.time.toISOString(), occupied: round(row.occupied), headcount: round(row.headcount) }));
}

/** Days are the site's local days (not UTC ones): the mean of the day's hourly values. */
async function localDays(store: TimeSeriesStore, site: Site, from: Date, to: Date, fromRollups: boolean): Promise<OccupancyPoint[]> {
  const hours = await readSiteBuckets(store, site.id, from, to, HOUR_MS, fromRollups);
  const byDate = new Map<string, { occupied: number[]; headcount: number[] }>();
  const last = localTime(new Date(to.getTime() - 1), site.timezone).date;
  for (let date = localTime(from, site.timezone).date; date <= last; date = addDays(date, 1)) {
    byDate.set(date, { occupied: [], headcount: [] });
  }
  for (const hour of hours) {
    const day = byDate.get(localTime(hour.time, site.timezone).date);
    if (!day) continue;
    if (hour.occupied !== null) day.occupied.push(hour.occupied);
    if (hour.headcount !== null) day.headcount.push(hour.headcount);
  }
  return [...byDate].map(([date, day]) => ({
    time: zonedInstant(date, 0, site.timezone).toISOString(),
    occupied: round(mean(day.occupied)),
    headcount: round(mean(day.headcount)),
  }));
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
