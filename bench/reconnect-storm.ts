// Scenario R, the reconnect storm (issue 15): a service with N devices provisioned is restarted, and
// every device connects again at once, as a fleet does after an update or a crash. Timed from the
// restart (process start) until every device is connected, subscribed and has sent its retained
// status, and each reader has had one badge answered (retried with the same seq every 2 s, as
// readers do). Baseline: a bare aedes started and stormed by the same clients in the same run. Then
// the resident set size of each with all N connected (as scenario D, on this run's fleet), and the
// CPU time each used, which other load on the machine moves far less than the wall time.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { badgeTopic } from '#protocol';
import type { MqttClient } from 'mqtt';
import { readerDecisionTopic, specOf } from './devices.js';
import { planDevices, planMembers, SITE, writeSiteFiles } from './fleet-plan.js';
import { settledRss } from './memory.js';
import { connect, disconnectAll } from './mqtt.js';
import { startBareBroker, startService } from './processes.js';
import { managerApi, provisionDevices, provisionMembers, type ProvisionedDevice } from './provisioning.js';
import type { Report } from './report.js';
import { ANSWER_DEADLINE_MS, sleep } from './round-trips.js';

const TARGET_S = 10;
const RSS_TARGET = 1.5;
/** Handshakes in flight at once from the harness: a storm, within what one process can open. */
const IN_FLIGHT = 500;

export interface StormOptions {
  dir: string;
  quick: boolean;
  devices: number;
  settleMs: number;
  /** A V8 CPU profile of the restarted service (`--profile`), written into this folder. */
  profileDir?: string;
  say: (line: string) => void;
}

interface Storm {
  clients: MqttClient[];
  connectedS: number;
  answeredS: number;
}

export async function runReconnectStorm(options: StormOptions, report: Report): Promise<void> {
  const { dir, quick, say } = options;
  const readers = quick ? 4 : 20;
  // Desk sensors split over the two sites: SQLite takes at most 32,766 variables a statement, and a
  // site is saved in one (sites.repository.ts: a site of more than ~8,000 desks does not start).
  const sensors = Math.max(0, options.devices - 2 * readers);
  const desks = Math.ceil(sensors / 2);
  const sitesDir = writeSiteFiles(path.join(dir, 'storm'), desks, sensors - desks);
  const service0 = { dataDir: path.join(dir, 'storm', 'data'), sitesDir, logFile: path.join(dir, 'storm-service.log') };
  let service = await startService(service0);
  let devices: ProvisionedDevice[];
  const [member] = planMembers(1);
  try {
    const api = await managerApi(service.http);
    const started = performance.now();
    devices = await provisionDevices(api, planDevices({ readers, desks, extra: sensors - desks }));
    await provisionMembers(api, [member!]);
    say(`R: provisioned ${devices.length} devices in ${((performance.now() - started) / 1000).toFixed(1)} s; restarting the service`);
  } finally {
    await service.stop();
  }

  let restarted = performance.now();
  service = await startService({ ...service0, ...(options.profileDir ? { profileDir: options.profileDir } : {}) });
  const upS = (performance.now() - restarted) / 1000;
  const cpuAtReady = service.cpuS();
  const readyRss = service.rssMb();
  const storm = await stormOf(service.mqttUrl, devices, true, member!.uid);
  const stormCpuS = service.cpuS() - cpuAtReady;
  say(`R: service up in ${upS.toFixed(1)} s, then ${devices.length} devices back in ${storm.connectedS.toFixed(1)} s, every reader answered at ${storm.answeredS.toFixed(1)} s`);
  await sleep(options.settleMs);
  const serviceRss = await settledRss(() => service.rssMb(), options.settleMs);
  await disconnectAll(storm.clients);
  await service.stop();

  restarted = performance.now();
  const bare = await startBareBroker(path.join(dir, 'storm-bare.log'));
  const bareUpS = (performance.now() - restarted) / 1000;
  const bareCpuAtReady = bare.cpuS();
  const bareReadyRss = bare.rssMb();
  const bareStorm = await stormOf(bare.mqttUrl, devices, false, member!.uid);
  const bareStormCpuS = bare.cpuS() - bareCpuAtReady;
  say(`R: bare aedes up in ${bareUpS.toFixed(1)} s, then ${devices.length} devices back in ${bareStorm.connectedS.toFixed(1)} s`);
  await sleep(options.settleMs);
  const bareRss = await settledRss(() => bare.rssMb(), options.settleMs);
  await disconnectAll(bareStorm.clients);
  await bare.stop();

  const n = devices.length.toLocaleString('en-US');
  const scenario = `R reconnect storm, ${n} devices`;
  const stormS = Math.max(storm.connectedS, storm.answeredS);
  const [totalS, bareTotalS] = [upS + stormS, bareUpS + bareStorm.connectedS];
  report.add({ scenario, metric: 'process start to ready', value: upS, unit: 's', baseline: bareUpS });
  report.add({ scenario, metric: 'ready to all connected', value: storm.connectedS, unit: 's', baseline: bareStorm.connectedS });
  report.add({ scenario, metric: 'ready to all connected + a badge per reader answered', value: stormS, unit: 's', baseline: bareStorm.connectedS });
  report.add({ scenario, metric: 'restart to all back and answering', value: totalS, unit: 's', baseline: bareTotalS, target: `≤ ${TARGET_S} s`, pass: totalS <= TARGET_S });
  report.add({ scenario, metric: 'CPU time, process start to ready', value: cpuAtReady, unit: 's', baseline: bareCpuAtReady });
  report.add({ scenario, metric: 'CPU time, ready to all back and answering', value: stormCpuS, unit: 's', baseline: bareStormCpuS });
  report.add({ scenario, metric: 'resident set size at ready, none connected', value: readyRss, unit: 'MB', baseline: bareReadyRss });
  report.add({ scenario, metric: 'resident set size, all connected', value: serviceRss, unit: 'MB', baseline: bareRss, target: `≤ ${RSS_TARGET}× bare aedes`, pass: serviceRss <= RSS_TARGET * bareRss });
  report.key('storm_devices', devices.length);
  report.key('storm_service_start_s', upS);
  report.key('storm_connected_s', storm.connectedS);
  report.key('storm_answered_s', stormS);
  report.key('storm_total_s', totalS);
  report.key('storm_baseline_start_s', bareUpS);
  report.key('storm_baseline_connected_s', bareStorm.connectedS);
  report.key('storm_baseline_total_s', bareTotalS);
  report.key('storm_start_cpu_s', cpuAtReady);
  report.key('storm_baseline_start_cpu_s', bareCpuAtReady);
  report.key('storm_cpu_s', stormCpuS);
  report.key('storm_baseline_cpu_s', bareStormCpuS);
  report.key('storm_rss_ready_mb', readyRss);
  report.key('storm_rss_baseline_ready_mb', bareReadyRss);
  report.key('storm_rss_mb', serviceRss);
  report.key('storm_rss_baseline_mb', bareRss);
  report.key('storm_rss_ratio', serviceRss / bareRss);
  if (quick) report.note(`R with --quick's ${n} devices: the service's fixed size dominates the memory ratio; the full run's 10,000 is the measurement`);
}

