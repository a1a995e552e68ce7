// The time-series store without a server: SQLite through better-sqlite3, one file under DATA_DIR.
// It copies InfluxDB's data model so both answer alike: a point is identified by measurement,
// tag set and time; writing the same point again merges its fields, the newer value winning.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { embeddedRollUp } from './embedded-rollup.js';
import { canonicalTags, sortPointRows } from './point-rows.js';
import { intervalsSql, toIntervalsSummary } from './embedded-intervals.js';
import { assertValidIntervalsQuery, assertValidPlan, assertValidPoints, assertValidPointsQuery, assertValidQuery, MAX_POINT_ROWS } from './point-validation.js';
import { type BucketValue, toSeriesRows, wholeHours } from './series-grid.js';
import { SqliteReadWorker } from './sqlite-read-worker.js';
import {
  type Aggregate,
  type IntervalsQuery,
  type IntervalsSummary,
  type PointRow,
  type PointsQuery,
  type RetentionPlan,
  type SeriesQuery,
  type SeriesRow,
  type TimePoint,
  TimeSeriesStore,
} from './time-series-store.js';

const DAY_MS = 86_400_000;

// Points are keyed time first: they arrive in time order, so each insert lands on the last pages
// of the tree. Keyed series first (version 0), every insert touched the page of its own series and
// a batch rewrote about one 4 KiB page per point: 7× slower on 4,000 series (bench/, scenario B).
const SCHEMA_VERSION = 1;
export const POINTS_TABLE = `
  CREATE TABLE IF NOT EXISTS points (
    measurement TEXT NOT NULL,
    tags TEXT NOT NULL,    -- JSON object, keys sorted: also the series identity
    time INTEGER NOT NULL, -- ms since the epoch
    fields TEXT NOT NULL,  -- JSON object of numbers
    PRIMARY KEY (time, measurement, tags)
  ) WITHOUT ROWID;`;
const SCHEMA = `${POINTS_TABLE}
  CREATE INDEX IF NOT EXISTS points_measurement_time ON points (measurement, time);
  -- Hourly rollups (RetentionPlan), kept longer than the raw points; same shape as points.
  CREATE TABLE IF NOT EXISTS rollup_points (
    measurement TEXT NOT NULL,
    tags TEXT NOT NULL,
    time INTEGER NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (measurement, tags, time)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS rollup_points_time ON rollup_points (time);
`;

const UPSERT = `
  INSERT INTO points (measurement, tags, time, fields) VALUES (?, ?, ?, ?)
  ON CONFLICT (time, measurement, tags) DO UPDATE SET fields = json_patch(fields, excluded.fields)`;

const SQL_AGGREGATES: Record<Exclude<Aggregate, 'last'>, string> = {
  mean: 'AVG(value)',
  max: 'MAX(value)',
  min: 'MIN(value)',
  sum: 'SUM(value)',
  count: 'COUNT(value)',
};

export interface EmbeddedTimeSeriesStoreOptions {
  dataDir: string;
  fileName?: string;
}

export class EmbeddedTimeSeriesStore extends TimeSeriesStore {
  readonly engine = 'embedded' as const;
  readonly file: string;
  private db: Database.Database | undefined;
  private upsert: Database.Statement | undefined;
  /** Reads run there, off the event loop; writes stay here (they are short: one batch a second). */
  private reader: SqliteReadWorker | undefined;

  constructor(options: EmbeddedTimeSeriesStoreOptions) {
    super();
    this.file = path.join(options.dataDir, options.fileName ?? 'timeseries.db');
  }

  async start(): Promise<void> {
    if (this.db) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      this.upsert = db.prepare(UPSERT);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.reader = new SqliteReadWorker(this.file);
  }

  async write(points: TimePoint[]): Promise<void> {
    assertValidPoints(points);
    const db = this.open();
    const upsert = this.upsert!;
    db.transaction((batch: TimePoint[]) => {
      for (const p of batch) {
        upsert.run(p.measurement, canonicalTags(p.tags), p.time.getTime(), JSON.stringify(p.fields));
      }
    })(points);
  }

  async query(q: SeriesQuery): Promise<SeriesRow[]> {
    assertValidQuery(q);
    const reader = this.read();
    if (q.from.getTime() >= q.to.getTime()) return [];
    const { sql, params } = buildSql(q);
    const rows = (await reader.all(q.sumGroups ? sumOverGroups(sql) : sql, params)) as Array<[number, number | null, string]>;
    const buckets: BucketValue[] = rows.map(([time, value, group]) => ({ time, value, group }));
    return toSeriesRows(q.sumGroups ? { ...q, groupBy: undefined } : q, buckets);
  }

  async points(q: PointsQuery): Promise<PointRow[]> {
    assertValidPointsQuery(q);
    const reader = this.read();
    if (q.from.getTime() >= q.to.getTime()) return [];
    const { sql, params } = buildPointsSql(q);
    const rows = (await reader.all(sql, params)) as Array<[number, string, number]>;
    return sortPointRows(
      rows.map(([time, tags, value]) => ({ time: new Date(time), value, tags: JSON.parse(tags) as Record<string, string> })),
    );
  }

