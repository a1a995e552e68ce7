// MQTT clients Cantine did not write, for the tests of what stock firmware does on the wire:
// Debian's mosquitto_pub / mosquitto_sub and python3-paho-mqtt 1.6. Absent: the suite skips,
// saying so (a failure under CANTINE_REQUIRE_SERVICES=1).
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { requireServices } from './services.js';

const python = '/usr/bin/python3';
const pahoScript = fileURLToPath(new URL('./paho-session.py', import.meta.url));

export function thirdPartyClientsAvailable(): boolean {
  const missing = [
    ...(['/usr/bin/mosquitto_pub', '/usr/bin/mosquitto_sub'].filter((binary) => !fs.existsSync(binary))),
    ...(spawnSync(python, ['-c', 'import paho.mqtt.client'], { stdio: 'ignore' }).status === 0 ? [] : ['python3-paho-mqtt']),
  ];
  if (missing.length === 0) return true;
  const why = `${missing.join(', ')} not installed`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] third-party MQTT client suite skipped: ${why}.`);
  return false;
}

export interface PahoStep {
  publish?: string;
  payload?: string;
  /** A JSON payload of about this many bytes. */
  size?: number;
  qos?: 0 | 1 | 2;
  retain?: boolean;
  subscribe?: string;
  expect?: string;
  timeout?: number;
  sleep?: number;
  /** Creates this file when the session reaches the step; wait for it with `reached(path)`. */
  mark?: string;
}

export interface PahoConnect {
  client_id: string;
  username?: string;
  password?: string;
  clean?: boolean;
  keepalive?: number;
  will?: { topic: string; payload: string; qos: 0 | 1; retain: boolean };
}

export interface PahoReport {
  /** CONNACK return code (0 accepted, 2 identifier rejected, 4 bad credentials, 5 not authorised). */
  connack: number | null;
  steps: Array<{ acked?: boolean; granted?: number[]; payload?: string; timeout?: boolean }>;
  /** Set when the broker closed the session before the script ended. */
  disconnected: number | null;
}

/** Runs one paho-mqtt session through `steps`, then disconnects cleanly. */
export function pahoSession(port: number, connect: PahoConnect, steps: PahoStep[]): Promise<PahoReport> {
  return new Promise((resolve, reject) => {
    const child = execFile(python, [pahoScript], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`paho session failed: ${error.message} ${stderr}`));
      resolve(JSON.parse(stdout) as PahoReport);
    });
    child.stdin!.end(JSON.stringify({ port, connect, steps }));
  });
}

/** A fresh path for a `mark` step, and a check that the session has reached it. */
export function sessionMark(): { path: string; reached: () => boolean } {
  const path = `${os.tmpdir()}/cantine-paho-mark-${process.pid}-${Math.random().toString(36).slice(2)}`;
  return { path, reached: () => fs.existsSync(path) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs mosquitto_pub or mosquitto_sub against 127.0.0.1:`port` with `args`. */
export function mosquittoClient(binary: 'mosquitto_pub' | 'mosquitto_sub', port: number, args: string[], input?: Buffer): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(`/usr/bin/${binary}`, ['-h', '127.0.0.1', '-p', String(port), '-V', 'mqttv311', ...args], { timeout: 20_000, encoding: 'utf8', maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
    if (input) child.stdin!.end(input);
    else child.stdin!.end();
  });
}
