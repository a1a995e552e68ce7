// Real Cantine processes for the fan-out suite: `node dist/apps/api/src/main.js`, each with its own
// port and data folder and the environment the test gives (one PostgreSQL database, one key, Redis).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Instance {
  name: string;
  /** `http://127.0.0.1:<port>` once ready. */
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

const main = path.resolve('dist/apps/api/src/main.js');

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
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  let match: RegExpMatchArray | null;
  while (!(match = output.match(/Cantine ready: wall (http:\/\/[^/]+)\/wall\//))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`instance ${name} did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name, baseUrl: match[1]!, output: () => output, stop };
}

/** A site open all day every day (its time zone puts local time about noon), one door, two desks. */
export function writeSite(dir: string, id: string, now = new Date()): void {
  const offset = 12 - now.getUTCHours();
  // Etc/GMT-N is N hours *ahead* of UTC (POSIX sign).
  const timezone = offset === 0 ? 'Etc/UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const allDay = [{ open: '00:00', close: '23:59' }];
  const hours = Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, allDay]));
  fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({
    id,
    name: `Site ${id}`,
    timezone,
    hours,
    publicHolidays: 'none',
    floorPlan: { width: 400, height: 200 },
    zones: [{ id: 'hall', name: 'Accueil' }, { id: 'open-space', name: 'Open space' }],
    doors: [{ id: 'entrance', name: 'Entrée', zone: 'hall' }],
    desks: ['desk-01', 'desk-02'].map((desk, i) => ({ id: desk, label: String(i + 1), zone: 'open-space', x: 100 * i, y: 50 })),
  }));
}
