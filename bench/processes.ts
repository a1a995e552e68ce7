// The processes a run starts: the Cantine service (service-main.ts) and the bare aedes broker
// (bare-broker.ts), each forked from dist/bench so that the load generators (this process) never
// share their event loop. Both are stopped through their IPC channel and end normally.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_ENV, RUNTIME_FLAGS } from '../apps/api/src/runtime.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Child {
  process: ChildProcess;
  /** Resident set size now, from /proc (Linux). */
  rssMb(): number;
  /** CPU time (user + system) used so far, from /proc (Linux): unlike wall time, barely moved by other load. */
  cpuS(): number;
  stop(): Promise<void>;
}

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th [proc(5)].
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** USER_HZ, 100 on every Linux a Node.js build runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_S = 100;

function startChild<Ready>(
  script: string,
  env: NodeJS.ProcessEnv,
  execArgv: string[],
  logFile: string,
): Promise<{ child: Child; ready: Ready }> {
  const log = fs.openSync(logFile, 'a');
  const child = fork(path.join(here, script), [], { env, execArgv, stdio: ['ignore', log, log, 'ipc'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.send('stop');
    });
  return new Promise((resolve, reject) => {
    const failed = (why: string) => reject(new Error(`${script} did not start: ${why} (log: ${logFile})\n${tail(logFile)}`));
    child.once('exit', (code, signal) => failed(`exited with ${code ?? signal}`));
    child.on('message', (message: { type: string; error?: string }) => {
      if (message.type === 'failed') failed(message.error ?? 'unknown error');
      if (message.type !== 'ready') return;
      child.removeAllListeners('exit');
      resolve({ child: { process: child, rssMb: () => rssOf(child.pid), cpuS: () => cpuOf(child.pid), stop }, ready: message as Ready });
    });
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

export interface ServiceOptions {
  dataDir: string;
  sitesDir: string;
  logFile: string;
  /** Directory for a V8 CPU profile of the service (`node --cpu-prof`), when profiling. */
  profileDir?: string;
  /** More environment (scenario E: INFLUX_URL). */
  env?: NodeJS.ProcessEnv;
}

export interface Service extends Child {
  http: string;
  mqttUrl: string;
}

export const ADMIN = { email: 'bench@example.org', password: 'bench-password-not-secret' };

export async function startService(options: ServiceOptions): Promise<Service> {
  const env: NodeJS.ProcessEnv = {
    // The runtime settings `npm start` applies (apps/api/src/runtime.ts); a value set here is kept.
    ...RUNTIME_ENV,
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    DATA_DIR: options.dataDir,
    SITES_DIR: options.sitesDir,
    CANTINE_ADMIN_EMAIL: ADMIN.email,
    CANTINE_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    // One address opens every benchmark connection: the per-address limit (burst 50, then 5/s)
    // would refuse most of them. Real fleets connect from many addresses.
    MQTT_CONNECT_BURST: '20000',
    MQTT_CONNECT_PER_SECOND: '20000',
    // A handful of simulated devices carries a whole fleet's traffic (scenario A: 50 badges/s per
    // reader; B: tens of messages/s per sensor), far above the per-device limit of a real one.
    DEVICE_RATE_BURST: '100000',
    DEVICE_RATE_PER_SECOND: '100000',
    ...options.env,
  };
  const execArgv = [...RUNTIME_FLAGS, ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  const { child, ready } = await startChild<{ http: string; mqtt: string }>('service-main.js', env, execArgv, options.logFile);
  return { ...child, http: ready.http, mqttUrl: ready.mqtt.replace('localhost', '127.0.0.1') };
}

export interface BareBroker extends Child {
  mqttUrl: string;
}

export async function startBareBroker(logFile: string): Promise<BareBroker> {
  const { child, ready } = await startChild<{ port: number }>('bare-broker.js', { ...process.env }, [], logFile);
  return { ...child, mqttUrl: `mqtt://127.0.0.1:${ready.port}` };
}
