// `npm run bench -- --cluster` (issue 15, item 7): 1, 2 and 3 instances in cluster mode on this
// machine, one PostgreSQL database, one Mosquitto of the run's own, Redis when the machine has one.
// Per configuration: badge p99, desk-sensor ingestion, and (2 and 3 instances) kill -9 of an owner
// during traffic. The 1-instance configuration, in cluster mode, is the single-instance baseline.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { BadgeTraffic } from './cluster-badges.js';
import { canConnect, createDatabase, newSecretKey, startInstance, startMosquitto, type ClusterShared, type Engine, type Instance } from './cluster-engines.js';
import { badgeLatencies, daysTaken, killDuringTraffic, leases } from './cluster-failover.js';
import { DeskIngestion, KEEP_UP_LAG_MS } from './cluster-ingestion.js';
import { memberUid, planClusterDevices, planSites, writeClusterSites, type ClusterFleet, type ClusterSite } from './cluster-plan.js';
import { disconnectAll } from './mqtt.js';
import { managerApi, provisionDevices } from './provisioning.js';
import type { Report } from './report.js';
import { sleep } from './round-trips.js';
import { recordConfiguration, recordSummary, type ConfigurationResult } from './cluster-report.js';

interface Settings {
  fleet: ClusterFleet;
  instances: number[];
  badgeRate: number;
  badgeS: number;
  /** After the sites are spread, before measuring: new instances finish their start-up work. */
  settleS: number;
  ingestRates: number[];
  ingestMinS: number;
  failoverBeforeS: number;
  failoverAfterS: number;
}

const FULL: Settings = {
  fleet: { sites: 200, desksPerSite: 40, readersPerSite: 2, members: 200 },
  instances: [1, 2, 3],
  badgeRate: 200,
  badgeS: 20,
  settleS: 5,
  ingestRates: [1000, 2000, 4000, 8000],
  ingestMinS: 2,
  failoverBeforeS: 5,
  failoverAfterS: 10,
};
const QUICK: Settings = {
  fleet: { sites: 20, desksPerSite: 10, readersPerSite: 2, members: 40 },
  instances: [1, 2, 3],
  badgeRate: 100,
  badgeS: 5,
  settleS: 2,
  ingestRates: [1000],
  ingestMinS: 1,
  failoverBeforeS: 2,
  failoverAfterS: 6,
};

