// Reads of the occupancy and access series, shaped for the domain's analytics rules. The only
// place that knows measurement and field names on the read side (the write side: series-schema).
import type { DecisionCount, DeskOccupancyChange, OccupancySample } from '#domain';
import { type IntervalsSummary, type IntervalsSummaryKind, TimeSeriesRejectedError, type TimeSeriesStore } from '../infra/timeseries/index.js';
import { MEASUREMENTS } from './series-schema.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Analytics sample the zone snapshots by quarter hour: every real UTC offset is a multiple of it. */
export const SAMPLE_MS = 15 * MINUTE_MS;
/** Desk states at `from` come from the changes of the days before: desks are freed every evening. */
export const DESK_LOOKBACK_MS = 2 * DAY_MS;

export interface SiteBucket {
  time: Date;
  /** Summed over the site's zones; null when no zone had a snapshot in the bucket. */
  occupied: number | null;
  headcount: number | null;
}

/**
 * The site's occupied desks and headcount per bucket: each zone's mean over its per-minute
 * snapshots, summed over zones. Zones are snapshotted together, so the sum of the zone means is
 * the mean of the site totals.
 */
export async function readSiteBuckets(
  store: TimeSeriesStore,
  site: string,
  from: Date,
  to: Date,
  everyMs: number,
  fromRollups = false,
): Promise<SiteBucket[]> {
  const read = (field: string) =>
    fromRollups
      ? readZoneSums(store, site, `${field}_mean`, from, to, everyMs, MEASUREMENTS.zoneOccupancyHourly)
      : readZoneSums(store, site, field, from, to, everyMs);
  const [occupied, headcount] = await Promise.all([read('occupied'), read('headcount')]);
  return [...occupied!.keys()].map((t) => ({
    time: new Date(t),
    occupied: occupied!.get(t) ?? null,
    headcount: headcount!.get(t) ?? null,
  }));
}

/** Occupied desks of the site as samples (quarter hours with data), for the typical day and heatmap. */
export async function readOccupiedSamples(store: TimeSeriesStore, site: string, from: Date, to: Date): Promise<OccupancySample[]> {
  const sums = await readZoneSums(store, site, 'occupied', from, to, SAMPLE_MS);
  return [...sums].filter((entry): entry is [number, number] => entry[1] !== null).map(([t, value]) => ({ at: new Date(t), value }));
}

/** bucket start → sum over zones of the field's mean (null: no zone had data). Every bucket is a key. */
async function readZoneSums(
  store: TimeSeriesStore,
  site: string,
  field: string,
  from: Date,
  to: Date,
  everyMs: number,
  rollup?: typeof MEASUREMENTS.zoneOccupancyHourly,
): Promise<Map<number, number | null>> {
  const rows = await store.query({
    ...(rollup ? { measurement: rollup, source: 'rollup' as const } : { measurement: MEASUREMENTS.zoneOccupancy }),
    field,
    where: { site },
    from,
    to,
    everyMs,
    aggregate: 'mean',
    groupBy: 'zone',
    // Summed in the store: a quarter of the rows to ship and shape on the event loop.
    sumGroups: true,
  });
  const sums = new Map<number, number | null>();
  for (let t = Math.floor(from.getTime() / everyMs) * everyMs; t < to.getTime(); t += everyMs) sums.set(t, null);
  for (const row of rows) {
    if (row.value === null) continue;
    const t = row.time.getTime();
    sums.set(t, (sums.get(t) ?? 0) + row.value);
  }
  return sums;
}

/**
 * The desks' stays over [from, to) summarised by the store itself (the embedded store: SQL), the
 * state at `from` read from DESK_LOOKBACK_MS before; null when the adapter cannot.
 */
export function summarizeDeskStays<K extends IntervalsSummaryKind>(
  store: TimeSeriesStore,
  site: string,
  from: Date,
  to: Date,
  summary: K,
): Promise<Extract<IntervalsSummary, { kind: K['kind'] }> | null> {
  return store.summarizeIntervals({
    measurement: MEASUREMENTS.deskOccupancy,
    field: 'occupied',
    where: { site },
    seriesTag: 'desk',
    readFrom: new Date(from.getTime() - DESK_LOOKBACK_MS),
    from,
    to,
    summary,
  }) as Promise<Extract<IntervalsSummary, { kind: K['kind'] }> | null>;
}

/** A week of desk changes is ~22,000 points for 200 busy desks: well under a points() answer's cap. */
const DESK_SLICE_MS = 7 * DAY_MS;

/**
 * Desk state changes up to `to`, from DESK_LOOKBACK_MS before `from` (so the state at `from` is
 * known). Read a week at a time (a slice the store finds too long is halved), so no period is
 * refused for holding too many points.
 */
export async function readDeskChanges(store: TimeSeriesStore, site: string, from: Date, to: Date): Promise<DeskOccupancyChange[]> {
  const changes: DeskOccupancyChange[] = [];
  for (let start = from.getTime() - DESK_LOOKBACK_MS; start < to.getTime(); start += DESK_SLICE_MS) {
    await readDeskSlice(store, site, start, Math.min(start + DESK_SLICE_MS, to.getTime()), changes);
  }
  return changes;
}

async function readDeskSlice(store: TimeSeriesStore, site: string, from: number, to: number, into: DeskOccupancyChange[]): Promise<void> {
  let rows;
  try {
    rows = await store.points({ measurement: MEASUREMENTS.deskOccupancy, field: 'occupied', where: { site }, from: new Date(from), to: new Date(to) });
  } catch (error) {
    if (!(error instanceof TimeSeriesRejectedError) || to - from <= MINUTE_MS) throw error;
    const middle = from + Math.floor((to - from) / 2);
    await readDeskSlice(store, site, from, middle, into);
    return readDeskSlice(store, site, middle, to, into);
  }
  for (const row of rows) if (row.tags.desk !== undefined) into.push({ desk: row.tags.desk, at: row.time, occupied: row.value === 1 });
}

/** Badge decisions of the site in [from, to), per granted/reason. */
export async function readDecisionCounts(store: TimeSeriesStore, site: string, from: Date, to: Date): Promise<DecisionCount[]> {
  const counts: DecisionCount[] = [];
  for (const granted of [true, false]) {
    const rows = await store.query({
      measurement: MEASUREMENTS.accessDecision,
      field: 'count',
      where: { site, granted: String(granted) },
      from,
      to,
      everyMs: DAY_MS,
      aggregate: 'sum',
      groupBy: 'reason',
    });
    for (const row of rows) if (row.value) counts.push({ granted, reason: row.group ?? '', count: row.value });
  }
  return counts;
}
