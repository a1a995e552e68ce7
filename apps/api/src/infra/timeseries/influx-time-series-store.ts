import { InfluxDB, type IPoint } from 'influx';
import { type InfluxConnection, parseInfluxUrl } from './influx-url.js';
import { InfluxIntervals } from './influx-intervals.js';
import { buildInfluxPointsQuery, buildInfluxQuery } from './influx-query.js';
import { continuousQuery, continuousQueryName, policyStatement, retentionPolicies, rollupSelect } from './influx-retention.js';
import { assertValidIntervalsQuery, assertValidPlan, assertValidPoints, assertValidPointsQuery, assertValidQuery } from './point-validation.js';
import { sortPointRows } from './point-rows.js';
import { type BucketValue, toSeriesRows, wholeHours } from './series-grid.js';
import {
  type IntervalsQuery,
  type IntervalsSummary,
  type PointRow,
  type PointsQuery,
  type RetentionPlan,
  type SeriesQuery,
  type SeriesRow,
  type TimePoint,
  TimeSeriesRejectedError,
  TimeSeriesStore,
} from './time-series-store.js';

interface RawSeries {
  name?: string;
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
  /** Interval summaries, computed in a worker thread (influx-intervals.ts). */
  private readonly intervals: InfluxIntervals;

  constructor(url: string, options: InfluxTimeSeriesStoreOptions = {}) {
    super();
    const connection: InfluxConnection = parseInfluxUrl(url);
    this.database = connection.database;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
    this.intervals = new InfluxIntervals(connection);
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
    const result = await this.run(text, placeholders);
    const buckets: BucketValue[] = [];
    for (const series of result?.series ?? []) {
      const group = q.groupBy === undefined || q.sumGroups ? '' : (series.tags?.[q.groupBy] ?? '');
      const valueColumn = series.columns.indexOf('value');
      for (const row of series.values) {
        buckets.push({ time: row[0], value: (row[valueColumn] as number | null) ?? null, group });
      }
    }
    return toSeriesRows(q.sumGroups ? { ...q, groupBy: undefined } : q, buckets);
  }

  async points(q: PointsQuery): Promise<PointRow[]> {
    assertValidPointsQuery(q);
    if (q.from.getTime() >= q.to.getTime()) return [];
    const { text, placeholders } = buildInfluxPointsQuery(q);
    const rows: PointRow[] = [];
    for (const series of (await this.run(text, placeholders)).series ?? []) {
      // GROUP BY * reports every tag key of the measurement, '' where a point lacks it.
      const tags = Object.fromEntries(Object.entries(series.tags ?? {}).filter(([, value]) => value !== ''));
      const column = series.columns.indexOf(q.field);
      for (const row of series.values) {
        const value = row[column];
        if (typeof value === 'number') rows.push({ time: new Date(row[0]), value, tags });
      }
    }
    return sortPointRows(rows);
  }

  async configureRetention(plan: RetentionPlan): Promise<void> {
    assertValidPlan(plan);
    const existing = new Set((await this.influx.showRetentionPolicies(this.database)).map((p) => p.name));
    for (const policy of retentionPolicies(plan)) {
      await this.run(policyStatement(this.database, policy, existing.has(policy.name)), {}, 'POST');
    }
    // Dropped and created again: the server rewrites a query's text, so comparing it is unreliable.
    const listed = (await this.run('SHOW CONTINUOUS QUERIES')).series ?? [];
    const queries = new Set(listed.filter((s) => s.name === this.database).flatMap((s) => (s.values ?? []).map((v) => String(v[0]))));
    for (const rollup of plan.rollups) {
      const name = continuousQueryName(rollup);
      if (queries.has(name)) await this.run(`DROP CONTINUOUS QUERY "${name}" ON "${this.database}"`, {}, 'POST');
      await this.run(continuousQuery(this.database, rollup), {}, 'POST');
    }
  }

  async rollUp(plan: RetentionPlan, from: Date, to: Date): Promise<void> {
    assertValidPlan(plan);
    const range = wholeHours(from, to);
    if (!range) return;
    for (const rollup of plan.rollups) await this.run(rollupSelect(this.database, rollup, range), {}, 'POST');
  }

  async expire(plan: RetentionPlan): Promise<number> {
    assertValidPlan(plan);
    return 0;
  }

  async ping(): Promise<boolean> {
    try {
      const hosts = await this.influx.ping(this.pingTimeoutMs);
      return hosts.length > 0 && hosts.every((host) => host.online);
    } catch {
      return false;
    }
  }

  override async summarizeIntervals(q: IntervalsQuery): Promise<IntervalsSummary> {
    assertValidIntervalsQuery(q);
    return this.intervals.summarize(q);
  }

  async close(): Promise<void> {
    // Plain HTTP requests otherwise: only the interval reader's thread to end.
    await this.intervals.close();
  }

  /** One statement; SELECT … INTO and schema changes need POST. An error in the answer is thrown. */
  private async run(text: string, placeholders: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') {
    const response = (await this.influx.queryRaw(text, { placeholders, precision: 'ms', method })) as RawResponse;
    const result = response.results[0];
    if (result?.error) throw new Error(`InfluxDB query failed: ${result.error}`);
    return result ?? {};
  }
}

function statusOf(error: unknown): number | undefined {
  const res = (error as { res?: { statusCode?: number } } | null)?.res;
  return res?.statusCode;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
