// A site's retained seats after it changes hands (docs/scaling.md), with real processes: two cluster
// instances on PostgreSQL and a Mosquitto of this test. The retained `cantine/{site}/seats` is left
// saying something else than the site's state (as an owner killed between a change and its save
// leaves it); the instance that takes the site, by rebalance or by failover, publishes the seats it
// restored, without waiting for the next desk change, even when it had published the same counts
// for that site before it lost it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { presenceTopic, seatsTopic } from '#protocol';
import { managerHeaders } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { provisioned } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { serviceAvailable } from '../support/services.js';
import { clusterEnv, leasesSaid, startInstance, stopAll, writeSites, type ClusterEnv, type Instance } from '../support/instances.js';

const SITES = ['t1', 't2', 't3', 't4'];
const available = mosquittoAvailable() && (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432));
/** What no owner of these sites says: one desk of three occupied is their state. */
const STALE = JSON.stringify({ free: 0, occupied: 0, offline: 3, total: 3, ts: '2026-01-01T00:00:00.000Z' });

describe.skipIf(!available)('two instances: the retained seats of a site taken over', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-takeover-'));
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let db: pg.Client;
  let mosquitto: RunningMosquitto;
  let env: ClusterEnv;
  let watcher: MqttClient;
  const instances: Instance[] = [];
  /** The last retained-or-live seats message of each site, as a display subscribed to them sees it. */
  const seats = new Map<string, string>();

  const owners = async () =>
    new Map((await db.query<{ site_id: string; owner: string }>(`SELECT site_id, owner FROM site_lease WHERE expires_at > now()`)).rows.map((row) => [row.site_id, row.owner]));
  const savedOccupied = async (site: string) => {
    const row = (await db.query<{ state: string }>(`SELECT state FROM occupancy_snapshot WHERE site_id = $1`, [site])).rows[0];
    return row !== undefined && (JSON.parse(row.state) as { desks: Array<{ id: string; state: string }> }).desks.some((desk) => desk.state === 'occupied');
  };
  /** Every site's retained seats overwritten with STALE, as a display subscribing now would be handed. */
  const leaveStale = async (sites: string[]) => {
    for (const site of sites) await watcher.publishAsync(seatsTopic(site), STALE, { qos: 1, retain: true });
    await eventually(() => sites.every((site) => seats.get(site) === STALE));
  };
  const occupiedOf = (site: string) => (JSON.parse(seats.get(site) ?? '{}') as { occupied?: number }).occupied;
  /** What a display subscribing now is handed: each site's retained seats' `occupied`. */
  const retainedOccupied = async (sites: string[]) => {
    const display = await mqtt.connectAsync(mosquitto.url, { clientId: `takeover-display-${randomBytes(4).toString('hex')}`, reconnectPeriod: 0 });
    const handed: Record<string, number | undefined> = {};
    display.on('message', (topic, payload, packet) => {
      if (packet.retain) handed[topic.split('/')[1]!] = (JSON.parse(payload.toString()) as { occupied?: number }).occupied;
    });
    try {
      await display.subscribeAsync(sites.map((site) => seatsTopic(site)), { qos: 1 });
      await eventually(() => sites.every((site) => site in handed), 2000, 10);
    } finally {
      await display.endAsync(true);
    }
    return handed;
  };
  /** Each site's retained seats say its one occupied desk again. */
  const publishedAgain = (sites: string[]) =>
    eventually(async () => expect(await retainedOccupied(sites)).toEqual(Object.fromEntries(sites.map((site) => [site, 1]))), 5000, 50);

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const conf = path.join(dir, 'takeover-mosquitto.conf');
    fs.writeFileSync(conf, ['listener 1883', 'allow_anonymous true', 'set_tcp_nodelay true', 'max_inflight_messages 0', 'persistence false', 'log_dest stderr', 'log_type error', ''].join('\n'));
    mosquitto = await startMosquitto(dir, { configFrom: conf });
    const sitesDir = path.join(dir, 'sites');
    fs.mkdirSync(sitesDir);
    writeSites(sitesDir, SITES);
    env = { databaseUrl: database.url, mqttUrl: mosquitto.url, sitesDir, secretKey: randomBytes(32).toString('base64') };
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    watcher = await mqtt.connectAsync(mosquitto.url, { clientId: 'takeover-watcher', reconnectPeriod: 0 });
    watcher.on('message', (topic, payload) => seats.set(topic.split('/')[1]!, payload.toString()));
    await watcher.subscribeAsync(SITES.map((site) => seatsTopic(site)), { qos: 1 });
  }, 60_000);

  afterAll(async () => {
    await watcher?.endAsync(true).catch(() => undefined);
    await stopAll();
    await db?.end().catch(() => undefined);
    await mosquitto?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('the new owner publishes the seats it restored, after a rebalance and after a kill -9', async () => {
    onTestFailed(() => console.log(`[takeover] what the instances said of their leases:\n${leasesSaid(instances)}\n[takeover] last seats: ${JSON.stringify([...seats])}`));
    const a = await startInstance('a', clusterEnv(env, 'takeover-a'));
    instances.push(a);
    const headers = await managerHeaders(a.baseUrl);
    for (const site of SITES) await provisioned(a.baseUrl, headers, { id: `${site}-desk-01-sensor`, kind: 'desk-sensor', site, desk: 'desk-01' });
    // One desk occupied at each site, and saved: the state every later owner restores.
    for (const site of SITES) await watcher.publishAsync(presenceTopic(site, 'desk-01'), JSON.stringify({ occupied: true }), { qos: 1 });
    const saved = async () => (await Promise.all(SITES.map(savedOccupied))).every(Boolean);
    await eventually(async () => SITES.every((site) => occupiedOf(site) === 1) && (await saved()), 10_000, 50);

    // Rebalance: B joins and takes its share from A, a clean hand-over.
    await leaveStale(SITES);
    const b = await startInstance('b', clusterEnv(env, 'takeover-b'));
    instances.push(b);
    const toB = await eventually(async () => {
      const taken = [...(await owners())].filter(([, owner]) => owner === 'takeover-b').map(([site]) => site);
      return taken.length === SITES.length / 2 && taken;
    }, 15_000, 50);
    await publishedAgain(toB);

    // Failover: B killed, A takes its sites back. A published these very counts for them before the
    // rebalance: what it sent then is no longer what the broker holds.
    await leaveStale(toB);
    b.signal('SIGKILL');
    await b.exited;
    await eventually(async () => {
      const now = await owners();
      return toB.every((site) => now.get(site) === 'takeover-a');
    }, 15_000, 50);
    await publishedAgain(toB);
  }, 90_000);
});