/** Every device connects, IN_FLIGHT at a time; each reader badges once connected, until answered. */
async function stormOf(url: string, devices: readonly ProvisionedDevice[], withCredentials: boolean, uid: string): Promise<Storm> {
  const from = performance.now();
  const clients: MqttClient[] = new Array(devices.length);
  const answers: Array<Promise<void>> = [];
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const index = next++;
      const device = devices[index]!;
      const client = await connect(url, specOf(device, withCredentials));
      clients[index] = client;
      if (withCredentials && device.role === 'reader') answers.push(badgeUntilAnswered(client, device.id, uid));
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, devices.length) }, worker));
  const connectedS = (performance.now() - from) / 1000;
  await Promise.all(answers);
  return { clients, connectedS, answeredS: (performance.now() - from) / 1000 };
}

function badgeUntilAnswered(client: MqttClient, readerId: string, uid: string): Promise<void> {
  const seq = 1;
  const payload = JSON.stringify({ uid, seq, ts: new Date().toISOString() });
  return new Promise((resolve, reject) => {
    const send = () => client.publish(badgeTopic(SITE, readerId, 'cantine'), payload, { qos: 1 });
    const retry = setInterval(send, ANSWER_DEADLINE_MS);
    const giveUp = setTimeout(() => done(new Error(`${readerId}: no decision within 120 s`)), 120_000);
    const done = (error?: Error) => {
      clearInterval(retry);
      clearTimeout(giveUp);
      client.removeListener('message', onMessage);
      if (error) reject(error);
      else resolve();
    };
    const onMessage = (topic: string, message: Buffer) => {
      if (topic !== readerDecisionTopic(readerId)) return;
      try {
        if ((JSON.parse(message.toString('utf8')) as { seq?: unknown }).seq === seq) done();
      } catch {
        // not a decision
      }
    };
    client.on('message', onMessage);
    send();
  });
}
