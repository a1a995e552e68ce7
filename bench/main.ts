// `npm run bench`: Cantine's benchmark harness. See bench/README.md.
//   --quick   smaller fleet and shorter steps: under a minute
//   --json    also print every result as one JSON object, on the last line
//   --profile write a V8 CPU profile of the service (node --cpu-prof) into the run's folder
//   --keep    keep the run's folder (service log, databases, profile)
//   --only=A,C  run only these scenarios (D is measured while connecting the fleet; B last)
//   --devices=N devices connected for D (default 10,000; --quick: the fleet of A-C, 140)
//   --only=F    scenario F alone (a reader floods and stops reading; its own service, also part of
//               the default run, first)
//   --only=E    scenario E alone (manager load, never part of the default run: it seeds its own
//               services and starts a throwaway InfluxDB); --influx-port=N (default 18086, 0: skip it)
//   --only=Y    scenario Y alone (the manager's analytics over a year: every dashboard query's p95 on
//               the embedded store, then InfluxDB; never in the default run); --influx-port=N as E
//   --only=R    scenario R alone (reconnect storm after a restart, and RSS, with --devices=N devices,
//               default 10,000, --quick 400; its own service and bare aedes; never in the default run)
//   --only=M    scenario M alone (the member directory: --members=N members, default 100,000, --quick
//               10,000, against 1,000; its own services; never in the default run)
//   --cluster   1, 2 and 3 instances in cluster mode (PostgreSQL, a Mosquitto of its own, Redis when
//               present): badge p99, ingestion, failover after kill -9; alone, never in the default run
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BackgroundSensors, BACKGROUND_INTERVAL_S } from './background.js';
import { runBadgePath } from './badge-path.js';
import { runCluster } from './cluster.js';
import { connectDevices, type ConnectedDevice } from './devices.js';
import { planDevices, planMembers, writeSiteFiles } from './fleet-plan.js';
import { runIngestion } from './ingestion.js';
import { runAnalyticsLoad } from './analytics-load.js';
import { runDirectory } from './directory.js';
import { runManagerLoad } from './manager-load.js';
import { runReconnectStorm } from './reconnect-storm.js';
import { runSlowReader } from './slow-reader.js';
import { measureMemory, settledRss } from './memory.js';
import { connect, disconnectAll } from './mqtt.js';
import { startBareBroker, startService } from './processes.js';
import { managerApi, provisionDevices, provisionMembers } from './provisioning.js';
import { Report } from './report.js';
import { WallScreen } from './wall.js';
import { runWallLatency } from './wall-latency.js';