  /** In SQL, in the reader: no raw point leaves the worker. */
  override async summarizeIntervals(q: IntervalsQuery): Promise<IntervalsSummary> {
    assertValidIntervalsQuery(q);
    const reader = this.read();
    const { sql, params } = intervalsSql(q);
    return toIntervalsSummary(q, await reader.all(sql, params));
  }

  /** The rollup table is created with the others at start; expiry is `expire`, run by a periodic job. */
  async configureRetention(plan: RetentionPlan): Promise<void> {
    assertValidPlan(plan);
    this.open();
  }

  async rollUp(plan: RetentionPlan, from: Date, to: Date): Promise<void> {
    assertValidPlan(plan);
    const db = this.open();
    const range = wholeHours(from, to);
    if (range) embeddedRollUp(db, plan, range);
  }

  async expire(plan: RetentionPlan, now: Date): Promise<number> {
    assertValidPlan(plan);
    const db = this.open();
    const raw = db.prepare('DELETE FROM points WHERE time < ?').run(now.getTime() - plan.rawDays * DAY_MS);
    const rollups = db.prepare('DELETE FROM rollup_points WHERE time < ?').run(now.getTime() - plan.rollupDays * DAY_MS);
    return raw.changes + rollups.changes;
  }

  async ping(): Promise<boolean> {
    try {
      return this.db?.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.close();
    this.db?.close();
    this.db = undefined;
    this.upsert = undefined;
  }

  private read(): SqliteReadWorker {
    if (!this.reader) throw new Error('embedded time-series store is not started');
    return this.reader;
  }

  private open(): Database.Database {
    if (!this.db) throw new Error('embedded time-series store is not started');
    return this.db;
  }
}

/** Rebuilds a version 0 file's points keyed time first, in one transaction (same rows, same answers). */
function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'points'").get() !== undefined;
  if (version >= SCHEMA_VERSION || !exists) return;
  db.transaction(() => {
    db.exec('DROP INDEX IF EXISTS points_measurement_time; ALTER TABLE points RENAME TO points_v0;');
    db.exec(POINTS_TABLE);
    db.exec('INSERT INTO points (measurement, tags, time, fields) SELECT measurement, tags, time, fields FROM points_v0; DROP TABLE points_v0;');
  })();
}

/** A grouped query's rows summed per bucket (SeriesQuery.sumGroups). */
function sumOverGroups(sql: string): string {
  return `SELECT time, SUM(value) AS value, '' AS "group" FROM (${sql}) GROUP BY time`;
}

/** JSON path of a key; keys are validated identifiers, quoted all the same. */
function jsonPath(key: string): string {
  return `$."${key}"`;
}

type SqlParams = Record<string, string | number>;

/** Tag filters; a tag a point lacks reads as '' in filters and groups, as in InfluxDB. */
function whereSql(q: PointsQuery, params: SqlParams): string {
  return Object.entries(q.where ?? {})
    .map(([key, value], index) => {
      params[`wk${index}`] = jsonPath(key);
      params[`wv${index}`] = value;
      return `AND COALESCE(json_extract(tags, @wk${index}), '') = @wv${index}`;
    })
    .join('\n        ');
}

function buildPointsSql(q: PointsQuery): { sql: string; params: SqlParams } {
  const params: SqlParams = { measurement: q.measurement, from: q.from.getTime(), to: q.to.getTime(), field: jsonPath(q.field) };
  const sql = `
    SELECT time, tags, CAST(json_extract(fields, @field) AS REAL) AS value
    FROM points
    WHERE measurement = @measurement AND time >= @from AND time < @to
      AND json_extract(fields, @field) IS NOT NULL
      ${whereSql(q, params)}
    LIMIT ${MAX_POINT_ROWS + 1}`;
  return { sql, params };
}

function buildSql(q: SeriesQuery): { sql: string; params: SqlParams } {
  const params: SqlParams = {
    measurement: q.measurement,
    from: q.from.getTime(),
    to: q.to.getTime(),
    every: q.everyMs,
    field: jsonPath(q.field),
  };
  const conditions = whereSql(q, params);
  let group = `''`;
  if (q.groupBy !== undefined) {
    params.group = jsonPath(q.groupBy);
    group = `COALESCE(json_extract(tags, @group), '')`;
  }
  // REAL: InfluxDB stores every number we write as a float; SQLite would sum integers as integers.
  const selected = `
    WITH selected AS (
      SELECT time - (((time % @every) + @every) % @every) AS bucket,
             ${group} AS grp,
             time,
             CAST(json_extract(fields, @field) AS REAL) AS value
      FROM ${q.source === 'rollup' ? 'rollup_points' : 'points'}
      WHERE measurement = @measurement AND time >= @from AND time < @to
        AND json_extract(fields, @field) IS NOT NULL
        ${conditions}
    )`;
  if (q.aggregate === 'last') {
    // InfluxDB's last() breaks a tie on time by taking the larger value.
    return {
      sql: `${selected}
        SELECT bucket AS time, value, grp AS "group" FROM (
          SELECT bucket, grp, value,
                 ROW_NUMBER() OVER (PARTITION BY grp, bucket ORDER BY time DESC, value DESC) AS rank
          FROM selected)
        WHERE rank = 1`,
      params,
    };
  }
  return {
    sql: `${selected}
      SELECT bucket AS time, ${SQL_AGGREGATES[q.aggregate]} AS value, grp AS "group"
      FROM selected GROUP BY grp, bucket`,
    params,
  };
}
