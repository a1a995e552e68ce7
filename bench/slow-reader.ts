// Scenario F, one reader cannot hurt the others: a reader subscribes to its decisions, floods
// badges and stops reading its socket (issue 11: with aedes' defaults this stalled every door for
// about a minute). Other readers badge normally meanwhile; their decision p99 is compared with their
// quiet p99 in the same run. The service runs with the default per-device limits (not the raised
// ones of A-D), as a site would.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { badgeTopic, decisionTopic } from '#protocol';
import { connectDevices, readerDecisionTopic } from './devices.js';
import { planDevices, planMembers, SITE, writeSiteFiles } from './fleet-plan.js';
import { disconnectAll } from './mqtt.js';
import { startService } from './processes.js';
import { managerApi, provisionDevices, provisionMembers, type ProvisionedDevice } from './provisioning.js';
import type { Report } from './report.js';
import { RoundTrips, sleep } from './round-trips.js';

const TARGET_RATIO = 2;
const FLOOD_BADGES = 30_000;
const OTHERS = 10;
/** Badges per second over the other readers: 3/s each, under the default per-device limit (5/s). */
const RATE = 30;

export interface SlowReaderOptions {
  dir: string;
  quick: boolean;
  say: (line: string) => void;
}

/**
 * With a site's per-device rate limit (the default), as a site runs. Without it every flooded badge
 * is decided: a CPU flood the per-device limit exists for, not what this scenario measures
 * (docs/reliability.md has the figures).
 */
const VARIANTS = [
  // '' restores the service's defaults over startService's raised bench values.
  { name: 'site limits', env: { DEVICE_RATE_BURST: '', DEVICE_RATE_PER_SECOND: '' } },
];

export async function runSlowReader(options: SlowReaderOptions, report: Report): Promise<void> {
  for (const [index, variant] of VARIANTS.entries()) await runVariant(options, variant, index, report);
}

