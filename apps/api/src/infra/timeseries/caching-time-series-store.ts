// The service's store: an adapter (InfluxDB or embedded) behind a cache of whole past UTC days.
// A dashboard report over 90 days re-aggregates the same 89 finished days at every call; here each
// finished day is aggregated once, and a call reads only what it lacks (today, a partial first
// day) from the store. Answers are the adapter's own: a day's buckets are the same whether read
// alone or within a longer range, since buckets divide the day (docs/timeseries.md, "Past days").
//
// What changes a past day, and how the cache follows:
// - late points (the writer's outage buffer, a snapshot written just after midnight): write()
//   forgets the days of every point it writes into a finished day, once the adapter has it;
// - rollups recomputed (rollUp, and InfluxDB's continuous query an hour later): a rollup day is
//   cached only ROLLUP_SETTLE_MS after its end, and rollUp() forgets the days it recomputed;
// - retention: a raw day older than the plan's rawDays is never served from the cache, except the
//   desk windows whose look-back reaches before it: kept only while what retention left does not
//   change (no expiry since, the same UTC day past its first hour; interval-days.ts);
// - anything this process does not see (another instance writing into a shared InfluxDB, a hand
//   edit): entries are read again after ttlMs.
import { cachedIntervals } from './interval-days.js';
import { DAY_MS, dayStart, PastDays } from './past-days.js';
import { type BucketValue, toSeriesRows } from './series-grid.js';
import {
  type IntervalsQuery,
  type IntervalsSummary,
  type PointRow,
  type PointsQuery,
  type RetentionPlan,
  ROLLUP_EVERY_MS,
  type SeriesQuery,
  type SeriesRow,
  type TimePoint,
  type TimeSeriesEngine,
  TimeSeriesStore,
} from './time-series-store.js';

const HOUR_MS = ROLLUP_EVERY_MS;

/** InfluxDB's continuous query recomputes each hour an hour after it (RESAMPLE FOR 2h); the service's job within 3 closed hours. */
export const ROLLUP_SETTLE_MS = 4 * ROLLUP_EVERY_MS;

/** InfluxDB drops a UTC day's raw shard at its retention check after midnight (every 30 min by default): a margin over it. */
export const RETENTION_SETTLE_MS = ROLLUP_EVERY_MS;

export interface CachingStoreOptions {
  /** The service's clock (ms): which days are finished. */
  now: () => number;
  /** Default 1 hour. */
  ttlMs?: number;
  /** Default 100,000 hours or days of series, and windows. */
  maxEntries?: number;
}

export class CachingTimeSeriesStore extends TimeSeriesStore {
  readonly engine: TimeSeriesEngine;
  private readonly now: () => number;
  private readonly series: PastDays<BucketValue[]>;
  private readonly intervals: PastDays<unknown>;
  private plan: RetentionPlan | undefined;
  /** Expiries run by this process (the embedded store deletes then): what retention left has changed. */
  private expiries = 0;

