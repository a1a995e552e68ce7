// `npm start` as a newcomer runs it: a real process, built when stale, ready line, healthy,
// clean stop on SIGTERM; and bad configuration stopping it with one line naming the variable.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json } from '../support/app.js';

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-start-'));
  folders.push(dir);
  return dir;
}

interface Run {
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

function run(script: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', MQTT_PORT: '0', DATA_DIR: tempDir(), LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { output: () => output, exited, kill: (signal) => child.kill(signal) };
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = run.output().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${pattern}; output:\n${run.output()}`);
}

describe('npm start', () => {
  it('builds if needed, prints the ready line, is healthy with the demo seats, and stops cleanly on SIGTERM', async () => {
    const service = run('scripts/start.mjs', {});
    const [, http] = await waitFor(service, /Cantine ready: wall (http:\/\/[^/]+)\/wall\//, 150_000);
    const health = await fetch(`${http}/health`);
    expect(health.status).toBe(200);
    const seats = await json(await fetch(`${http}/api/sites/quimper/seats`));
    expect(seats.total).toBe(24);
    expect((await fetch(`${http}/wall/`)).status).toBe(200);
    service.kill('SIGTERM');
    const exit = await service.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(service.output()).toContain('Cantine stopped');
  }, 180_000);
});

describe('bad configuration stops startup with one line naming the variable', () => {
  const main = 'dist/apps/api/src/main.js';

  async function expectRefusal(env: Record<string, string>, line: RegExp) {
    const service = run(main, env);
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    // stdout and stderr are separate pipes: log lines may interleave with the error in any order.
    const refusals = service.output().split('\n').filter((text) => text.startsWith('Cantine cannot start'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(line);
    expect(service.output()).not.toMatch(/\n\s+at /); // no stack trace
  }

  it('a taken MQTT port', async () => {
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await expectRefusal({ MQTT_PORT: String(port) }, new RegExp(`^Cantine cannot start: MQTT_PORT: port ${port} is already in use`));
    } finally {
      taken.close();
    }
  }, 30_000);

  it.each([
    [{ PORT: 'abc' }, /^Cantine cannot start: PORT: /],
    [{ DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' }, /^Cantine cannot start: DATABASE_URL: cannot use PostgreSQL at 127\.0\.0\.1:9/],
    [{ MQTT_URL: 'mqtt://127.0.0.1:9' }, /^Cantine cannot start: MQTT_URL: cannot connect to the MQTT broker/],
    [{ INFLUX_URL: 'http://127.0.0.1:9/cantine' }, /^Cantine cannot start: INFLUX_URL: cannot use InfluxDB at 127\.0\.0\.1:9/],
    [{ SITES_DIR: '/nonexistent' }, /^Cantine cannot start: SITES_DIR: cannot read the site folder/],
  ])('%o', async (env, line) => expectRefusal(env, line), 30_000);
});