async function runVariant(options: SlowReaderOptions, variant: (typeof VARIANTS)[number], index: number, report: Report): Promise<void> {
  const { say, quick } = options;
  const dir = path.join(options.dir, `f-slow-reader-${index + 1}`);
  const logFile = path.join(dir, 'service.log');
  const sitesDir = writeSiteFiles(dir, 10, 0);
  const service = await startService({ dataDir: path.join(dir, 'data'), sitesDir, logFile, env: variant.env });
  const cleanups: Array<() => Promise<unknown>> = [() => service.stop()];
  try {
    const api = await managerApi(service.http);
    const devices = await provisionDevices(api, planDevices({ readers: OTHERS + 1, desks: 0, extra: 0 }).filter((d) => d.role === 'reader'));
    const members = planMembers(40).map((m) => ({ ...m, role: 'staff' as const }));
    await provisionMembers(api, members);
    const flooder = devices[OTHERS]!;
    const others = await connectDevices(service.mqttUrl, devices.slice(0, OTHERS));
    cleanups.unshift(() => disconnectAll(others.map((r) => r.client)));
    const badges = new RoundTrips(
      others.map(({ device, client }) => ({ client, topic: badgeTopic(SITE, device.id, 'cantine'), answerTopic: readerDecisionTopic(device.id) })),
      (seq, uid) => JSON.stringify({ uid, seq }),
    );
    let turn = 0;
    const nextUid = () => members[turn++ % members.length]!.uid;
    const durationS = quick ? 5 : 20;

    const quiet = await badges.run(RATE, durationS, nextUid);
    const deaf = await DeafFlooder.connect(service.mqttUrl, flooder);
    cleanups.unshift(async () => deaf.socket.destroy());
    const health = new HealthSampler(service.http);
    const floodStarted = Date.now();
    const flooding = deaf.flood(members[0]!.uid);
    const loaded = await badges.run(RATE, durationS, nextUid);
    const statuses = await health.stop();
    const sent = await Promise.race([flooding, sleep(1000).then(() => deaf.sent)]);
    const dropAfterS = droppedAt(logFile, flooder.id);
    const ratio = loaded.summary.p99 / quiet.summary.p99;
    const dropped = dropAfterS === undefined ? 'not dropped' : `dropped after ${((dropAfterS - floodStarted) / 1000).toFixed(1)} s`;
    say(`F ${variant.name}: others' decision p99 quiet ${quiet.summary.p99.toFixed(1)} ms, with a deaf flooder ${loaded.summary.p99.toFixed(1)} ms (${ratio.toFixed(2)}×); flooder sent ${sent} badges, ${dropped}; /health ${summarise(statuses)}`);

    const scenario = `F deaf flooder, ${variant.name}`;
    const key = `slow_reader_${index + 1}`;
    report.add({ scenario, metric: 'others decision p50', value: loaded.summary.p50, unit: 'ms', baseline: quiet.summary.p50 });
    report.add({ scenario, metric: 'others decision p99', value: loaded.summary.p99, unit: 'ms', baseline: quiet.summary.p99, target: `≤ ${TARGET_RATIO}× quiet p99`, pass: ratio <= TARGET_RATIO });
    report.add({ scenario, metric: 'others lost', value: `${loaded.lost} of ${loaded.sent}`, target: '0', pass: loaded.lost === 0 });
    // Dropped only once what it is owed no longer fits the kernel's buffers (megabytes on loopback):
    // a deaf client that is sent little harms no one. The drop itself is tested (slow-consumer.test.ts).
    report.add({ scenario, metric: 'flooder', value: `${sent} badges sent, ${dropped}` });
    report.add({ scenario, metric: '/health during flood', value: summarise(statuses) });
    report.key(`${key}_quiet_p99_ms`, quiet.summary.p99);
    report.key(`${key}_loaded_p99_ms`, loaded.summary.p99);
    report.key(`${key}_loaded_p50_ms`, loaded.summary.p50);
    report.key(`${key}_p99_ratio`, ratio);
    report.key(`${key}_lost`, loaded.lost);
    report.key(`${key}_flood_sent`, sent);
    report.key(`${key}_dropped_after_s`, dropAfterS === undefined ? null : (dropAfterS - floodStarted) / 1000);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

/** The flooding reader: a raw MQTT session that subscribes to its decisions, then never reads again. */
class DeafFlooder {
  sent = 0;

  private constructor(
    readonly socket: net.Socket,
    private readonly device: ProvisionedDevice,
  ) {}

  static connect(url: string, device: ProvisionedDevice): Promise<DeafFlooder> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
      let received = Buffer.alloc(0);
      socket.on('error', () => undefined);
      socket.once('connect', () => {
        socket.write(connectPacket(device.id, device.password));
        socket.write(packet(0x82, Buffer.concat([u16(1), str(decisionTopic(SITE, device.id, 'cantine')), Buffer.from([1])])));
      });
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received[0] !== 0x20 || received[3] !== 0) return reject(new Error(`flooder refused: ${received.toString('hex')}`));
        if (!received.subarray(4).includes(0x90)) return;
        socket.off('data', onData);
        socket.pause(); // from here on it reads nothing: decisions and PUBACKs pile up at the broker
        resolve(new DeafFlooder(socket, device));
      };
      socket.on('data', onData);
      setTimeout(() => reject(new Error('flooder: no SUBACK')), 5000);
    });
  }

  /** Badges at QoS 1 as fast as the socket takes them, until FLOOD_BADGES or the broker drops it. */
  async flood(uid: string): Promise<number> {
    const topic = badgeTopic(SITE, this.device.id, 'cantine');
    while (this.sent < FLOOD_BADGES && !this.socket.destroyed) {
      this.sent++;
      const body = Buffer.concat([str(topic), u16(this.sent % 65535 || 1), Buffer.from(JSON.stringify({ uid, seq: this.sent }))]);
      if (!this.socket.write(packet(0x32, body))) {
        const drained = await Promise.race([new Promise((resolve) => this.socket.once('drain', () => resolve(true))), sleep(10_000).then(() => false)]);
        if (!drained) break; // the broker no longer reads it either: it was dropped
      }
    }
    return this.sent;
  }
}

/** When the service logged dropping the flooder for not reading (epoch ms), from its JSON log. */
function droppedAt(logFile: string, id: string): number | undefined {
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('stopped reading') || !line.includes(id)) continue;
    try {
      return (JSON.parse(line) as { time: number }).time;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** `/health` every 500 ms: the status codes seen. */
class HealthSampler {
  private readonly statuses: number[] = [];
  private readonly running: Promise<void>;
  private stopped = false;

  constructor(http: string) {
    this.running = (async () => {
      while (!this.stopped) {
        this.statuses.push(await fetch(`${http}/health`).then((r) => r.status, () => 0));
        await sleep(500);
      }
    })();
  }

  async stop(): Promise<number[]> {
    this.stopped = true;
    await this.running;
    return this.statuses;
  }
}

function summarise(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status} ×${n}`).join(', ');
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const str = (s: string) => Buffer.concat([u16(Buffer.byteLength(s)), Buffer.from(s)]);
function packet(first: number, body: Buffer): Buffer {
  const length: number[] = [];
  let n = body.length;
  do {
    length.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return Buffer.concat([Buffer.from([first, ...length]), body]);
}
function connectPacket(id: string, password: string): Buffer {
  return packet(0x10, Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2]), u16(60), str(id), str(id), str(password)]));
}
