// Scenario E, nothing the manager does delays a door: badge -> decision p99 while a manager loops
// the heaviest dashboard queries (12-week heatmap, 90-day stays) over three months of a busy
// 200-desk site, against the quiet p99 of the same service in the same run. Once per store:
// the embedded one, then InfluxDB (a throwaway influxd from scripts/ci/start-influxdb.sh).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { badgeTopic } from '#protocol';
import { RETENTION_PLAN } from '../apps/api/src/analytics/series-schema.js';
import { EmbeddedTimeSeriesStore, InfluxTimeSeriesStore, type TimeSeriesStore } from '../apps/api/src/infra/timeseries/index.js';
import { connectDevices, readerDecisionTopic } from './devices.js';
import { planDevices, planMembers, SITE, writeSiteFiles } from './fleet-plan.js';
import { seedHistory } from './manager-seed.js';
import { disconnectAll } from './mqtt.js';
import { startService } from './processes.js';
import { managerApi, provisionDevices, provisionMembers } from './provisioning.js';
import { latencySummary, type Report } from './report.js';
import { RoundTrips, sleep } from './round-trips.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const scripts = path.resolve(here, '../../scripts/ci');
const DESKS = 200;
const TARGET_RATIO = 2;

export interface ManagerLoadOptions {
  dir: string;
  quick: boolean;
  /** Port for the throwaway InfluxDB (and the next one for its RPC); 0: skip InfluxDB. */
  influxPort: number;
  say: (line: string) => void;
}

export async function runManagerLoad(options: ManagerLoadOptions, report: Report): Promise<void> {
  await runOnStore('embedded', options, report);
  if (options.influxPort > 0) await runOnStore('influxdb', options, report);
}