export async function runCluster(options: { dir: string; quick: boolean; say: (line: string) => void }, report: Report): Promise<void> {
  const { dir, say } = options;
  const settings = options.quick ? QUICK : FULL;
  const sites = planSites(settings.fleet);
  const engines: Engine[] = [];
  const running: Instance[] = [];
  let db: pg.Client | undefined;
  let traffic: BadgeTraffic | undefined;
  let ingestion: DeskIngestion | undefined;
  let started = 0;
  try {
    const database = await createDatabase();
    engines.push(database);
    const mosquitto = await startMosquitto(dir);
    engines.unshift(mosquitto);
    // BENCH_REDIS=0: socket.io without Redis, to tell its part in a result from the rest.
    const redisUrl = process.env.BENCH_REDIS !== '0' && (await canConnect(6379)) ? 'redis://127.0.0.1:6379' : undefined;
    const sitesDir = writeClusterSites(dir, sites);
    const shared: ClusterShared = { databaseUrl: database.url, mqttUrl: mosquitto.url, sitesDir, secretKey: newSecretKey() };
    if (redisUrl) shared.redisUrl = redisUrl;
    say(`cluster: PostgreSQL ${database.url.replace(/\/\/[^@]*@/, '//')}, Mosquitto ${mosquitto.url}, Redis ${redisUrl ?? 'none (socket.io stays per instance)'}`);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const results: ConfigurationResult[] = [];
    let uids: string[] = [];
    // Each configuration adds instances to what runs: the second joins the first (which hands over
    // its share), two more join the survivor of the 2-instance failover.
    for (const count of settings.instances) {
      const startedAt = performance.now();
      const ids = Array.from({ length: count - running.length }, (_, i) => `cantine-${String.fromCharCode(97 + started + i)}`);
      started += ids.length;
      running.push(...(await Promise.all(ids.map((id) => startInstance(id, dir, shared)))));
      const readyAt = performance.now();
      const startS = (readyAt - startedAt) / 1000;
      const spreadS = await balanced(db, running.map((instance) => instance.id), sites.length, readyAt, 120_000);
      say(`${count} instance(s): ${ids.join(', ')} started in ${startS.toFixed(1)} s; sites spread ${spreadS.toFixed(1)} s later`);
      if (uids.length === 0) {
        const provisionStarted = performance.now();
        uids = await provision(running[0]!.http, settings.fleet, sites, say);
        report.key('cluster_provision_s', (performance.now() - provisionStarted) / 1000);
        traffic = await BadgeTraffic.connect(mosquitto.url, sites.flatMap((site) => site.readers.map((id) => ({ id, site: site.id }))));
        ingestion = await DeskIngestion.connect(mosquitto.url, sites);
      }
      await sleep(settings.settleS * 1000);
      const measured = await measure(count, { db, instances: running, traffic: traffic!, ingestion: ingestion!, uids, settings, say });
      const result = { ...measured, startS, spreadS };
      results.push(result);
      recordConfiguration(report, result, results[0]!);
      const victim = running.findIndex((instance) => instance.id === result.failover?.victim);
      if (victim >= 0) running.splice(victim, 1);
      // An instance that ended by itself (a crash) makes the next figures meaningless: the run stops there.
      const crashed = running.filter((instance) => instance.process.exitCode !== null || instance.process.signalCode !== null);
      if (crashed.length > 0) {
        const which = crashed.map((instance) => `${instance.id} (${instance.process.exitCode ?? instance.process.signalCode})`).join(', ');
        report.add({ scenario: `${count} instance${count > 1 ? 's' : ''}`, metric: 'instances that exited by themselves', value: which, target: 'none', pass: false });
        report.note(`${which} exited during the ${count}-instance configuration; its log (--keep) says why. The run stopped there.`);
        say(`${which} exited by itself: stopping the run`);
        break;
      }
    }
    const { desksPerSite, readersPerSite, members } = settings.fleet;
    const readers = sites.length * readersPerSite;
    const redis = redisUrl !== undefined;
    recordSummary(report, results, { sites: sites.length, desksPerSite, readers, members, badgeRate: settings.badgeRate, redis });
  } finally {
    traffic?.close();
    await disconnectAll([...(traffic?.clients ?? []), ...(ingestion?.clients ?? [])]);
    await Promise.all(running.map((instance) => instance.stop().catch(() => undefined)));
    await db?.end().catch(() => undefined);
    for (const engine of engines) await engine.stop().catch(() => undefined);
  }
}

/**
 * Members first, with a badge and a 5-day carnet each, then every device, all through the API of the
 * first instance (the others load them at their start). In that order because each member change
 * re-signs and republishes the allow-list of every reader where the badge opens a door: members
 * made after 400 readers took over a second each on the loaded machine (a first full run).
 */
