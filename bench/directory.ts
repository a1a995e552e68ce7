// Scenario M, the member directory at scale (issue 15 item 7): a service whose database holds N
// members, each with an active badge and a staff pass (seeded straight into SQLite, directory-seed.ts),
// against the same with 1,000 members in the same run. Measured: process start to ready (the service
// loads the whole directory into memory at start), resident set size once started, badge -> decision
// at a fixed rate over random members (MQTT round trip, and the service's own decision time from its
// audit rows), and GET /api/members pages (and the whole list once).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { badgeTopic } from '#protocol';
import Database from 'better-sqlite3';
import { connectDevices, readerDecisionTopic } from './devices.js';
import { seedDirectory } from './directory-seed.js';
import { planDevices, SITE, writeSiteFiles } from './fleet-plan.js';
import { settledRss } from './memory.js';
import { disconnectAll } from './mqtt.js';
import { startService } from './processes.js';
import { managerApi, provisionDevices } from './provisioning.js';
import { latencySummary, type Report } from './report.js';
import { RoundTrips, sleep } from './round-trips.js';

const READERS = 4;
const PAGE = 100;

export interface DirectoryOptions {
  dir: string;
  quick: boolean;
  /** Members of the large directory (default 100,000; --quick 10,000); the baseline has 1,000. */
  members: number;
  settleMs: number;
  say: (line: string) => void;
}

interface Phase {
  rate: number;
  durationS: number;
  pages: number;
}

interface Measured {
  members: number;
  seedS: number;
  startS: number;
  /** The service's CPU time from process start to ready: what the start costs, whatever the load. */
  startCpuS: number;
  rssMb: number;
  badge: ReturnType<typeof latencySummary>;
  lost: number;
  wrong: number;
  decision: ReturnType<typeof latencySummary>;
  page: ReturnType<typeof latencySummary>;
  listAllMs: number;
  listAllMb: number;
}

export async function runDirectory(options: DirectoryOptions, report: Report): Promise<void> {
  const phase: Phase = options.quick ? { rate: 50, durationS: 4, pages: 10 } : { rate: 50, durationS: 20, pages: 40 };
  const baseline = await measure(options, 1000, phase);
  const large = await measure(options, options.members, phase);
  const n = large.members.toLocaleString('en-US');
  const scenario = `M directory, ${n} members`;
  const row = (metric: string, value: number, base: number, unit: string) => report.add({ scenario, metric, value, baseline: base, unit });
  report.add({ scenario, metric: 'seeded into SQLite in', value: large.seedS, unit: 's', baseline: baseline.seedS });
  row('process start to ready', large.startS, baseline.startS, 's');
  row('CPU time, process start to ready', large.startCpuS, baseline.startCpuS, 's');
  row('resident set size after start', large.rssMb, baseline.rssMb, 'MB');
  row(`badge -> decision p50 at ${phase.rate}/s`, large.badge.p50, baseline.badge.p50, 'ms');
  row(`badge -> decision p99 at ${phase.rate}/s`, large.badge.p99, baseline.badge.p99, 'ms');
  row('decision in the service p99', large.decision.p99, baseline.decision.p99, 'ms');
  report.add({ scenario, metric: 'lost / wrong decisions', value: `${large.lost} / ${large.wrong} of ${large.badge.count + large.lost}`, target: '0 / 0', pass: large.lost + large.wrong + baseline.lost + baseline.wrong === 0 });
  row(`GET /api/members?limit=${PAGE} p50`, large.page.p50, baseline.page.p50, 'ms');
  row(`GET /api/members?limit=${PAGE} p99`, large.page.p99, baseline.page.p99, 'ms');
  row('GET /api/members (whole list, once)', large.listAllMs, baseline.listAllMs, 'ms');
  row('whole list size', large.listAllMb, baseline.listAllMb, 'MB');
  for (const [prefix, result] of [['directory', large], ['directory_baseline', baseline]] as const) {
    report.key(`${prefix}_members`, result.members);
    report.key(`${prefix}_seed_s`, result.seedS);
    report.key(`${prefix}_start_s`, result.startS);
    report.key(`${prefix}_start_cpu_s`, result.startCpuS);
    report.key(`${prefix}_rss_mb`, result.rssMb);
    report.key(`${prefix}_badge_p50_ms`, result.badge.p50);
    report.key(`${prefix}_badge_p99_ms`, result.badge.p99);
    report.key(`${prefix}_decision_p50_ms`, result.decision.p50);
    report.key(`${prefix}_decision_p99_ms`, result.decision.p99);
    report.key(`${prefix}_lost`, result.lost);
    report.key(`${prefix}_wrong`, result.wrong);
    report.key(`${prefix}_page_p50_ms`, result.page.p50);
    report.key(`${prefix}_page_p99_ms`, result.page.p99);
    report.key(`${prefix}_list_all_ms`, result.listAllMs);
    report.key(`${prefix}_list_all_mb`, result.listAllMb);
  }
  report.key('directory_badge_rate_per_s', phase.rate);
}

