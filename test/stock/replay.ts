// Runs test/stock/replay.py (Debian's paho-mqtt 1.6 under /usr/bin/python3) on one stock sequence
// and returns what the device saw: CONNACK, SUBACKs, messages, disconnects. Absent Python or paho:
// the suites skip, saying so (a failure under CANTINE_REQUIRE_SERVICES=1).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StockMessage, StockSequence } from '#protocol';
import { requireServices } from '../support/services.js';

export const python = process.env.CANTINE_PYTHON ?? '/usr/bin/python3';
const script = fileURLToPath(new URL('./replay.py', import.meta.url));

export function pahoAvailable(): boolean {
  const probe = spawnSync(python, ['-c', 'import paho.mqtt.client'], { stdio: 'ignore' });
  if (probe.status === 0) return true;
  const why = `${python} cannot import paho.mqtt (Debian package python3-paho-mqtt)`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] stock replay suite skipped: ${why}.`);
  return false;
}

export interface ReplayPlan {
  port: number;
  host?: string;
  username: string;
  password: string;
  sequence: StockSequence;
  /** Firmware delays are multiplied by this (0.3: Tasmota's 10 s discovery comes at 3 s). */
  timeScale?: number;
  /** Overrides the firmware's keepalive, so several periods fit in a short test. */
  keepaliveS?: number;
  /** Reads, sensor states: sent at `atMs` after CONNACK, not scaled. */
  later?: Array<StockMessage & { atMs: number }>;
  holdMs: number;
  /** Reconnect after a drop, as firmware does (soak); tests leave it off so a drop shows. */
  reconnect?: boolean;
}

export type ReplayEvent =
  | { t: number; ev: 'connack'; rc: number; sessionPresent: boolean }
  | { t: number; ev: 'suback'; mid: number; granted: number[] }
  | { t: number; ev: 'message'; topic: string; payload: string; qos: number; retain: boolean }
  | { t: number; ev: 'disconnect'; rc: number; expected: boolean; wasConnected: boolean }
  | { t: number; ev: 'error'; message: string }
  | { t: number; ev: 'done'; connected: boolean; connects: number; disconnects: number; sent: number; failed: number };

export interface ReplayResult {
  events: ReplayEvent[];
  connack?: number;
  /** Sessions the broker ended without the device asking (a refused CONNECT is not one). */
  drops: Array<{ t: number; rc: number }>;
  messages: Array<Extract<ReplayEvent, { ev: 'message' }>>;
  subacks: number[][];
  done?: Extract<ReplayEvent, { ev: 'done' }>;
  stderr: string;
}

export function replay(plan: ReplayPlan): Promise<ReplayResult> {
  const { sequence, ...rest } = plan;
  const input = { host: '127.0.0.1', ...rest, connect: sequence.connect, subscribe: sequence.subscribe, unsubscribe: sequence.unsubscribe ?? [], publishes: sequence.publishes, periodic: sequence.periodic };
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(JSON.stringify(input));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      const events = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ReplayEvent);
      resolve({
        events,
        connack: events.find((e) => e.ev === 'connack')?.rc,
        drops: events.flatMap((e) => (e.ev === 'disconnect' && e.wasConnected && !e.expected ? [{ t: e.t, rc: e.rc }] : [])),
        messages: events.filter((e): e is Extract<ReplayEvent, { ev: 'message' }> => e.ev === 'message'),
        subacks: events.flatMap((e) => (e.ev === 'suback' ? [e.granted] : [])),
        done: events.find((e): e is Extract<ReplayEvent, { ev: 'done' }> => e.ev === 'done'),
        stderr,
      });
    });
  });
}

/** One line for a failure message: what the device saw. */
export function describeReplay(result: ReplayResult): string {
  const kinds = result.events.map((e) => (e.ev === 'message' ? `message ${e.topic}` : e.ev === 'disconnect' ? `disconnect rc ${e.rc} at ${e.t} ms` : e.ev)).join(', ');
  return `${kinds}${result.stderr ? ` | stderr: ${result.stderr.slice(0, 400)}` : ''}`;
}
