// The port of the time-series store: one abstract class (also Nest's DI token), two adapters
// (InfluxDB and the embedded SQLite store) that answer every query identically.

export interface TimePoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  time: Date;
}

export const AGGREGATES = ['mean', 'max', 'min', 'sum', 'count', 'last'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface SeriesQuery {
  measurement: string;
  field: string;
  /** Tag equality filters; a tag a point lacks compares as the empty string (as in InfluxDB). */
  where?: Record<string, string>;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Bucket width; buckets are aligned to the Unix epoch (UTC). */
  everyMs: number;
  aggregate: Aggregate;
  /** A tag key: one series of rows per value of that tag. */
  groupBy?: string;
  /**
   * With groupBy: the groups' values summed per bucket, in the store, and one row per bucket
   * without `group` (a site's occupied desks from its zones' means). null where no group had data.
   */
  sumGroups?: boolean;
  /** `rollup`: the hourly rollups (see RetentionPlan) instead of the raw points. Default `raw`. */
  source?: SeriesSource;
}

export type SeriesSource = 'raw' | 'rollup';

/** Raw points of one field, unaggregated: e.g. every state change of the desks of a site. */
export interface PointsQuery {
  measurement: string;
  field: string;
  where?: Record<string, string>;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface PointRow {
  time: Date;
  value: number;
  /** The point's tags (tags it lacks are absent). */
  tags: Record<string, string>;
}

/**
 * The intervals during which a 0/1 field holds 1, per series (a desk's stays: from a point at 1
 * until the next at 0; a repeated 1 changes nothing; before its first point a series is at 0).
 * Read from `readFrom` (so the state at `from` is known) up to `to`; an interval still open at
 * `to` ends there. Summarised in the store, so a long period never ships its raw points.
 */
export interface IntervalsQuery {
  measurement: string;
  field: string;
  where?: Record<string, string>;
  /** The tag naming a series; points without it are left out. */
  seriesTag: string;
  readFrom: Date;
  from: Date;
  to: Date;
  summary: IntervalsSummaryKind;
  /**
   * Series already at 1 at `readFrom`, each since the start of its interval (an `open` summary
   * at that instant): the points before `readFrom` then need not be read to know them.
   */
  openAt?: OpenInterval[];
}

export interface OpenInterval {
  series: string;
  since: number;
}

export type IntervalsSummaryKind =
  /** Per series, the ms of its intervals inside the windows (sorted, disjoint, inside [from, to)); `perWindow`: per window too. */
  | { kind: 'overlap'; windows: Array<[number, number]>; perWindow?: boolean }
  /** Per window (contiguous days covering [from, to)): the most intervals open at once, first reached at. */
  | { kind: 'peaks'; windows: Array<[number, number]> }
  /** Intervals started in [from, to): those ended by `to` (count, mean, median, longest) and the others. */
  | { kind: 'durations' }
  /** Each interval started in [from, before) (before <= to), in start order, with its end (`open`: none by `to`, end = `to`). */
  | { kind: 'starts'; before: number }
  /** Each series still at 1 at `to`, with the start of that interval (from the points since `readFrom`). */
  | { kind: 'open' };

export type IntervalsSummary =
  | { kind: 'overlap'; bySeries: Array<{ series: string; ms: number }>; byWindow?: Array<{ window: number; series: string; ms: number }> }
  | { kind: 'peaks'; windows: Array<{ count: number; at: number | null }> }
  | { kind: 'durations'; count: number; ongoing: number; meanMs: number | null; medianMs: number | null; maxMs: number | null }
  | { kind: 'starts'; intervals: IntervalRow[] }
  | { kind: 'open'; intervals: OpenInterval[] };

export interface IntervalRow {
  start: number;
  end: number;
  open: boolean;
}

/** Rollups are hourly, aligned to the epoch like query buckets. */
export const ROLLUP_EVERY_MS = 3_600_000;

/** One rollup: each field's hourly mean and max, as fields `<field>_mean` and `<field>_max` of `into`. */
export interface RollupSpec {
  measurement: string;
  into: string;
  fields: string[];
}

export interface RetentionPlan {
  /** Raw points live this long (InfluxDB: the default retention policy `raw`). */
  rawDays: number;
  /** Rollups live this long (InfluxDB: the retention policy `rollup`). */
  rollupDays: number;
  rollups: RollupSpec[];
}

export interface SeriesRow {
  /** Start of the bucket (may be before `from` when `from` is not aligned). */
  time: Date;
  /** `null` for an empty bucket, except `count`, which is `0` there (InfluxDB's `fill(null)`). */
  value: number | null;
  /** The `groupBy` tag's value (`''` for points without that tag); absent without `groupBy`. */
  group?: string;
}

export type TimeSeriesEngine = 'influxdb' | 'embedded';

export abstract class TimeSeriesStore {
  abstract readonly engine: TimeSeriesEngine;
  /** InfluxDB: creates the database if missing. Embedded: opens the file, creates tables and indexes. */
  abstract start(): Promise<void>;
  /** All or nothing for invalid input: throws TimeSeriesRejectedError before writing anything. */
  abstract write(points: TimePoint[]): Promise<void>;
  /** One row per bucket from `from` to `to`, in time order; grouped rows sorted by group, then time. */
  abstract query(q: SeriesQuery): Promise<SeriesRow[]>;
  /** Every point in [from, to) holding the field, in time order (ties by tag set); at most MAX_POINT_ROWS. */
  abstract points(q: PointsQuery): Promise<PointRow[]>;
  /**
   * Sets retention up; idempotent, run at each start. InfluxDB: retention policies `raw` (the
   * default, rawDays) and `rollup` (rollupDays), and one continuous query per rollup.
   * Embedded: nothing beyond its tables; its expiry is `expire`, called periodically.
   */
  abstract configureRetention(plan: RetentionPlan): Promise<void>;
  /**
   * Computes the rollups of the whole hours in [from, to) now, replacing earlier results
   * (idempotent). InfluxDB's continuous queries do this on their own for recent hours.
   */
  abstract rollUp(plan: RetentionPlan, from: Date, to: Date): Promise<void>;
  /** Deletes what the plan has expired at `now`; returns how many points. InfluxDB: 0, its policies expire data themselves. */
  abstract expire(plan: RetentionPlan, now: Date): Promise<number>;
  /**
   * Interval summaries computed off the service's event loop: the embedded store in SQL in its
   * reader thread; InfluxDB (InfluxQL has no window function) with the same SQL in a worker over
   * the fetched points. null from an adapter that cannot: the caller then reads the points.
   */
  summarizeIntervals(_q: IntervalsQuery): Promise<IntervalsSummary | null> {
    return Promise.resolve(null);
  }
  /**
   * A number that changes whenever data of a finished UTC day may have changed (a late point,
   * recomputed rollups), for what is computed from finished days only; undefined: the store
   * cannot tell, nothing may be kept.
   */
  pastVersion(): number | undefined {
    return undefined;
  }
  /** Never throws. */
  abstract ping(): Promise<boolean>;
  abstract close(): Promise<void>;
}

/** Input the store refuses whatever the retry: invalid names or values, or a write the server rejected. */
export class TimeSeriesRejectedError extends Error {
  override readonly name = 'TimeSeriesRejectedError';
}
