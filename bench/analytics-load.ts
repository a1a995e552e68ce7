// Scenario Y, the manager's analytics over a year: every query the dashboard makes (and the
// contract's occupancy series at each resolution), N times each in turn, over one year of a busy
// 200-desk site: raw points for the last 89 days (desk changes, zone snapshots, decisions), the
// hourly rollups for the rest of the year. p50/p95 per query; target p95 <= 300 ms. Once per
// store: the embedded one, then InfluxDB (a throwaway influxd from scripts/ci/start-influxdb.sh).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RETENTION_PLAN } from '../apps/api/src/analytics/series-schema.js';
import { EmbeddedTimeSeriesStore, InfluxTimeSeriesStore, type TimeSeriesStore } from '../apps/api/src/infra/timeseries/index.js';
import { embeddedRollupWriter, influxRollupWriter, seedRollups } from './analytics-seed.js';
import { SITE, writeSiteFiles } from './fleet-plan.js';
import { seedHistory } from './manager-seed.js';
import { startService } from './processes.js';
import { managerApi } from './provisioning.js';
import type { Report } from './report.js';
import { percentile } from '../firmware-sim/src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const scripts = path.resolve(here, '../../scripts/ci');
const DESKS = 200;
const TARGET_P95_MS = 300;
const DAY_MS = 86_400_000;

export interface AnalyticsLoadOptions {
  dir: string;
  quick: boolean;
  /** Port for the throwaway InfluxDB (and the next one for its RPC); 0: skip InfluxDB. */
  influxPort: number;
  say: (line: string) => void;
  /** `--profile`: each store's service writes a V8 CPU profile (every thread's) into y-<store>/. */
  profileDir?: string;
}

interface Plan {
  rawDays: number;
  yearDays: number;
  repeats: number;
}

export async function runAnalyticsLoad(options: AnalyticsLoadOptions, report: Report): Promise<void> {
  const plan: Plan = options.quick
    ? { rawDays: 21, yearDays: 120, repeats: 5 }
    : { rawDays: RETENTION_PLAN.rawDays - 1, yearDays: 365, repeats: 20 };
  let pass = await runOnStore('embedded', plan, options, report);
  if (options.influxPort > 0) pass = (await runOnStore('influxdb', plan, options, report)) && pass;
  report.key('analytics_pass', pass);
  report.key('analytics_days', plan.yearDays);
  report.key('analytics_repeats', plan.repeats);
}

async function runOnStore(engine: 'embedded' | 'influxdb', plan: Plan, options: AnalyticsLoadOptions, report: Report): Promise<boolean> {
  const { say } = options;
  const dir = path.join(options.dir, `y-${engine}`);
  const dataDir = path.join(dir, 'data');
  const sitesDir = writeSiteFiles(dir, DESKS, 0);
  const influxDir = path.join(dir, 'influxdb');
  const influxUrl = `http://127.0.0.1:${options.influxPort}/cantine`;
  const now = new Date();
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    if (engine === 'influxdb') {
      execFileSync(path.join(scripts, 'start-influxdb.sh'), [String(options.influxPort), influxDir], { stdio: 'ignore' });
      cleanups.push(async () => execFileSync(path.join(scripts, 'stop-influxdb.sh'), [influxDir], { stdio: 'ignore' }));
    }
    await seed(engine, engine === 'influxdb' ? new InfluxTimeSeriesStore(influxUrl) : new EmbeddedTimeSeriesStore({ dataDir }), plan, now, { influxUrl, dataDir, say });

    const service = await startService({ dataDir, sitesDir, logFile: path.join(dir, 'service.log'), env: engine === 'influxdb' ? { INFLUX_URL: influxUrl } : {}, ...(options.profileDir ? { profileDir: dir } : {}) });
    cleanups.unshift(() => service.stop());
    const api = await managerApi(service.http);
    const queries = dashboardQueries(now, plan.yearDays);
    const times = new Map<string, number[]>(queries.map((q) => [q.name, []]));
    const statuses = new Map<string, Set<number>>(queries.map((q) => [q.name, new Set()]));
    for (let round = 0; round < plan.repeats; round++) {
      for (const q of queries) {
        const started = performance.now();
        const response = await api.request('GET', q.path);
        times.get(q.name)!.push(performance.now() - started);
        statuses.get(q.name)!.add(response.status);
      }
      say(`Y ${engine}: round ${round + 1} of ${plan.repeats}`);
    }

    let pass = true;
    const scenario = `Y analytics, ${engine}`;
    for (const q of queries) {
      const sorted = [...times.get(q.name)!].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50)!;
      const p95 = percentile(sorted, 95)!;
      const ok = [...statuses.get(q.name)!].every((s) => s === 200);
      const met = ok && p95 <= TARGET_P95_MS;
      pass &&= met;
      report.add({ scenario, metric: `${q.name} p95 (p50 ${p50.toFixed(0)} ms)`, value: ok ? p95 : `HTTP ${[...statuses.get(q.name)!].join(',')}`, unit: 'ms', target: `≤ ${TARGET_P95_MS} ms`, pass: met });
      report.key(`analytics_${engine}_${q.name}_p95_ms`, p95);
      report.key(`analytics_${engine}_${q.name}_p50_ms`, p50);
    }
    say(`Y ${engine}: ${queries.map((q) => `${q.name} p95 ${percentile([...times.get(q.name)!].sort((a, b) => a - b), 95)!.toFixed(0)} ms`).join(', ')}`);
    report.key(`analytics_${engine}_pass`, pass);
    return pass;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/** Raw points for the last rawDays days through the store's own writes and roll-up; older hours as rollups only. */