async function runOnStore(engine: 'embedded' | 'influxdb', options: ManagerLoadOptions, report: Report): Promise<void> {
  const { say, quick } = options;
  const dir = path.join(options.dir, `e-${engine}`);
  const dataDir = path.join(dir, 'data');
  const sitesDir = writeSiteFiles(dir, DESKS, 0);
  const influxDir = path.join(dir, 'influxdb');
  const influxUrl = `http://127.0.0.1:${options.influxPort}/cantine`;
  const now = new Date();
  const days = quick ? 30 : 89;
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    if (engine === 'influxdb') {
      execFileSync(path.join(scripts, 'start-influxdb.sh'), [String(options.influxPort), influxDir], { stdio: 'ignore' });
      cleanups.push(async () => execFileSync(path.join(scripts, 'stop-influxdb.sh'), [influxDir], { stdio: 'ignore' }));
    }
    const store: TimeSeriesStore = engine === 'influxdb' ? new InfluxTimeSeriesStore(influxUrl) : new EmbeddedTimeSeriesStore({ dataDir });
    await store.start();
    // InfluxDB: the service reads the retention policy it makes the default; write into that one.
    await store.configureRetention(RETENTION_PLAN);
    const seeded = await seedHistory(store, { desks: DESKS, days, now });
    await store.close();
    say(`E ${engine}: seeded ${seeded.deskChanges} desk changes and ${seeded.zoneSnapshots} zone snapshots (${days} days) in ${seeded.seconds.toFixed(1)} s`);

    const service = await startService({ dataDir, sitesDir, logFile: path.join(dir, 'service.log'), env: engine === 'influxdb' ? { INFLUX_URL: influxUrl } : {} });
    cleanups.unshift(() => service.stop());
    const api = await managerApi(service.http);
    const devices = await provisionDevices(api, planDevices({ readers: 4, desks: 0, extra: 0 }).filter((d) => d.role === 'reader'));
    const members = planMembers(40).map((m, i) => ({ ...m, role: i % 10 === 9 ? m.role : ('staff' as const) }));
    await provisionMembers(api, members);
    const readers = await connectDevices(service.mqttUrl, devices);
    cleanups.unshift(() => disconnectAll(readers.map((r) => r.client)));
    const badges = new RoundTrips(
      readers.map(({ device, client }) => ({ client, topic: badgeTopic(SITE, device.id, 'cantine'), answerTopic: readerDecisionTopic(device.id) })),
      (seq, uid) => JSON.stringify({ uid, seq }),
    );
    let turn = 0;
    const nextUid = () => members[turn++ % members.length]!.uid;
    const rate = 50;
    const durationS = quick ? 5 : 20;

    const queries = heaviestQueries(now, days);
    const single = await timeQueries(api, queries);
    say(`E ${engine}: alone, ${queries.map((q, i) => `${q.name} ${single[i]!.ms.toFixed(0)} ms (HTTP ${single[i]!.status})`).join(', ')}`);

    const quiet = await badges.run(rate, durationS, nextUid);
    const manager = new ManagerLoop(api, queries);
    const looping = manager.run();
    const loaded = await badges.run(rate, durationS, nextUid);
    const loop = await manager.stop(looping);
    const ratio = loaded.summary.p99 / quiet.summary.p99;
    say(`E ${engine}: badge p99 quiet ${quiet.summary.p99.toFixed(1)} ms, manager looping ${loaded.summary.p99.toFixed(1)} ms (${ratio.toFixed(2)}×), ${loop.count} queries, lost ${loaded.lost}`);

    const scenario = `E manager load, ${engine}`;
    report.add({ scenario, metric: 'decision p50', value: loaded.summary.p50, unit: 'ms', baseline: quiet.summary.p50 });
    report.add({ scenario, metric: 'decision p99', value: loaded.summary.p99, unit: 'ms', baseline: quiet.summary.p99, target: `≤ ${TARGET_RATIO}× quiet p99`, pass: ratio <= TARGET_RATIO });
    report.add({ scenario, metric: 'lost', value: `${loaded.lost} of ${loaded.sent}`, target: '0', pass: loaded.lost === 0 });
    queries.forEach((q, i) => {
      report.add({ scenario, metric: `${q.name} alone`, value: single[i]!.ms, unit: 'ms', ...(single[i]!.status === 200 ? {} : { target: 'HTTP 200', pass: false }) });
      const times = loop.times.get(q.name) ?? [];
      if (times.length) report.add({ scenario, metric: `${q.name} p50 looping`, value: latencySummary(times).p50, unit: 'ms' });
    });
    const key = `manager_${engine}`;
    report.key(`${key}_quiet_p99_ms`, quiet.summary.p99);
    report.key(`${key}_loaded_p99_ms`, loaded.summary.p99);
    report.key(`${key}_loaded_p50_ms`, loaded.summary.p50);
    report.key(`${key}_p99_ratio`, ratio);
    report.key(`${key}_lost`, loaded.lost);
    report.key(`${key}_queries`, loop.count);
    report.key(`${key}_statuses`, [...loop.statuses].join(','));
    queries.forEach((q, i) => report.key(`${key}_${q.name}_alone_ms`, single[i]!.ms));
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

interface Query {
  name: string;
  path: string;
}

function heaviestQueries(now: Date, days: number): Query[] {
  const from = new Date(now.getTime() - Math.min(days, 90) * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: 'heatmap_12w', path: `/api/sites/${SITE}/analytics/heatmap?weeks=12` },
    { name: 'stays_90d', path: `/api/sites/${SITE}/analytics/stays?from=${from}` },
  ];
}

async function timeQueries(api: Awaited<ReturnType<typeof managerApi>>, queries: Query[]): Promise<Array<{ ms: number; status: number }>> {
  const results: Array<{ ms: number; status: number }> = [];
  for (const q of queries) {
    const started = performance.now();
    const response = await api.request('GET', q.path);
    results.push({ ms: performance.now() - started, status: response.status });
  }
  return results;
}

/** One manager, one request at a time, the queries in turn, until stopped. */
class ManagerLoop {
  readonly times = new Map<string, number[]>();
  readonly statuses = new Set<number>();
  count = 0;
  private stopped = false;

  constructor(
    private readonly api: Awaited<ReturnType<typeof managerApi>>,
    private readonly queries: Query[],
  ) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      const q = this.queries[this.count % this.queries.length]!;
      const started = performance.now();
      const response = await this.api.request('GET', q.path);
      const times = this.times.get(q.name) ?? [];
      times.push(performance.now() - started);
      this.times.set(q.name, times);
      this.statuses.add(response.status);
      this.count++;
    }
  }

  async stop(looping: Promise<void>): Promise<this> {
    this.stopped = true;
    await Promise.race([looping, sleep(30_000)]);
    return this;
  }
}
