// Stopping `npm start` by npm's PID (a process manager, `kill <pid>`) stops the service with it:
// the port is freed and no orphan keeps running (issue 13). Also when the launcher dies outright.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function launch(command: string, args: string[]): { child: ChildProcess; output: () => string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-stop-'));
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', MQTT_PORT: '0', DATA_DIR: dataDir, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { child, output: () => output };
}

/** The service's own PID and HTTP port, from its JSON ready line. */
async function ready(output: () => string): Promise<{ pid: number; port: number }> {
  const line = await eventually(() => {
    const found = output().split('\n').find((text) => text.includes('Cantine ready'));
    if (!found) throw new Error(`no ready line yet:\n${output()}`);
    return JSON.parse(found) as { pid: number; msg: string };
  }, 150_000, 100);
  const service = { pid: line.pid, port: Number(/wall http:\/\/[^:]+:(\d+)\//.exec(line.msg)![1]) };
  cleanups.unshift(() => alive(service.pid) && process.kill(service.pid, 'SIGKILL'));
  return service;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

async function expectStopped(service: { pid: number; port: number }): Promise<void> {
  await eventually(() => expect(alive(service.pid)).toBe(false), 15_000, 100);
  expect(await refused(service.port)).toBe(true);
}

describe('stopping the launcher stops the service', () => {
  it('SIGTERM to npm start\'s PID: the service stops cleanly, the port is freed', async () => {
    const npm = launch('npm', ['start']);
    const service = await ready(npm.output);
    expect(service.pid).not.toBe(npm.child.pid);
    const exited = new Promise((resolve) => npm.child.once('exit', resolve));
    npm.child.kill('SIGTERM');
    await exited;
    await expectStopped(service);
    await eventually(() => expect(npm.output()).toContain('Cantine stopped'));
  }, 180_000);

  it('SIGKILL to the launcher (scripts/start.mjs): the service notices and stops', async () => {
    const launcher = launch(process.execPath, ['scripts/start.mjs']);
    const service = await ready(launcher.output);
    expect(service.pid).not.toBe(launcher.child.pid);
    launcher.child.kill('SIGKILL');
    await expectStopped(service);
  }, 180_000);
});
