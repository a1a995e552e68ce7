// Real Cantine processes for the suites that need several of them (test/cluster, test/fanout):
// `node dist/apps/api/src/main.js`, each with its own port and data folder and the environment the
// test gives (in cluster mode: one PostgreSQL database, one broker, one key, maybe Redis).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Instance {
  name: string;
  pid: number;
  /** `http://127.0.0.1:<port>` once ready. */
  baseUrl: string;
  output(): string;
  signal(signal: NodeJS.Signals): void;
  exited: Promise<void>;
  /** SIGTERM (a clean shutdown: sites handed over), then its data folder removed. */
  stop(): Promise<void>;
}

/** What every instance of one cluster shares. */
export interface ClusterEnv {
  databaseUrl: string;
  mqttUrl: string;
  sitesDir: string;
  secretKey: string;
  /** socket.io through Redis, when the machine has one. */
  redisUrl?: string;
}

const main = path.resolve('dist/apps/api/src/main.js');
const running = new Set<{ kill(signal: NodeJS.Signals): void; exited: Promise<void>; dataDir: string }>();

/** The environment of a cluster instance named `id`. */
export function clusterEnv(shared: ClusterEnv, id: string): Record<string, string> {
  return {
    SITES_DIR: shared.sitesDir,
    DATABASE_URL: shared.databaseUrl,
    MQTT_URL: shared.mqttUrl,
    CANTINE_CLUSTER: '1',
    CANTINE_INSTANCE_ID: id,
    CANTINE_SECRET_KEY: shared.secretKey,
    ...(shared.redisUrl ? { REDIS_URL: shared.redisUrl } : {}),
    // Simulated readers badge far faster than a person: the per-device flood limit must not drop them.
    DEVICE_RATE_BURST: '1000',
    DEVICE_RATE_PER_SECOND: '1000',
  };
}

export async function startInstance(name: string, env: Record<string, string>, timeoutMs = 40_000): Promise<Instance> {
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cantine-${name}-`));
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      CANTINE_ADMIN_EMAIL: 'manager@example.org',
      CANTINE_ADMIN_PASSWORD: 'correct horse battery',
      LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle = { kill: (signal: NodeJS.Signals) => child.kill(signal), exited, dataDir };
  running.add(handle);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT'); // a paused process would never act on the signal
      child.kill(signal);
    }
    await exited;
    running.delete(handle);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  let match: RegExpMatchArray | null;
  while (!(match = output.match(/Cantine ready: wall (http:\/\/[^/]+)\/wall\//))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await end('SIGKILL');
      throw new Error(`instance ${name} did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    name,
    pid: child.pid!,
    baseUrl: match[1]!,
    output: () => output,
    signal: (signal) => child.kill(signal),
    exited,
    stop: () => end('SIGTERM'),
  };
}

/**
 * What the instances said of their leases, plus every warning and error: a failing test prints it,
 * since the instances' output is otherwise lost with them (CI shows only the test's own).
 */
export function leasesSaid(instances: readonly Instance[]): string {
  const told = /site \\?"|Lease round|"level":[456]0/;
  return instances.flatMap((i) => i.output().split('\n').filter((line) => told.test(line)).map((line) => `${i.name}: ${line.slice(0, 300)}`)).join('\n');
}

/** Kills (-9) every instance still running and removes their data folders. */
export async function stopAll(): Promise<void> {
  const handles = [...running];
  for (const handle of handles) {
    handle.kill('SIGCONT');
    handle.kill('SIGKILL');
  }
  await Promise.all(handles.map((handle) => handle.exited));
  for (const handle of handles) {
    running.delete(handle);
    fs.rmSync(handle.dataDir, { recursive: true, force: true });
  }
}

/** Site files where badges are decided at any hour: open all day every day, local time about noon. */
export function writeSites(dir: string, ids: string[], now = new Date()): void {
  for (const id of ids) fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(siteDefinition(id, now)));
}

/** A site open all day every day (its time zone puts local time about noon), one door, three desks. */
export function siteDefinition(id: string, now = new Date()) {
  const offset = 12 - now.getUTCHours();
  // Etc/GMT-N is N hours *ahead* of UTC (POSIX sign).
  const timezone = offset === 0 ? 'Etc/UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const allDay = [{ open: '00:00', close: '23:59' }];
  const hours = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, allDay]));
  return {
    id,
    name: `Site ${id}`,
    timezone,
    hours,
    publicHolidays: 'none',
    floorPlan: { width: 400, height: 200 },
    zones: [{ id: 'hall', name: 'Accueil' }, { id: 'open-space', name: 'Open space' }],
    doors: [{ id: 'entrance', name: 'Entrée', zone: 'hall' }],
    desks: ['desk-01', 'desk-02', 'desk-03'].map((desk, i) => ({ id: desk, label: String(i + 1), zone: 'open-space', x: 100 * i, y: 50 })),
  };
}
