// Real Cantine processes for the cluster suite: `node dist/apps/api/src/main.js` in cluster mode,
// each with its own port and data folder, sharing one PostgreSQL database, one broker, one key.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Instance {
  id: string;
  pid: number;
  /** `http://127.0.0.1:<port>` once ready. */
  baseUrl: string;
  output(): string;
  signal(signal: NodeJS.Signals): void;
  exited: Promise<void>;
}

export interface ClusterEnv {
  databaseUrl: string;
  mqttUrl: string;
  sitesDir: string;
  secretKey: string;
  /** socket.io through Redis, when the machine has one. */
  redisUrl?: string;
}

const main = path.resolve('dist/apps/api/src/main.js');
const folders: string[] = [];

export async function startInstance(id: string, shared: ClusterEnv, timeoutMs = 40_000): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cantine-${id}-`));
  folders.push(dataDir);
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      SITES_DIR: shared.sitesDir,
      DATABASE_URL: shared.databaseUrl,
      MQTT_URL: shared.mqttUrl,
      CANTINE_CLUSTER: '1',
      CANTINE_INSTANCE_ID: id,
      CANTINE_SECRET_KEY: shared.secretKey,
      ...(shared.redisUrl ? { REDIS_URL: shared.redisUrl } : {}),
      CANTINE_ADMIN_EMAIL: 'manager@example.org',
      CANTINE_ADMIN_PASSWORD: 'correct horse battery',
      // Simulated readers badge far faster than a person: the per-device flood limit must not drop them.
      DEVICE_RATE_BURST: '1000',
      DEVICE_RATE_PER_SECOND: '1000',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  let match: RegExpMatchArray | null;
  while (!(match = output.match(/Cantine ready: wall (http:\/\/[^/]+)\/wall\//))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`instance ${id} did not start:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { id, pid: child.pid!, baseUrl: match[1]!, output: () => output, signal: (signal) => child.kill(signal), exited };
}

export async function stopAll(instances: Instance[]): Promise<void> {
  for (const instance of instances) {
    instance.signal('SIGCONT');
    instance.signal('SIGKILL');
  }
  await Promise.all(instances.map((instance) => instance.exited));
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Site files where badges are decided at any hour: open all day every day, local time about noon. */
export function writeSites(dir: string, ids: string[], now = new Date()): void {
  const offset = 12 - now.getUTCHours();
  // Etc/GMT-N is N hours *ahead* of UTC (POSIX sign).
  const timezone = offset === 0 ? 'Etc/UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const allDay = [{ open: '00:00', close: '23:59' }];
  const hours = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, allDay]));
  for (const id of ids) {
    const site = {
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
    fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(site));
  }
}