async function measure(options: DirectoryOptions, count: number, phase: Phase): Promise<Measured> {
  const { say } = options;
  const folder = path.join(options.dir, `directory-${count}`);
  const service0 = { dataDir: path.join(folder, 'data'), sitesDir: writeSiteFiles(folder, 24, 0), logFile: path.join(folder, 'service.log') };
  // A first start makes the tables (migrations), the manager account and the site; readers are
  // provisioned through the API as an installer would. Then the members go straight into SQLite.
  let service = await startService(service0);
  const readers = await provisionDevices(await managerApi(service.http), planDevices({ readers: READERS, desks: 0, extra: 0 }).filter((d) => d.role === 'reader'));
  await service.stop();
  let started = performance.now();
  const members = seedDirectory(service0.dataDir, count);
  const seedS = (performance.now() - started) / 1000;

  started = performance.now();
  service = await startService(service0);
  const startS = (performance.now() - started) / 1000;
  const startCpuS = service.cpuS();
  try {
    const rssMb = await settledRss(() => service.rssMb(), options.settleMs);
    say(`M ${count.toLocaleString('en-US')} members: seeded in ${seedS.toFixed(1)} s, service up in ${startS.toFixed(2)} s (${startCpuS.toFixed(1)} s CPU), ${rssMb.toFixed(0)} MB`);
    const fleet = await connectDevices(service.mqttUrl, readers);
    const trips = new RoundTrips(
      fleet.map(({ device, client }) => ({ client, topic: badgeTopic(SITE, device.id, 'cantine'), answerTopic: readerDecisionTopic(device.id) })),
      (seq, uid) => JSON.stringify({ uid, seq, ts: new Date().toISOString() }),
    );
    const random = lcg(count);
    const from = new Date().toISOString();
    const result = await trips.run(phase.rate, phase.durationS, () => members[Math.floor(random() * members.length)]!.uid);
    trips.recountDuplicates();
    await disconnectAll(fleet.map(({ client }) => client));
    const wrong = result.answers.filter(({ answer }) => answer.granted !== true || answer.reason !== 'staff').length;
    const api = await managerApi(service.http);
    const pageTimes: number[] = [];
    for (let i = 0; i < phase.pages; i++) {
      const offset = Math.floor(random() * Math.max(1, count - PAGE));
      const t0 = performance.now();
      const response = await api.request('GET', `/api/members?limit=${PAGE}&offset=${offset}`);
      pageTimes.push(performance.now() - t0);
      if (response.status !== 200 || (response.body as unknown[]).length !== PAGE) throw new Error(`M: page at ${offset}: HTTP ${response.status}`);
    }
    const t0 = performance.now();
    const all = await api.request('GET', '/api/members');
    const listAllMs = performance.now() - t0;
    if (all.status !== 200 || (all.body as unknown[]).length !== count) throw new Error(`M: whole list: HTTP ${all.status}`);
    const decisions = await decisionTimes(service0.dataDir, from, result.answered);
    const measured: Measured = {
      members: count, seedS, startS, startCpuS, rssMb, badge: result.summary, lost: result.lost + result.duplicated, wrong,
      decision: latencySummary(decisions), page: latencySummary(pageTimes), listAllMs, listAllMb: JSON.stringify(all.body).length / 1e6,
    };
    say(`M ${count.toLocaleString('en-US')} members: badge p99 ${measured.badge.p99.toFixed(1)} ms (in the service ${measured.decision.p99.toFixed(2)} ms), page p99 ${measured.page.p99.toFixed(0)} ms, whole list ${listAllMs.toFixed(0)} ms`);
    return measured;
  } finally {
    await service.stop();
  }
}

/**
 * The service's own badge-to-answer time (access.service.ts `latencyMs`), from the audit rows of the
 * phase: the audit writer flushes within seconds, so wait until every answered badge has its row.
 */
async function decisionTimes(dataDir: string, from: string, answered: number): Promise<number[]> {
  const db = new Database(path.join(dataDir, 'cantine.db'), { readonly: true, fileMustExist: true });
  try {
    const query = db.prepare("SELECT latency_ms AS ms FROM access_event WHERE kind = 'badge' AND at >= ? AND latency_ms IS NOT NULL");
    const deadline = performance.now() + 15_000;
    for (;;) {
      const rows = query.all(from) as Array<{ ms: number }>;
      if (rows.length >= answered || performance.now() > deadline) return rows.map((row) => row.ms);
      await sleep(200);
    }
  } finally {
    db.close();
  }
}

/** The same "random" members in every run, so runs compare. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
