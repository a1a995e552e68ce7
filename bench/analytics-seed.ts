// Scenario Y's history older than the raw points' 90 days: only the hourly rollups of the zone
// snapshots are left there (RETENTION_PLAN), so that is all it writes, straight into each store's
// rollup table (embedded: `rollup_points`; InfluxDB: the `rollup` policy), as if the service had
// rolled those hours up itself: each hour's mean and max of the same busy day manager-seed draws.
import Database from 'better-sqlite3';
import { InfluxDB } from 'influx';
import { MEASUREMENTS } from '../apps/api/src/analytics/series-schema.js';
import { canonicalTags } from '../apps/api/src/infra/timeseries/point-rows.js';
import { parseInfluxUrl, type TimePoint } from '../apps/api/src/infra/timeseries/index.js';
import { SITE } from './fleet-plan.js';
import { deskDay, random } from './manager-seed.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RollupSeedPlan {
  desks: number;
  /** The days [now - toDay, now - fromDay) (whole UTC days) get rollups. */
  fromDay: number;
  toDay: number;
  now: Date;
}

export type RollupWrite = (points: TimePoint[]) => Promise<void>;

/** Writes the rollups of the planned days; returns how many hourly points. */
export async function seedRollups(write: RollupWrite, plan: RollupSeedPlan): Promise<number> {
  const today = Math.floor(plan.now.getTime() / DAY_MS) * DAY_MS;
  const next = random(7);
  let written = 0;
  for (let day = plan.toDay; day > plan.fromDay; day--) {
    const dayStart = today - day * DAY_MS;
    const busy = new Int32Array(1440);
    for (let d = 0; d < plan.desks; d++) {
      for (const [start, end] of deskDay(dayStart, next)) {
        for (let m = (start - dayStart) / MINUTE_MS; m < (end - dayStart) / MINUTE_MS; m++) busy[m]! += 1;
      }
    }
    const points: TimePoint[] = [];
    for (let hour = 0; hour < 24; hour++) {
      const minutes = [...busy.subarray(hour * 60, hour * 60 + 60)];
      const time = new Date(dayStart + hour * HOUR_MS);
      const zeros = minutes.map(() => 0);
      const zones = {
        'open-space': { occupied: minutes, free: minutes.map((m) => plan.desks - m), offline: zeros, headcount: minutes },
        hall: { occupied: zeros, free: zeros, offline: zeros, headcount: minutes.map((m) => Math.round(m / 10)) },
        'event-room': { occupied: zeros, free: zeros, offline: zeros, headcount: zeros },
      };
      for (const [zone, values] of Object.entries(zones)) {
        const fields: Record<string, number> = {};
        for (const [field, series] of Object.entries(values)) {
          fields[`${field}_mean`] = series.reduce((a, b) => a + b, 0) / series.length;
          fields[`${field}_max`] = Math.max(...series);
        }
        points.push({ measurement: MEASUREMENTS.zoneOccupancyHourly, tags: { site: SITE, zone }, fields, time });
      }
    }
    await write(points);
    written += points.length;
  }
  return written;
}

/** Into the embedded store's file (its tables made by the store's start()). */
export function embeddedRollupWriter(file: string): { write: RollupWrite; close: () => void } {
  const db = new Database(file);
  const insert = db.prepare('INSERT OR REPLACE INTO rollup_points (measurement, tags, time, fields) VALUES (?, ?, ?, ?)');
  const write: RollupWrite = async (points) => {
    db.transaction(() => {
      for (const p of points) insert.run(p.measurement, canonicalTags(p.tags), p.time.getTime(), JSON.stringify(p.fields));
    })();
  };
  return { write, close: () => db.close() };
}

/** Into InfluxDB's `rollup` policy (made by configureRetention). */
export function influxRollupWriter(url: string): RollupWrite {
  const influx = new InfluxDB(parseInfluxUrl(url));
  return (points) =>
    influx.writePoints(
      points.map((p) => ({ measurement: p.measurement, tags: p.tags, fields: p.fields, timestamp: p.time })),
      { precision: 'ms', retentionPolicy: 'rollup' },
    );
}
