import { InfluxDB, type IPoint } from 'influx';
import { type InfluxConnection, parseInfluxUrl } from './influx-url.js';
import { buildInfluxQuery } from './influx-query.js';
import { assertValidPoints, assertValidQuery } from './point-validation.js';
import { type BucketValue, toSeriesRows } from './series-grid.js';
import {
  type SeriesQuery,
  type SeriesRow,
  type TimePoint,
  TimeSeriesRejectedError,
  TimeSeriesStore,
} from './time-series-store.js';

interface RawSeries {
  tags?: Record<string, string>;
  columns: string[];
  values: Array<[number, number | null]>;
}
interface RawResponse {
  results: Array<{ series?: RawSeries[]; error?: string }>;
}

// The client would otherwise take the host out of its pool for a while after each failure,
// failing the next requests without trying; retrying is the buffered writer's job.
const NO_BACKOFF = {
  getDelay: () => 0,
  next() {
    return NO_BACKOFF;
  },
  reset() {
    return NO_BACKOFF;
  },
};

export interface InfluxTimeSeriesStoreOptions {
  requestTimeoutMs?: number;
  pingTimeoutMs?: number;
}

/** InfluxDB 1.x (HTTP API, InfluxQL); 2.x through its 1.x compatibility API. */
export class InfluxTimeSeriesStore extends TimeSeriesStore {
  readonly engine = 'influxdb' as const;
  readonly database: string;
  private readonly influx: InfluxDB;
  private readonly pingTimeoutMs: number;

  constructor(url: string, options: InfluxTimeSeriesStoreOptions = {}) {
    super();
    const connection: InfluxConnection = parseInfluxUrl(url);
    this.database = connection.database;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
    this.influx = new InfluxDB({
      ...connection,
      pool: { maxRetries: 1, requestTimeout: options.requestTimeoutMs ?? 10_000, backoff: NO_BACKOFF },
    });
  }

  async start(): Promise<void> {
    // Listing first: a non-admin user may use an existing database but not create one.
    const names = await this.influx.getDatabaseNames();
    if (!names.includes(this.database)) await this.influx.createDatabase(this.database);
  }

  async write(points: TimePoint[]): Promise<void> {
    assertValidPoints(points);
    if (points.length === 0) return;
    const lines: IPoint[] = points.map((p) => ({
      measurement: p.measurement,
      tags: p.tags,
      fields: p.fields,
      timestamp: p.time,
    }));
    try {
      await this.influx.writePoints(lines, { precision: 'ms' });
    } catch (error) {
      // 400: unparsable line or a field type conflict, the same on every retry.
      if (statusOf(error) === 400) throw new TimeSeriesRejectedError(`InfluxDB refused the write: ${messageOf(error)}`);
      throw error;
    }
  }

  async query(q: SeriesQuery): Promise<SeriesRow[]> {
    assertValidQuery(q);
    if (q.from.getTime() >= q.to.getTime()) return [];
    const { text, placeholders } = buildInfluxQuery(q);
    const response = (await this.influx.queryRaw(text, { placeholders, precision: 'ms' })) as RawResponse;
    const result = response.results[0];
    if (result?.error) throw new Error(`InfluxDB query failed: ${result.error}`);
    const buckets: BucketValue[] = [];
    for (const series of result?.series ?? []) {
      const group = q.groupBy === undefined ? '' : (series.tags?.[q.groupBy] ?? '');
      const valueColumn = series.columns.indexOf('value');
      for (const row of series.values) {
        buckets.push({ time: row[0], value: (row[valueColumn] as number | null) ?? null, group });
      }
    }
    return toSeriesRows(q, buckets);
  }

  async ping(): Promise<boolean> {
    try {
      const hosts = await this.influx.ping(this.pingTimeoutMs);
      return hosts.length > 0 && hosts.every((host) => host.online);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // Plain HTTP requests: nothing held open.
  }
}

function statusOf(error: unknown): number | undefined {
  const res = (error as { res?: { statusCode?: number } } | null)?.res;
  return res?.statusCode;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