const args = new Set(process.argv.slice(2));
const USAGE = `usage: npm run bench -- [--quick] [--json] [--profile] [--keep] [--only=A,B,C,D,E,F,M,R,Y] [--devices=N] [--members=N] [--influx-port=N] [--cluster]

Cantine's benchmark harness (bench/README.md): starts its own services in a temporary folder and
measures badge round trips, ingestion, wall latency, memory. A full run takes 10-15 minutes;
--quick under one. See the head of bench/main.ts for each option.`;
const known = /^--(quick|json|profile|keep|cluster|only=[A-Fa-fMmRrYy,]+|devices=\d+|members=\d+|influx-port=\d+)$/;
// --help, or a mistyped option, must not start a full run (issue 13).
if (args.has('--help') || args.has('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const unknown = [...args].filter((arg) => !known.test(arg));
if (unknown.length > 0) {
  console.error(`bench: unknown option ${unknown.join(' ')}\n\n${USAGE}`);
  process.exit(2);
}
const quick = args.has('--quick');
const onlyArg = [...args].find((arg) => arg.startsWith('--only='));
const only = new Set((onlyArg?.slice('--only='.length) ?? 'A,B,C,D,F').toUpperCase().split(','));
const PROBES = 20;
const influxPort = Number([...args].find((arg) => arg.startsWith('--influx-port='))?.slice('--influx-port='.length) ?? 18086);
const devicesArg = [...args].find((arg) => arg.startsWith('--devices='));
const base = quick
  ? {
    desks: 100 + PROBES,
    readers: 10,
    extra: 0,
    members: 50,
    rates: [50, 200, 1000],
    badgeS: 1.5,
    screens: 50,
    probeCount: 15,
    ingestS: 1,
    firstRate: 1000,
    // One bisection (±50 %) within 10 s, so the whole run stays near a minute: a smoke test of the
    // search, not a figure.
    ingestPrecision: 0.5,
    ingestBudgetS: 10,
    settleMs: 1000,
  }
  : {
    desks: 2000 + PROBES,
    readers: 20,
    extra: 10_000 - 2000 - PROBES - 40,
    members: 200,
    rates: [50, 200, 1000],
    badgeS: 10,
    screens: 50,
    probeCount: 120,
    ingestS: 4,
    firstRate: 500,
    // Issue 15: to ±10 %. About 10 steps each (see bench/README.md, B); the budget bounds a bad day.
    ingestPrecision: 0.1,
    ingestBudgetS: 420,
    settleMs: 3000,
  };
/** D's extra devices make up the total asked for, beyond the fleet of A-C. */
const settings = devicesArg ? { ...base, extra: Math.max(0, Number(devicesArg.slice('--devices='.length)) - base.desks - 2 * base.readers) } : base;

const runStarted = performance.now();
const say = (line: string) => process.stderr.write(`[${((performance.now() - runStarted) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

async function main(): Promise<void> {
  const report = new Report();
  const load = { start: os.loadavg(), end: [] as number[] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-bench-'));
  const sitesDir = writeSiteFiles(dir, settings.desks, settings.extra);
  const dataDir = path.join(dir, 'data');
  say(`run folder ${dir}; ${quick ? 'quick' : 'full'} run; load average ${load.start.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
  if (args.has('--cluster')) {
    try {
      await runCluster({ dir, quick, say }, report);
    } finally {
      if (!args.has('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    }
    return finish(report, load, dir);
  }
  if (only.has('F')) {
    await runSlowReader({ dir, quick, say }, report);
    if (only.size === 1) {
      if (!args.has('--keep')) fs.rmSync(dir, { recursive: true, force: true });
      return finish(report, load, dir);
    }
  }
  if (only.has('R')) {
    const count = devicesArg ? Number(devicesArg.slice('--devices='.length)) : quick ? 400 : 10_000;
    try {
      await runReconnectStorm({ dir, quick, devices: count, settleMs: settings.settleMs, say, ...(args.has('--profile') ? { profileDir: dir } : {}) }, report);
    } finally {
      if (only.size === 1 && !args.has('--keep') && !args.has('--profile')) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (only.size === 1) return finish(report, load, dir);
  }
  if (only.has('Y')) {
    try {
      await runAnalyticsLoad({ dir, quick, influxPort, say, ...(args.has('--profile') ? { profileDir: dir } : {}) }, report);
    } finally {
      if (only.size === 1 && !args.has('--keep') && !args.has('--profile')) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (only.size === 1) return finish(report, load, dir);
  }
  if (only.has('M')) {
    const members = Number([...args].find((arg) => arg.startsWith('--members='))?.slice('--members='.length) ?? (quick ? 10_000 : 100_000));
    try {
      await runDirectory({ dir, quick, members, settleMs: settings.settleMs, say }, report);
    } finally {
      if (only.size === 1 && !args.has('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (only.size === 1) return finish(report, load, dir);
  }
  if (only.has('E')) {
    try {
      await runManagerLoad({ dir, quick, influxPort, say }, report);
    } finally {
      if (only.size === 1 && !args.has('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (only.size === 1) return finish(report, load, dir);
  }
  const service = await startService({ dataDir, sitesDir, logFile: path.join(dir, 'service.log'), ...(args.has('--profile') ? { profileDir: dir } : {}) });
  const cleanups: Array<() => Promise<unknown>> = [() => service.stop()];
  try {
    say(`service up at ${service.http}, MQTT ${service.mqttUrl}`);
    const api = await managerApi(service.http);
    let started = performance.now();
    const planned = planDevices({ readers: settings.readers, desks: settings.desks, extra: settings.extra });
    const devices = await provisionDevices(api, planned);
    const provisionS = (performance.now() - started) / 1000;
    const members = planMembers(settings.members);
    await provisionMembers(api, members);
    say(`provisioned ${devices.length} devices in ${provisionS.toFixed(1)} s (${Math.round(devices.length / provisionS)}/s), ${members.length} members with badges and passes`);
    report.key('provision_devices', devices.length);
    report.key('provision_devices_per_s', devices.length / provisionS);

    const idleRssMb = await settledRss(() => service.rssMb(), 1500, 5);
    started = performance.now();
    const fleet = await connectDevices(service.mqttUrl, devices);
    const connectS = (performance.now() - started) / 1000;
    say(`connected ${fleet.length} devices to the embedded broker in ${connectS.toFixed(1)} s`);
    report.key('connect_devices_per_s', fleet.length / connectS);
    cleanups.unshift(() => disconnectAll(fleet.map((entry) => entry.client)));

    const bare = await startBareBroker(path.join(dir, 'bare-broker.log'));
    cleanups.push(() => bare.stop());
    const role = (name: string) => fleet.filter((entry) => entry.device.role === name);
    const releaseExtras = () => disconnectAll(role('extra').map((entry) => entry.client));
    if (only.has('D')) await measureMemory({ service, idleRssMb, devices, bare, settleMs: settings.settleMs, afterService: releaseExtras, say }, report);
    else await releaseExtras();
    const sensors = role('desk-sensor');
    const probes = sensors.slice(0, PROBES);
    const background = new BackgroundSensors(sensors.slice(PROBES));
    say(`A: ${background.count} desk sensors in the background, each every ${BACKGROUND_INTERVAL_S.min}-${BACKGROUND_INTERVAL_S.max} s (${Math.round(background.rate)} msgs/s)`);
    if (only.has('A')) await runBadgePath({ readers: role('reader'), echoes: role('echo'), members, background, rates: settings.rates, durationS: settings.badgeS, say }, report);

    if (only.has('C')) await runWallLatency({ baseUrl: service.http, screens: settings.screens, probes, background, probeCount: settings.probeCount, say }, report);

    if (only.has('B')) await ingestion(service.http, bare.mqttUrl, sensors, dataDir, report);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    if (!args.has('--keep') && !args.has('--profile')) fs.rmSync(dir, { recursive: true, force: true });
  }
  finish(report, load, dir);
}

async function ingestion(http: string, bareUrl: string, sensors: ConnectedDevice[], dataDir: string, report: Report): Promise<void> {
    const wall = await WallScreen.open(http);
    const bareSensors: ConnectedDevice[] = await connectDevices(bareUrl, sensors.map((entry) => entry.device), false);
    const subscriber = await connect(bareUrl, { id: 'bench-bare-subscriber', subscribe: ['cantine/#'] });
    await runIngestion(
      {
        http,
        sensors,
        wall,
        timeSeriesFile: path.join(dataDir, 'timeseries.db'),
        bare: { clients: bareSensors.map((entry) => entry.client), subscriber },
        firstRate: settings.firstRate,
        maxRate: 128_000,
        precision: settings.ingestPrecision,
        budgetS: settings.ingestBudgetS,
        durationS: settings.ingestS,
        say,
      },
      report,
    );
    wall.close();
    await disconnectAll([...bareSensors.map((entry) => entry.client), subscriber]);
}

function finish(report: Report, load: { start: number[]; end: number[] }, dir: string): void {
  load.end = os.loadavg();
  report.key('quick', quick);
  report.key('duration_s', (performance.now() - runStarted) / 1000);
  report.key('load_avg_start', load.start.map((l) => Math.round(l * 100) / 100));
  report.key('load_avg_end', load.end.map((l) => Math.round(l * 100) / 100));
  report.key('cpus', os.cpus().length);
  report.key('pass', !report.failed);

  console.log(report.table());
  for (const note of report.notes) console.log(`note: ${note}`);
  console.log(`${quick ? 'quick' : 'full'} run in ${((performance.now() - runStarted) / 1000).toFixed(0)} s; load average ${load.start.map((l) => l.toFixed(2)).join(' ')} at start, ${load.end.map((l) => l.toFixed(2)).join(' ')} at end (${os.cpus().length} CPUs)`);
  if (args.has('--profile')) console.log(`service CPU profile in ${dir}`);
  if (args.has('--json')) console.log(JSON.stringify(report.json));
  process.exitCode = report.failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(2);
});
