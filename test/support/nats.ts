// A three-node NATS cluster with its MQTT listener, for the broker-cluster suite (issue 15, item 4;
// stack notes 16): our own nats-server processes on free loopback ports, each with its JetStream
// store in a temporary folder (NATS keeps MQTT sessions and retained messages in JetStream, so
// MQTT needs it, and a `server_name` per node). Absent binary: the suite skips, saying so (a
// failure under CANTINE_REQUIRE_SERVICES=1).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mqtt from 'mqtt';
import { freePort } from './faults.js';
import { requireServices } from './services.js';

export const natsBinary = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';

export function natsAvailable(): boolean {
  if (fs.existsSync(natsBinary)) return true;
  const why = `${natsBinary} is not installed`;
  if (requireServices) throw new Error(`${why}, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] NATS cluster suite skipped: ${why}.`);
  return false;
}

export interface NatsUser {
  user: string;
  password: string;
}

export interface NatsNode {
  name: string;
  mqttPort: number;
  mqttUrl: string;
  pid(): number | undefined;
  output(): string;
  /** kill -9: no goodbye to its clients or its routes. */
  kill(): Promise<void>;
  alive(): boolean;
}

export interface NatsCluster {
  nodes: NatsNode[];
  /** Rewrites every node's users and has each re-read its configuration (SIGHUP), as an operator would. */
  setUsers(users: NatsUser[]): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startNatsCluster(dir: string, users: NatsUser[], size = 3): Promise<NatsCluster> {
  const ports: Array<{ client: number; cluster: number; mqtt: number; http: number }> = [];
  for (let i = 0; i < size; i++) {
    ports.push({ client: await freePort(), cluster: await freePort(), mqtt: await freePort(), http: await freePort() });
  }
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.cluster}`).join(', ');
  const configOf = (i: number, current: NatsUser[]) => {
    const p = ports[i]!;
    return [
      `server_name: n${i + 1}`,
      `listen: 127.0.0.1:${p.client}`,
      `http: 127.0.0.1:${p.http}`,
      `jetstream { store_dir: "${path.join(dir, `n${i + 1}`)}", max_memory_store: 64MB, max_file_store: 256MB }`,
      `cluster { name: cantine, listen: 127.0.0.1:${p.cluster}, routes: [${routes}] }`,
      // Sessions and retained messages replicated on the three nodes: one node lost keeps a quorum.
      `mqtt { listen: 127.0.0.1:${p.mqtt}, stream_replicas: ${size} }`,
      // Explicit permissions: nats-server 2.9.10 dereferences a user's missing permissions when it
      // reloads users while MQTT retained messages exist (a panic in mqttCheckPubRetainedPerms).
      `authorization { users: [${current.map((u) => `{ user: ${JSON.stringify(u.user)}, password: ${JSON.stringify(u.password)}, permissions: { publish: ">", subscribe: ">" } }`).join(', ')}] }`,
      '',
    ].join('\n');
  };
  const files = ports.map((_, i) => path.join(dir, `n${i + 1}.conf`));
  const writeConfigs = (current: NatsUser[]) => files.forEach((file, i) => fs.writeFileSync(file, configOf(i, current), { mode: 0o600 }));
  writeConfigs(users);
  const children: ChildProcess[] = [];
  const outputs: string[] = [];
  const nodes: NatsNode[] = ports.map((p, i) => {
    outputs.push('');
    const child = spawn(natsBinary, ['-c', files[i]!], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (outputs[i] += chunk));
    child.stderr?.on('data', (chunk) => (outputs[i] += chunk));
    children.push(child);
    return {
      name: `n${i + 1}`,
      mqttPort: p.mqtt,
      mqttUrl: `mqtt://127.0.0.1:${p.mqtt}`,
      pid: () => child.pid,
      output: () => outputs[i]!,
      alive: () => child.exitCode === null && child.signalCode === null,
      kill: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
    };
  });
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
  };
  try {
    // Formed: every node routes to the two others, JetStream has a meta leader (healthz), and an
    // MQTT client gets through (the MQTT streams are created on the first connection of an account).
    const deadline = Date.now() + 30_000;
    for (const [i, p] of ports.entries()) {
      for (;;) {
        if (Date.now() > deadline || children[i]!.exitCode !== null) throw new Error(`NATS node n${i + 1} did not join the cluster:\n${outputs[i]}`);
        const routez = await fetchJson(`http://127.0.0.1:${p.http}/routez`);
        const healthz = await fetchJson(`http://127.0.0.1:${p.http}/healthz`);
        if (routez?.num_routes >= size - 1 && healthz?.status === 'ok') break;
        await sleep(100);
      }
    }
    for (const node of nodes) await mqttReachable(node.mqttUrl, users[0]!, deadline);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    nodes,
    setUsers: async (current) => {
      writeConfigs(current);
      const marks = outputs.map((text) => text.length);
      children.forEach((child) => child.kill('SIGHUP'));
      const deadline = Date.now() + 10_000;
      while (!outputs.every((text, i) => !nodes[i]!.alive() || text.slice(marks[i]).includes('Reloaded server configuration'))) {
        if (Date.now() > deadline) throw new Error(`NATS did not reload its configuration:\n${outputs.join('\n')}`);
        await sleep(50);
      }
    },
    stop,
  };
}

async function fetchJson(url: string): Promise<any> {
  try {
    const response = await fetch(url);
    return await response.json();
  } catch {
    return undefined;
  }
}

async function mqttReachable(url: string, user: NatsUser, deadline: number): Promise<void> {
  for (;;) {
    try {
      const client = await mqtt.connectAsync(url, { username: user.user, password: user.password, clientId: `probe-${process.pid}`, reconnectPeriod: 0, connectTimeout: 2000 });
      await client.endAsync(true);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`NATS MQTT listener at ${url} did not answer: ${String(error)}`, { cause: error });
      await sleep(200);
    }
  }
}
