// The service started in a terminal (LOG_FORMAT=pretty) on a machine set to UTC prints its times
// as the site's clocks show them: Quimper is in Europe/Paris (issue 13).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-pretty-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
beforeAll(() => {
  expect(spawnSync(process.execPath, ['scripts/start.mjs', '--only-build'], { stdio: 'inherit' }).status).toBe(0);
}, 180_000);

/** Minutes east of UTC that `timeZone` shows at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const shown = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).split(':').map(Number);
  const minutes = shown[0]! * 60 + shown[1]! - (at.getUTCHours() * 60 + at.getUTCMinutes());
  return ((minutes % 1440) + 1440) % 1440;
}

describe('the pretty log of a started service', () => {
  it('shows Europe/Paris times on a UTC machine', async () => {
    const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      env: { PATH: process.env.PATH, TZ: 'UTC', HOST: '127.0.0.1', PORT: '0', MQTT_PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const line = await eventually(() => {
        const found = output.split('\n').find((text) => text.includes('Cantine ready'));
        if (!found) throw new Error(`no ready line yet:\n${output}`);
        return found;
      }, 60_000, 100);
      const readyAt = new Date();
      const [hours, minutes] = /^\[(\d\d):(\d\d):\d\d\]/.exec(line)!.slice(1).map(Number);
      // The printed minute is at most a minute before the moment the line was read.
      const shown = (hours! * 60 + minutes! - (readyAt.getUTCHours() * 60 + readyAt.getUTCMinutes()) + 1440) % 1440;
      const paris = offsetMinutes(readyAt, 'Europe/Paris');
      expect([paris, paris - 1]).toContain(shown);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