  constructor(
    readonly inner: TimeSeriesStore,
    options: CachingStoreOptions,
  ) {
    super();
    this.engine = inner.engine;
    this.now = options.now;
    const cache = { ttlMs: options.ttlMs ?? 3_600_000, maxEntries: options.maxEntries ?? 100_000 };
    this.series = new PastDays(cache);
    this.intervals = new PastDays(cache);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  async write(points: TimePoint[]): Promise<void> {
    await this.inner.write(points);
    const finished = dayStart(this.now());
    for (const p of points) if (p.time.getTime() < finished) this.forget(p.measurement, p.time.getTime());
  }

  async query(q: SeriesQuery): Promise<SeriesRow[]> {
    if (!(DAY_MS % q.everyMs === 0 && q.from.getTime() < q.to.getTime())) return this.inner.query(q);
    const now = this.now();
    const version = this.series.current;
    const key = JSON.stringify([q.measurement, q.field, q.where ?? {}, q.everyMs, q.aggregate, q.groupBy ?? null, q.sumGroups ?? false, q.source ?? 'raw']);
    // Hours: a local day (23 or 25 of them, from 23:00 UTC) is then whole units too. Daily buckets,
    // and the rollups (a year of them is read, its partial first and last days cheaply): days.
    const unit = HOUR_MS % q.everyMs === 0 && q.source !== 'rollup' ? HOUR_MS : DAY_MS;
    const buckets: BucketValue[] = [];
    let run: { from: number; to: number } | undefined;
    const fetchRun = async () => {
      if (!run) return;
      const rows = await this.readBuckets({ ...q, from: new Date(run.from), to: new Date(run.to) });
      buckets.push(...rows);
      const byUnit = new Map<number, BucketValue[]>();
      for (const row of rows) {
        const start = Math.floor(row.time / unit) * unit;
        const list = byUnit.get(start);
        if (list) list.push(row);
        else byUnit.set(start, [row]);
      }
      for (const [from, to] of segments(run.from, run.to, unit)) {
        if (this.cacheable(q, from, to, unit, now)) this.series.set(`${key}|${from}`, q.measurement, [dayStart(from)], byUnit.get(from) ?? [], now, version);
      }
      run = undefined;
    };
    for (const [from, to] of segments(q.from.getTime(), q.to.getTime(), unit)) {
      const cached = this.cacheable(q, from, to, unit, now) ? this.series.get(`${key}|${from}`, now) : undefined;
      if (cached) {
        await fetchRun();
        buckets.push(...cached);
      } else if (run) run.to = to;
      else run = { from, to };
    }
    await fetchRun();
    return toSeriesRows(q.sumGroups ? { ...q, groupBy: undefined } : q, buckets);
  }

  points(q: PointsQuery): Promise<PointRow[]> {
    return this.inner.points(q);
  }

  /** Utilisation, peaks and stays per finished window (interval-days.ts). */
  override summarizeIntervals(q: IntervalsQuery): Promise<IntervalsSummary | null> {
    const now = this.now();
    const rawSince = this.plan ? now - this.plan.rawDays * DAY_MS : Number.NEGATIVE_INFINITY;
    const today = dayStart(now);
    const retention = now - today >= RETENTION_SETTLE_MS ? `${this.expiries}|${today}` : undefined;
    return cachedIntervals(q, { inner: this.inner, cache: this.intervals, now, rawSince, retention });
  }

  /** Bumped with every day forgotten (PastDays.invalidate), whatever the cache held of it. */
  override pastVersion(): number {
    return this.series.current;
  }

  configureRetention(plan: RetentionPlan): Promise<void> {
    this.plan = plan;
    return this.inner.configureRetention(plan);
  }

  async rollUp(plan: RetentionPlan, from: Date, to: Date): Promise<void> {
    await this.inner.rollUp(plan, from, to);
    for (const rollup of plan.rollups) {
      for (let day = dayStart(from.getTime()); day < to.getTime(); day += DAY_MS) this.forget(rollup.into, day);
    }
  }

  async expire(plan: RetentionPlan, now: Date): Promise<number> {
    this.plan = plan;
    try {
      return await this.inner.expire(plan, now);
    } finally {
      // After the deletion: a read begun before it is kept under the former state, never served again.
      this.expiries += 1;
    }
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  protected forget(measurement: string, timeMs: number): void {
    this.series.invalidate(measurement, timeMs);
    this.intervals.invalidate(measurement, timeMs);
  }

  /** The adapter's rows that hold data, as buckets (toSeriesRows fills the rest again). */
  private async readBuckets(q: SeriesQuery): Promise<BucketValue[]> {
    const rows = await this.inner.query(q);
    const empty = q.aggregate === 'count' ? 0 : null;
    return rows.filter((r) => r.value !== null && r.value !== empty).map((r) => ({ time: r.time.getTime(), value: r.value, group: r.group ?? '' }));
  }

  /** A whole unit (hour or day) of a finished UTC day (rollups: settled), its raw points not yet expired. */
  private cacheable(q: SeriesQuery, from: number, to: number, unit: number, now: number): boolean {
    if (from % unit !== 0 || to !== from + unit) return false;
    if (q.source === 'rollup') return to <= now - ROLLUP_SETTLE_MS && (!this.plan || from >= now - this.plan.rollupDays * DAY_MS);
    return to <= dayStart(now) && (!this.plan || from >= now - this.plan.rawDays * DAY_MS);
  }
}

/** [from, to) cut at multiples of `unit` (an hour or a day, UTC). */
export function segments(from: number, to: number, unit: number): Array<[number, number]> {
  const cuts: Array<[number, number]> = [];
  for (let start = from; start < to; start = Math.floor(start / unit) * unit + unit) {
    cuts.push([start, Math.min(to, Math.floor(start / unit) * unit + unit)]);
  }
  return cuts;
}