async function provision(http: string, fleet: ClusterFleet, sites: ClusterSite[], say: (line: string) => void): Promise<string[]> {
  const api = await managerApi(http);
  const started = performance.now();
  // A keep-alive connection the service closes as it is reused fails with ECONNRESET before the
  // request is read: sent again once.
  const post = async (what: string, url: string, body: unknown) => {
    const response = await api.request('POST', url, body).catch(() => api.request('POST', url, body));
    if (response.status !== 201) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: string };
  };
  const uids = Array.from({ length: fleet.members }, (_, i) => memberUid(i));
  let next = 0;
  const member = async () => {
    for (let i = next++; i < uids.length; i = next++) {
      const { id } = await post(`member ${i}`, '/api/members', { name: `Bench ${i}`, email: `bench${i}@cluster.example.org`, adherent: true });
      await post(`badge ${i}`, `/api/members/${id}/badges`, { uid: uids[i] });
      await post(`carnet ${i}`, `/api/members/${id}/passes`, { type: 'carnet', credits: 5 });
    }
  };
  await Promise.all(Array.from({ length: 8 }, member));
  const membersS = (performance.now() - started) / 1000;
  const devices = await provisionDevices(api, planClusterDevices(sites));
  const devicesS = (performance.now() - started) / 1000 - membersS;
  say(`provisioned ${uids.length} members with carnets in ${membersS.toFixed(1)} s, then ${devices.length} devices in ${devicesS.toFixed(1)} s`);
  return uids;
}

/** Every site live and each instance holding its share (floor or ceil of sites / instances). */
async function balanced(db: pg.Client, ids: string[], siteCount: number, since: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const live = (await leases(db)).filter((lease) => lease.live && lease.owner !== null);
    const total = Math.max(siteCount, (await leases(db)).length);
    const counts = ids.map((id) => live.filter((lease) => lease.owner === id).length);
    const ok = live.length === total && counts.every((n) => n >= Math.floor(total / ids.length) && n <= Math.ceil(total / ids.length));
    if (ok) return (performance.now() - since) / 1000;
    if (performance.now() > deadline) throw new Error(`sites not spread over ${ids.join(', ')} within ${timeoutMs / 1000} s: ${counts.join('/')} of ${total}`);
    await sleep(200);
  }
}

interface Context {
  db: pg.Client;
  instances: Instance[];
  traffic: BadgeTraffic;
  ingestion: DeskIngestion;
  uids: string[];
  settings: Settings;
  say: (line: string) => void;
}

async function measure(
  count: number,
  context: Context,
): Promise<Omit<ConfigurationResult, 'startS' | 'spreadS'>> {
  const { db, traffic, ingestion, settings, say } = context;
  say(`${count}: badges at ${settings.badgeRate}/s for ${settings.badgeS} s`);
  const badges = await traffic.run({ rate: settings.badgeRate, durationS: settings.badgeS, uids: context.uids });
  await traffic.settle(badges, 5000);
  const latency = badgeLatencies(badges);
  say(`${count}: ${badges.length} badges, p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, ${latency.lost} lost, ${latency.granted} granted`);
  const steps = [];
  for (const rate of settings.ingestRates) {
    const step = await ingestion.step(rate, settings.ingestMinS);
    steps.push(step);
    const lag = step.lagMs === undefined ? `not within 10 s (${step.wrong?.sites ?? '?'} sites wrong, e.g. ${step.wrong?.sample.join('; ')})` : `${Math.round(step.lagMs)} ms`;
    say(`${count}: ingestion ${rate} msgs/s asked, ${Math.round(step.achievedRate)}/s sent; seats right ${lag} after the last (${step.keptUp ? 'keeps up' : `misses: > ${KEEP_UP_LAG_MS} ms`})`);
    if (!step.keptUp) break;
    await sleep(1000);
  }
  if (count < 2) return { count, badges: badges.length, latency, steps };
  const { badgeRate: rate, failoverBeforeS: beforeS, failoverAfterS: afterS } = settings;
  const failover = await killDuringTraffic({ db, instances: context.instances, traffic, uids: context.uids, rate, beforeS, afterS, say });
  await sleep(2000); // the survivors' audit batches reach PostgreSQL
  const days = await daysTaken(db);
  say(`${count}: failover ${failover.medianS.toFixed(2)} s median, ${failover.worstS.toFixed(2)} s worst over ${failover.sites} sites; ${failover.lost} lost of ${failover.badges}, ${failover.resent} resent; ${days.twice} days taken twice`);
  return { count, badges: badges.length, latency, steps, failover, days };
}
