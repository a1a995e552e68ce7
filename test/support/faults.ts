// Shared by the fault and bad-input suites (test/faults): seeded randomness, free ports, a site
// file open around the clock, a throwaway InfluxDB the test may stop and start, a process-wide
// catcher of unhandled errors, native readers that time their answers, and latency summaries.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { canConnect, requireServices } from './services.js';

const run = promisify(execFile);

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
    bytes: (length: number) => Buffer.from(Array.from({ length }, () => int(0, 255))),
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;

/** FUZZ_SEED=n replays a run; otherwise a fresh seed, which every failure message prints. */
export function fuzzSeed(): number {
  const given = Number(process.env.FUZZ_SEED);
  return Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether nothing listens on this port of 127.0.0.1 now. */
function portFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port whose successor is free too (InfluxDB binds its RPC service on PORT+1), drawn below
 * Linux's ephemeral range (32768-60999): a port from there can be taken at any moment by an outgoing
 * connection, and the outage suites stop influxd and start it again on the same ports (a restart
 * once failed with "bind: address already in use" on PORT+1).
 */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 6_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
}

/**
 * A copy of the demo site open every day 00:00–23:59, without public holidays: day passes and
 * carnets grant whenever the suite runs (they follow the service clock, which a test cannot set).
 */
export function alwaysOpenSitesDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sites-'));
  const site = JSON.parse(fs.readFileSync('config/sites/quimper.json', 'utf8')) as Record<string, unknown>;
  const day = [{ open: '00:00', close: '23:59' }];
  site.hours = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, day]));
  site.publicHolidays = 'none';
  site.closures = [];
  fs.writeFileSync(path.join(dir, 'quimper.json'), JSON.stringify(site));
  return dir;
}

/** Collects unhandled rejections and uncaught exceptions of this test process (the service runs in it). */
export function catchUnhandled(): { errors: string[]; dispose(): void } {
  const errors: string[] = [];
  const onRejection = (reason: unknown) => errors.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onException = (error: Error) => errors.push(`uncaughtException: ${error.stack}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

export const influxdBinary = process.env.INFLUXD ?? '/usr/bin/influxd';

/** Whether influxd can be started here; absent, the suite skips (fails under CANTINE_REQUIRE_SERVICES=1). */
export function influxdAvailable(): boolean {
  if (fs.existsSync(influxdBinary)) return true;
  const why = `${influxdBinary} is not installed`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] InfluxDB fault suite skipped: ${why}.`);
  return false;
}

/** Our own influxd (scripts/ci/start-influxdb.sh) on free ports: never the machine's or CI's shared one. */
export async function startOwnInfluxd(dir: string, options: { startNow?: boolean } = {}): Promise<{
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}> {
  const port = await freePortPair();
  const start = async () => {
    await run('bash', ['scripts/ci/start-influxdb.sh', String(port), dir], { env: { ...process.env, INFLUXD: influxdBinary } });
  };
  const stop = async () => {
    await run('bash', ['scripts/ci/stop-influxdb.sh', dir]);
    // influxd closes its listener last: wait until the port refuses.
    for (let i = 0; i < 50 && (await canConnect('127.0.0.1', port, 100)); i++) await new Promise((r) => setTimeout(r, 100));
  };
  if (options.startNow ?? true) await start();
  return { url: `http://127.0.0.1:${port}`, start, stop };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? NaN) };
}

export interface Decision {
  seq: number;
  granted: boolean;
  reason: string;
}

/**
 * A native reader as a bare MQTT.js client: badges with its own seq, and every decision it hears
 * is kept by seq with the time it took. `clean: false` gives it a persistent session.
 */
export class TimedReader {
  readonly decisions = new Map<number, Decision & { latencyMs: number }>();
  /** Every decision heard, repeats included. */
  heard = 0;
  private readonly sentAt = new Map<number, number>();
  private readonly waiters = new Map<number, () => void>();
  private seq = 0;

  private constructor(
    readonly id: string,
    readonly client: MqttClient,
    private readonly site = 'quimper',
  ) {
    client.on('message', (topic, payload) => {
      if (!topic.endsWith('/decision')) return;
      const decision = JSON.parse(payload.toString('utf8')) as Decision;
      this.heard++;
      const sent = this.sentAt.get(decision.seq);
      if (sent === undefined || this.decisions.has(decision.seq)) return;
      this.decisions.set(decision.seq, { ...decision, latencyMs: performance.now() - sent });
      this.waiters.get(decision.seq)?.();
    });
    client.on('connect', () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true));
  }

  static async connect(url: string, id: string, password: string, options: IClientOptions = {}): Promise<TimedReader> {
    const client = mqtt.connect(url, { clientId: id, username: id, password, reconnectPeriod: 200, connectTimeout: 3000, ...options });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    const reader = new TimedReader(id, client);
    await client.subscribeAsync(`cantine/${reader.site}/readers/${id}/decision`, { qos: 1 });
    return reader;
  }

  get sent(): number {
    return this.sentAt.size;
  }

  /** Publishes a badge-in (QoS 1) with the next seq; `extra` is merged into the payload (e.g. `ts`). */
  badge(uid: string, extra: Record<string, unknown> = {}): number {
    const seq = ++this.seq;
    this.sentAt.set(seq, performance.now());
    this.client.publish(`cantine/${this.site}/readers/${this.id}/badge`, JSON.stringify({ uid, seq, ...extra }), { qos: 1 }, () => undefined);
    return seq;
  }

  /** Badges and resolves with the decision, or undefined after `timeoutMs`. */
  async badgeAndWait(
    uid: string,
    timeoutMs = 2000,
    extra: Record<string, unknown> = {},
  ): Promise<(Decision & { latencyMs: number }) | undefined> {
    const seq = this.badge(uid, extra);
    return this.waitFor(seq, timeoutMs);
  }

  async waitFor(seq: number, timeoutMs: number): Promise<(Decision & { latencyMs: number }) | undefined> {
    if (!this.decisions.has(seq)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.set(seq, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters.delete(seq);
    }
    return this.decisions.get(seq);
  }

  /** Seqs sent and not (yet) answered. */
  unanswered(): number[] {
    return [...this.sentAt.keys()].filter((seq) => !this.decisions.has(seq));
  }

  close(): Promise<void> {
    return this.client.endAsync(true).catch(() => undefined);
  }
}
