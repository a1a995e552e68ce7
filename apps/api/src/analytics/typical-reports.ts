// Reports built on the typical day: today against it, the weekday × hour heatmap, the forecast.
// Each reads the quarter-hour samples of occupied desks and hands them to the domain rules.
import { dayProfile, forecastFreeSeats, localTime, occupancyHeatmap, typicalDay, zonedInstant } from '#domain';
import type { ForecastBody, HeatmapBody, TodayBody } from '#protocol';
import type { TimeSeriesStore } from '../infra/timeseries/index.js';
import type { Site } from '../sites/site.types.js';
import { readOccupiedSamples } from './analytics-series.js';
import { clock, round, startOfLocalDay } from './report-format.js';
import type { TypicalDays } from './typical-days.js';

export const DEFAULT_WEEKS = 8;

export async function todayReport(
  store: TimeSeriesStore,
  site: Site,
  now: Date,
  weeks = DEFAULT_WEEKS,
  kept?: TypicalDays,
): Promise<TodayBody> {
  const { date, typical, today } = await typicalAndToday(store, site, now, weeks, kept);
  return {
    site: site.id,
    date,
    basedOn: typical.basedOn,
    slots: typical.slots.map((slot, i) => ({
      time: zonedInstant(date, slot.minutes, site.timezone).toISOString(),
      hour: clock(slot.minutes),
      today: round(today[i]!.value),
      typical: round(slot.value),
    })),
  };
}

/** The N whole weeks before today (today is partial and would weigh its morning only). */
export async function heatmapReport(store: TimeSeriesStore, site: Site, now: Date, weeks: number, unit: 'desks' | 'ratio'): Promise<HeatmapBody> {
  const to = startOfLocalDay(now, site.timezone);
  const from = startOfLocalDay(now, site.timezone, -7 * weeks);
  const samples = await readOccupiedSamples(store, site.id, from, to);
  const heatmap = occupancyHeatmap({ samples, timeZone: site.timezone, ...(unit === 'ratio' ? { capacity: Math.max(1, site.desks.length) } : {}) });
  return {
    site: site.id,
    weeks,
    from: from.toISOString(),
    to: to.toISOString(),
    ...heatmap,
    cells: heatmap.cells.map((row) => row.map((v) => round(v, unit === 'ratio' ? 3 : 2))),
  };
}

/** The live seats the forecast starts from (GET /api/sites/{site}/seats). */
export interface LiveSeats {
  occupied: number;
  offline: number;
  total: number;
}

export async function forecastReport(
  store: TimeSeriesStore,
  site: Site,
  now: Date,
  live: LiveSeats,
  kept?: TypicalDays,
): Promise<ForecastBody> {
  const { date, typical, today } = await typicalAndToday(store, site, now, DEFAULT_WEEKS, kept);
  const capacity = live.total - live.offline;
  const forecast = forecastFreeSeats({ now, site, typical: typical.slots, observed: today, capacity, current: live.occupied });
  return {
    site: site.id,
    date,
    ratio: round(forecast.ratio, 3)!,
    capacity,
    current: live.occupied,
    slots: forecast.slots.map((s) => ({
      time: s.at.toISOString(),
      hour: clock(s.minutes),
      occupied: round(s.occupied, 1),
      free: s.free,
      basis: s.basis,
    })),
  };
}

/**
 * The typical day from the weeks before today (it uses none of today's samples), kept when `kept`
 * is given; today's curve from today's samples alone. Local midnight is a whole quarter hour in
 * every zone, so the two reads hold the samples one read across it held.
 */
async function typicalAndToday(store: TimeSeriesStore, site: Site, now: Date, weeks: number, kept?: TypicalDays) {
  const date = localTime(now, site.timezone).date;
  const midnight = startOfLocalDay(now, site.timezone);
  const compute = async () => {
    const samples = await readOccupiedSamples(store, site.id, startOfLocalDay(now, site.timezone, -7 * weeks), midnight);
    return typicalDay({ samples, timeZone: site.timezone, date, weeks, site });
  };
  const [typical, samples] = await Promise.all([
    kept ? kept.get(store, site, date, weeks, now.getTime(), compute) : compute(),
    readOccupiedSamples(store, site.id, midnight, now),
  ]);
  return { date, typical, today: dayProfile(samples, site.timezone, date) };
}
