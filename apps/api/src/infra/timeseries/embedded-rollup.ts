// The embedded store's hourly rollups: what InfluxDB's continuous queries compute, in SQL.
// One row per series (tag set) and hour with data; each field's mean and max, named as in
// InfluxDB (`<field>_mean`, `<field>_max`); a field without values that hour is left out.
import type Database from 'better-sqlite3';
import { ROLLUP_EVERY_MS, type RetentionPlan, type RollupSpec } from './time-series-store.js';

const UPSERT = `
  INSERT INTO rollup_points (measurement, tags, time, fields) VALUES (?, ?, ?, ?)
  ON CONFLICT (measurement, tags, time) DO UPDATE SET fields = excluded.fields`;

type RollupRow = { tags: string; bucket: number } & Record<string, number | null | string>;

/** Recomputes the rollups of [range.from, range.to) (whole hours), replacing what was there. */
export function embeddedRollUp(db: Database.Database, plan: RetentionPlan, range: { from: Date; to: Date }): void {
  const upsert = db.prepare(UPSERT);
  db.transaction(() => {
    for (const rollup of plan.rollups) {
      for (const row of selectHours(db, rollup, range)) {
        const fields: Record<string, number> = {};
        rollup.fields.forEach((field, i) => {
          const mean = row[`m${i}`];
          const max = row[`x${i}`];
          if (typeof mean === 'number' && typeof max === 'number') Object.assign(fields, { [`${field}_mean`]: mean, [`${field}_max`]: max });
        });
        if (Object.keys(fields).length > 0) upsert.run(rollup.into, row.tags, row.bucket, JSON.stringify(fields));
      }
    }
  })();
}

function selectHours(db: Database.Database, rollup: RollupSpec, range: { from: Date; to: Date }): RollupRow[] {
  const params: Record<string, string | number> = {
    measurement: rollup.measurement,
    from: range.from.getTime(),
    to: range.to.getTime(),
    every: ROLLUP_EVERY_MS,
  };
  const columns = rollup.fields.flatMap((field, i) => {
    params[`f${i}`] = `$."${field}"`;
    return [`AVG(CAST(json_extract(fields, @f${i}) AS REAL)) AS m${i}`, `MAX(CAST(json_extract(fields, @f${i}) AS REAL)) AS x${i}`];
  });
  const sql = `
    SELECT tags, time - (((time % @every) + @every) % @every) AS bucket, ${columns.join(', ')}
    FROM points
    WHERE measurement = @measurement AND time >= @from AND time < @to
    GROUP BY tags, bucket`;
  return db.prepare(sql).all(params) as RollupRow[];
}
