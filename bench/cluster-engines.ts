// The shared engines of `--cluster` and its instances: a throwaway PostgreSQL database on the
// machine's server, a Mosquitto of the run's own on a free port (the machine's broker on 1883 is left
// alone), the machine's Redis when there is one, and Cantine instances in cluster mode.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startService, type Service } from './processes.js';

export const POSTGRES_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

export interface Engine {
  url: string;
  stop(): Promise<void>;
}

export async function createDatabase(): Promise<Engine> {
  const name = `cantine_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Anonymous, as in test/cluster: the service in external-broker mode leaves device authentication to
 * the broker, and what is measured here is the service. TCP_NODELAY and unlimited in-flight QoS 1
 * messages: stack notes 11 and 12.
 */
export async function startMosquitto(dir: string): Promise<Engine> {
  if (!fs.existsSync(MOSQUITTO)) throw new Error(`${MOSQUITTO} is not installed (set MOSQUITTO_BIN)`);
  const port = await freePort();
  const config = path.join(dir, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'set_tcp_nodelay true', 'max_inflight_messages 0', 'max_queued_messages 0', 'persistence false', 'log_dest stderr', 'log_type error'];
  // Run as root (CI containers), Mosquitto would switch to its own user.
  if (process.getuid?.() === 0) lines.push('user root');
  fs.writeFileSync(config, `${lines.join('\n')}\n`);
  const log = fs.openSync(path.join(dir, 'mosquitto.log'), 'a');
  const child = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', log, log] });
  const deadline = Date.now() + 5000;
  while (!(await canConnect(port, '127.0.0.1', 200))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`Mosquitto did not start (log: ${path.join(dir, 'mosquitto.log')})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { url: `mqtt://127.0.0.1:${port}`, stop };
}

export interface ClusterShared {
  databaseUrl: string;
  mqttUrl: string;
  sitesDir: string;
  secretKey: string;
  redisUrl?: string;
}

export const newSecretKey = () => randomBytes(32).toString('base64');

export interface Instance extends Service {
  id: string;
  logFile: string;
  /** kill -9: no lease released, no snapshot written, no goodbye to the broker. */
  kill(): Promise<void>;
}

/** `npm start`'s process (service-main.js, as every scenario) in cluster mode, with its own DATA_DIR and log. */
export async function startInstance(id: string, dir: string, shared: ClusterShared): Promise<Instance> {
  const dataDir = path.join(dir, id);
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dir, `${id}.log`);
  const service = await startService({
    dataDir,
    sitesDir: shared.sitesDir,
    logFile,
    env: {
      DATABASE_URL: shared.databaseUrl,
      MQTT_URL: shared.mqttUrl,
      CANTINE_CLUSTER: '1',
      CANTINE_INSTANCE_ID: id,
      CANTINE_SECRET_KEY: shared.secretKey,
      // "Took site" lines (info) date each takeover in the log.
      LOG_LEVEL: 'info',
      ...(shared.redisUrl ? { REDIS_URL: shared.redisUrl } : {}),
    },
  });
  const kill = async () => {
    if (service.process.exitCode !== null || service.process.signalCode !== null) return;
    const exited = new Promise((resolve) => service.process.once('exit', resolve));
    service.process.kill('SIGKILL');
    await exited;
  };
  return { ...service, id, logFile, kill };
}