async function seed(
  engine: 'embedded' | 'influxdb',
  store: TimeSeriesStore,
  plan: Plan,
  now: Date,
  where: { influxUrl: string; dataDir: string; say: (line: string) => void },
): Promise<void> {
  await store.start();
  // InfluxDB: the service reads the retention policy it makes the default; write into that one.
  await store.configureRetention(RETENTION_PLAN);
  const seeded = await seedHistory(store, { desks: DESKS, days: plan.rawDays, now, decisionsPerDay: 300 });
  const started = performance.now();
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  for (let day = plan.rawDays; day > 0; day -= 7) {
    await store.rollUp(RETENTION_PLAN, new Date(today - day * DAY_MS), new Date(today - Math.max(0, day - 7) * DAY_MS));
  }
  await store.close();
  const embedded = engine === 'embedded' ? embeddedRollupWriter(path.join(where.dataDir, 'timeseries.db')) : undefined;
  const write = embedded?.write ?? influxRollupWriter(where.influxUrl);
  const rollups = await seedRollups(write, { desks: DESKS, fromDay: plan.rawDays, toDay: plan.yearDays, now });
  embedded?.close();
  where.say(
    `Y ${engine}: seeded ${seeded.deskChanges} desk changes, ${seeded.zoneSnapshots} zone snapshots, ${seeded.decisions} decisions (${plan.rawDays} days) ` +
      `in ${seeded.seconds.toFixed(1)} s; rolled up and ${rollups} older hourly rollups (to ${plan.yearDays} days) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

interface Query {
  name: string;
  path: string;
}

/**
 * What the dashboard asks (apps/dashboard/src/sections: today, forecast; history over 7, 30 and
 * 90 days, its heatmap over round(days / 7) weeks, at most 12), plus GET /occupancy (contract §3)
 * at each resolution over the longest period its 1,500-point cap allows, and a year by day.
 */
function dashboardQueries(now: Date, yearDays: number): Query[] {
  const base = `/api/sites/${SITE}`;
  const ago = (days: number) => encodeURIComponent(new Date(now.getTime() - days * DAY_MS).toISOString());
  const date = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
  const queries: Query[] = [
    { name: 'occupancy_day_1m', path: `${base}/occupancy?from=${date(1)}&to=${date(0)}&every=1m` },
    { name: 'occupancy_5d_5m', path: `${base}/occupancy?from=${date(5)}&to=${date(0)}&every=5m` },
    { name: 'occupancy_week_15m', path: `${base}/occupancy?from=${date(7)}&to=${date(0)}&every=15m` },
    { name: 'occupancy_month_1h', path: `${base}/occupancy?from=${date(30)}&to=${date(0)}&every=1h` },
    { name: 'occupancy_month_1d', path: `${base}/occupancy?from=${date(30)}&to=${date(0)}&every=1d` },
    { name: 'occupancy_year_1d', path: `${base}/occupancy?from=${date(yearDays)}&to=${date(0)}&every=1d` },
    { name: 'today', path: `${base}/analytics/today` },
    { name: 'forecast', path: `${base}/analytics/forecast` },
  ];
  for (const days of [7, 30, 90]) {
    const weeks = Math.min(12, Math.max(1, Math.round(days / 7)));
    queries.push(
      { name: `heatmap_${weeks}w`, path: `${base}/analytics/heatmap?weeks=${weeks}` },
      { name: `utilisation_${days}d`, path: `${base}/analytics/utilisation?from=${ago(days)}` },
      { name: `peaks_${days}d`, path: `${base}/analytics/peaks?days=${days}` },
      { name: `stays_${days}d`, path: `${base}/analytics/stays?from=${ago(days)}` },
      { name: `denials_${days}d`, path: `${base}/analytics/denials?from=${ago(days)}` },
    );
  }
  return queries;
}
