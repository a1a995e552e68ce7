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
  /** Never throws. */
  abstract ping(): Promise<boolean>;
  abstract close(): Promise<void>;
}

/** Input the store refuses whatever the retry: invalid names or values, or a write the server rejected. */
export class TimeSeriesRejectedError extends Error {
  override readonly name = 'TimeSeriesRejectedError';
}
