// The time-series store without a server: SQLite through better-sqlite3, one file under DATA_DIR.
// It copies InfluxDB's data model so both answer alike: a point is identified by measurement,
// tag set and time; writing the same point again merges its fields, the newer value winning.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { assertValidPoints, assertValidQuery } from './point-validation.js';
import { type BucketValue, toSeriesRows } from './series-grid.js';
import { type Aggregate, type SeriesQuery, type SeriesRow, type TimePoint, TimeSeriesStore } from './time-series-store.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS points (
    measurement TEXT NOT NULL,
    tags TEXT NOT NULL,    -- JSON object, keys sorted: also the series identity
    time INTEGER NOT NULL, -- ms since the epoch
    fields TEXT NOT NULL,  -- JSON object of numbers
    PRIMARY KEY (measurement, tags, time)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS points_measurement_time ON points (measurement, time);
`;

const UPSERT = `
  INSERT INTO points (measurement, tags, time, fields) VALUES (?, ?, ?, ?)
  ON CONFLICT (measurement, tags, time) DO UPDATE SET fields = json_patch(fields, excluded.fields)`;

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
      db.exec(SCHEMA);
      this.upsert = db.prepare(UPSERT);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
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
    const db = this.open();
    if (q.from.getTime() >= q.to.getTime()) return [];
    const { sql, params } = buildSql(q);
    const buckets = db.prepare(sql).all(params) as BucketValue[];
    return toSeriesRows(q, buckets);
  }

  async ping(): Promise<boolean> {
    try {
      return this.db?.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    this.upsert = undefined;
  }

  private open(): Database.Database {
    if (!this.db) throw new Error('embedded time-series store is not started');
    return this.db;
  }
}

function canonicalTags(tags: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(tags).sort()) sorted[key] = tags[key]!;
  return JSON.stringify(sorted);
}

/** JSON path of a key; keys are validated identifiers, quoted all the same. */
function jsonPath(key: string): string {
  return `$."${key}"`;
}

function buildSql(q: SeriesQuery): { sql: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {
    measurement: q.measurement,
    from: q.from.getTime(),
    to: q.to.getTime(),
    every: q.everyMs,
    field: jsonPath(q.field),
  };
  // A tag a point lacks reads as '' in filters and groups, as in InfluxDB.
  const conditions = Object.entries(q.where ?? {}).map(([key, value], index) => {
    params[`wk${index}`] = jsonPath(key);
    params[`wv${index}`] = value;
    return `AND COALESCE(json_extract(tags, @wk${index}), '') = @wv${index}`;
  });
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
      FROM points
      WHERE measurement = @measurement AND time >= @from AND time < @to
        AND json_extract(fields, @field) IS NOT NULL
        ${conditions.join('\n        ')}
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
