// Cluster mode with real processes (docs/scaling.md): three instances on PostgreSQL and Mosquitto
// share six sites by leases. Readers badge ~200/s and retry with the same seq; the owner of a site
// is killed (-9) mid-traffic and another instance answers within 5 s, nothing lost, no day taken
// twice. Then an owner is paused past its lease (SIGSTOP) and resumed: fencing refuses its late
// snapshot write and its local lease clock keeps it from answering what it had queued.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { presenceTopic, seatsTopic } from '#protocol';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { provisioned } from '../support/devices.js';
import { json, managerHeaders } from '../support/app.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { canConnect, serviceAvailable } from '../support/services.js';
import { clusterEnv, leasesSaid, startInstance, stopAll, writeSites, type ClusterEnv, type Instance } from '../support/instances.js';
import { Reader } from './readers.js';

const SITES = ['s1', 's2', 's3', 's4', 's5', 's6'];
const MEMBERS = 60;
const available = mosquittoAvailable() && (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Check<T> = () => Promise<T | undefined | false> | T | undefined | false;

async function until<T>(what: string, check: Check<T>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

describe.skipIf(!available)('three instances sharing sites by leases', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-cluster-'));
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let db: pg.Client;
  let mosquitto: RunningMosquitto;
  let env: ClusterEnv;
  const instances: Instance[] = [];
  const readers: Reader[] = [];
  let sensors: MqttClient;
  const uids: string[] = [];

  const leases = async () => (await db.query<{ site_id: string; owner: string | null; fence: number; live: boolean }>(`SELECT site_id, owner, fence, expires_at > now() AS live FROM site_lease ORDER BY site_id`)).rows;
  const ownerOf = async (site: string) => (await leases()).find((lease) => lease.site_id === site && lease.live);
  const start = (id: string) => startInstance(id, clusterEnv(env, id));
  const byId = (id: string) => instances.find((instance) => instance.name === id)!;
  const snapshot = async (site: string) => {
    const row = (await db.query<{ state: string; fence: number }>(`SELECT state, fence FROM occupancy_snapshot WHERE site_id = $1`, [site])).rows[0]!;
    const state = JSON.parse(row.state) as { desks: Array<{ id: string; state: string }> };
    const desks = new Map(state.desks.map((desk) => [desk.id, desk.state]));
    return { fence: row.fence, desks };
  };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const conf = path.join(dir, 'cluster-mosquitto.conf');
    fs.writeFileSync(conf, ['listener 1883', 'allow_anonymous true', 'set_tcp_nodelay true', 'max_inflight_messages 0', 'persistence false', 'log_dest stderr', 'log_type error', ''].join('\n'));
    mosquitto = await startMosquitto(dir, { configFrom: conf });
    const sitesDir = path.join(dir, 'sites');
    fs.mkdirSync(sitesDir);
    writeSites(sitesDir, SITES);
    // Redis is optional here (.ci/run does not start one): without it the cross-instance feed is not checked.
    const redisUrl = (await canConnect('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined;
    if (!redisUrl) console.warn('[skip] no Redis on 127.0.0.1:6379: the /manager feed across instances is not checked');
    env = { databaseUrl: database.url, mqttUrl: mosquitto.url, sitesDir, secretKey: randomBytes(32).toString('base64'), ...(redisUrl ? { redisUrl } : {}) };
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.close().catch(() => undefined)));
    await sensors?.endAsync(true).catch(() => undefined);
    await stopAll();
    await db?.end().catch(() => undefined);
    await mosquitto?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('spreads the sites, survives kill -9 of an owner, and fences an owner resumed after its lease', async () => {
    onTestFailed(() => console.log(`[cluster] what the instances said of their leases:\n${leasesSaid(instances)}`));
    // One instance alone owns every site; members, passes and devices are made through it.
    instances.push(await start('node-a'));
    expect((await leases()).filter((lease) => lease.owner === 'node-a' && lease.live)).toHaveLength(SITES.length);
    const api = instances[0]!.baseUrl;
    const headers = await managerHeaders(api);
    for (let i = 0; i < MEMBERS; i++) {
      const uid = (0x04a22400 + i).toString(16).toUpperCase().padStart(8, '0');
      const member = await json(await fetch(`${api}/api/members`, { method: 'POST', headers, body: JSON.stringify({ name: `Membre ${i}`, email: `m${i}@example.org`, adherent: true }) }));
      expect((await fetch(`${api}/api/members/${member.id}/badges`, { method: 'POST', headers, body: JSON.stringify({ uid }) })).status).toBe(201);
      expect((await fetch(`${api}/api/members/${member.id}/passes`, { method: 'POST', headers, body: JSON.stringify({ type: 'carnet', credits: 5 }) })).status).toBe(201);
      uids.push(uid);
    }
    for (const site of SITES) {
      for (const n of [1, 2]) await provisioned(api, headers, { id: `${site}-reader-${n}`, kind: 'reader', site, door: 'entrance' });
      for (const desk of ['desk-01', 'desk-02', 'desk-03']) await provisioned(api, headers, { id: `${site}-${desk}-sensor`, kind: 'desk-sensor', site, desk });
    }

    // Two instances join: each takes its share, two sites each.
    const joinedAt = performance.now();
    instances.push(...(await Promise.all([start('node-b'), start('node-c')])));
    const shares = await until('two sites per instance', async () => {
      const live = (await leases()).filter((lease) => lease.live);
      const counts = ['node-a', 'node-b', 'node-c'].map((id) => live.filter((lease) => lease.owner === id).length);
      return counts.every((count) => count === 2) && counts;
    }, 15_000);
    console.log(`[cluster] joined: sites per instance ${shares.join('/')} ${Math.round(performance.now() - joinedAt)} ms after the two instances were started`);

    // A manager watching through an instance that does not own s4 (socket.io's Redis adapter).
    const s4Owner = (await ownerOf('s4'))!.owner!;
    const viaOther = instances.find((instance) => instance.name !== s4Owner)!;
    const feed: Array<{ site: string }> = [];
    let manager: Socket | undefined;
    if (env.redisUrl) {
      manager = io(`${viaOther.baseUrl}/manager`, { auth: { token: headers.authorization!.slice('Bearer '.length) }, transports: ['websocket'] });
      manager.on('access', (event: { site: string }) => feed.push(event));
      await until('the manager socket', () => manager!.connected, 5000);
    }

    // ~200 badges/s from 12 readers; the owner of s1 is killed 3 s in.
    for (const site of SITES) for (const n of [1, 2]) readers.push(await Reader.connect(mosquitto.url, `${site}-reader-${n}`, site));
    let sending = true;
    const traffic = (async () => {
      for (let round = 0; sending; round++) {
        for (const reader of readers) reader.badge(uids[(round * 7 + readers.indexOf(reader) * 5) % uids.length]!);
        await sleep(60);
      }
    })();
    await sleep(3000);
    const victim = byId((await ownerOf('s1'))!.owner!);
    const victimSites = (await leases()).filter((lease) => lease.owner === victim.name).map((lease) => lease.site_id);
    const killedAt = performance.now();
    const killedAtEpoch = Date.now();
    victim.signal('SIGKILL');
    await victim.exited;
    await sleep(6000);
    sending = false;
    await traffic;
    await until('every badge answered', () => readers.every((reader) => reader.unanswered().length === 0), 15_000, 100).catch(() => undefined);

    const badges = readers.flatMap((reader) => [...reader.badges.values()]);
    const lost = badges.filter((badge) => badge.decisions.length === 0);
    const retried = badges.filter((badge) => badge.sends > 1);
    // Failover: from the kill to the first answer, to a badge sent after it, at each of the victim's sites.
    const failovers = victimSites.map((site) => {
      const sentAfter = badges.filter((badge) => badge.site === site && badge.lastSentAt > killedAt);
      const after = sentAfter.flatMap((badge) => badge.decisions.filter((at) => at > killedAt));
      return (Math.min(...after) - killedAt) / 1000;
    });
    const elapsed = (performance.now() - killedAt) / 1000;
    console.log(
      `[cluster] kill -9 of ${victim.name} (owner of ${victimSites.join(', ')}): failover ${failovers.map((s) => s.toFixed(2)).join(' s, ')} s; ` +
        `${badges.length} badges in ${(elapsed + 3).toFixed(0)} s, ${retried.length} retried, ${lost.length} lost`,
    );
    // What the instances say: when each of the victim's sites was taken, and how long taking it lasted.
    for (const instance of instances.filter((i) => i !== victim)) {
      for (const line of instance.output().split('\n').filter((l) => l.includes('Took site'))) {
        const entry = JSON.parse(line) as { time: number; msg: string };
        if (entry.time > killedAtEpoch) console.log(`[cluster] ${instance.name} +${((entry.time - killedAtEpoch) / 1000).toFixed(2)} s: ${entry.msg}`);
      }
    }
    expect(lost).toHaveLength(0);
    // The 5 s target is printed above (and in docs/scaling.md); it holds with about 1 s of margin on a
    // quiet machine. A time limit does not belong in a test that shares 2 cores with the suite, so this
    // one only catches a takeover waiting for something other than the 3 s lease (twice the target).
    for (const seconds of failovers) expect(seconds).toBeLessThanOrEqual(10);
    expect((await leases()).filter((lease) => lease.live && lease.owner !== victim.name)).toHaveLength(SITES.length);

    if (manager) {
      manager.close();
      const s4 = feed.filter((event) => event.site === 's4').length;
      console.log(`[cluster] /manager on ${viaOther.name}, which does not own s4 (${s4Owner} does): ${s4} access events of s4 through Redis`);
      expect(s4).toBeGreaterThan(0);
    }

    // No day taken twice: one pass_use row per carnet that opened a door, whoever decided it.
    const uses = (await db.query<{ pass_id: string; days: string }>(`SELECT pass_id, count(*) AS days FROM pass_use GROUP BY pass_id`)).rows;
    const granted = (await db.query<{ passes: string }>(`SELECT count(DISTINCT pass_id) AS passes FROM access_event WHERE granted IS TRUE`)).rows[0]!;
    expect(uses.filter((use) => Number(use.days) !== 1)).toEqual([]);
    expect(uses).toHaveLength(Number(granted.passes));
    console.log(`[cluster] ${uses.length} carnets opened a door, each with exactly 1 day taken`);

    // Split brain: the owner of a site is paused with a change not yet saved, past its lease.
    const site = victimSites.includes('s2') ? 's3' : 's2';
    const paused = byId((await ownerOf(site))!.owner!);
    const fenceBefore = (await ownerOf(site))!.fence;
    sensors = await mqtt.connectAsync(mosquitto.url, { clientId: 'desk-sensors' });
    const seats: string[] = [];
    sensors.on('message', (_topic, payload) => seats.push(payload.toString()));
    await sensors.subscribeAsync(seatsTopic(site), { qos: 1 });
    // A change the owner saves before the pause: the next owner must start from it (the snapshot).
    // The sensors repeat their state each second until the check holds, as stock sensors report again:
    // a message published while ownership moves (rebalancing, takeover) has no one to go to.
    const sensor = sensors;
    const occupiedUntil = async (desk: string, what: string, done: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
      let sent = 0;
      await until(what, async () => {
        if (performance.now() - sent > 1000) {
          sent = performance.now();
          await sensor.publishAsync(presenceTopic(site, desk), JSON.stringify({ occupied: true }), { qos: 1 });
        }
        return done();
      }, timeoutMs, 20);
    };
    await occupiedUntil('desk-03', 'desk-03 saved', async () => (await snapshot(site)).desks.get('desk-03') === 'occupied');
    await sleep(1500); // nothing pending: the owner's next save is the one for this change
    const occupied = () => (JSON.parse(seats.at(-1) ?? '{}') as { occupied?: number }).occupied ?? 0;
    const before = occupied();
    await occupiedUntil('desk-01', 'the seats of the change', () => occupied() === before + 1);
    paused.signal('SIGSTOP');
    expect((await snapshot(site)).desks.get('desk-01')).not.toBe('occupied'); // not saved before the pause
    const taken = await until('another owner', async () => {
      const lease = await ownerOf(site);
      return lease && lease.owner !== paused.name && lease;
    }, 10_000, 100);
    expect(taken.fence).toBeGreaterThan(fenceBefore);
    // The new owner answers and saves; the paused one still holds a copy of that badge, queued.
    const reader = readers.find((r) => r.site === site)!;
    const probe = reader.badge(uids[0]!);
    await until('the new owner answers', () => probe.decisions.length > 0, 10_000, 10);
    await occupiedUntil('desk-02', 'the new owner saves', async () => {
      const saved = await snapshot(site);
      return saved.fence === taken.fence && saved.desks.get('desk-02') === 'occupied';
    });
    paused.signal('SIGCONT');
    await until('the resumed owner lets the site go', () => paused.output().includes(`Lost site \\"${site}\\"`), 15_000, 50);
    await sleep(1000);
    const after = await snapshot(site);
    expect(after.fence).toBeGreaterThanOrEqual(taken.fence);
    expect(after.desks.get('desk-02')).toBe('occupied');
    expect(after.desks.get('desk-01')).not.toBe('occupied');
    expect(after.desks.get('desk-03')).toBe('occupied');
    expect(paused.output()).toContain(`Occupancy of \\"${site}\\" not saved: refused by fencing (fence ${fenceBefore})`);
    expect(probe.decisions).toHaveLength(1);
    console.log(`[cluster] split brain: ${paused.name} paused with ${site} (fence ${fenceBefore}), taken by ${taken.owner} (fence ${taken.fence}); late write refused, queued badge not answered by the paused owner`);
  }, 150_000);
});
