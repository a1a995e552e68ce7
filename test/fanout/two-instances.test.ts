// Sockets and member changes across instances (issue #15 item 3, docs/scaling.md), with real
// processes: two cluster instances on one PostgreSQL database (the Redis channels are named after
// it, so this run's are its own), one Redis and a Mosquitto of this test. A holds the one site's
// lease (the balance rule gives the single site to the first id), so B handles none of its device
// events; B's wall and manager sockets must still see what A emits, and a badge revoked through
// B's API must be refused at A's door and leave A's allow-list within 1 s.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { allowListTopic, badgeTopic, decisionTopic, presenceTopic } from '#protocol';
import { json, managerHeaders } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { provisioned } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { serviceAvailable } from '../support/services.js';
import { clusterEnv, leasesSaid, startInstance, stopAll, writeSites, type Instance } from '../support/instances.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const available = mosquittoAvailable()
  && (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432))
  && (await serviceAvailable('Redis', 'TEST_REDIS_URL', redisUrl, 6379));
const SITE = 'brest';
const READER = 'brest-reader';
const UID = '04A22411';
/** Revoked through A itself first: the one-instance path, measured in the same run for comparison. */
const LOCAL_UID = '04A22412';

interface Decision { seq: number; granted: boolean; reason: string }
interface AllowList { version: number; groups: Array<{ uids: string[] }> }

describe.skipIf(!available)('two instances: sockets through Redis, member changes through PostgreSQL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-fanout-'));
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let mosquitto: RunningMosquitto;
  let a: Instance;
  let b: Instance;
  let reader: MqttClient;
  let db: pg.Client;
  const owner = async () => (await db.query<{ owner: string }>('SELECT owner FROM site_lease WHERE site_id = $1 AND expires_at > now()', [SITE])).rows[0]?.owner;
  const sockets: Socket[] = [];
  const decisions: Decision[] = [];
  const lists: Array<{ at: number; list: AllowList }> = [];
  let seq = 0;

  /** Badges once at A's door and waits for its answer. */
  async function badge(uid: string): Promise<Decision> {
    const mine = ++seq;
    reader.publish(badgeTopic(SITE, READER), JSON.stringify({ uid, seq: mine }), { qos: 1 });
    return eventually(() => decisions.find((d) => d.seq === mine) ?? false, 3000, 5);
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const conf = path.join(dir, 'fanout-mosquitto.conf');
    fs.writeFileSync(conf, ['listener 1883', 'allow_anonymous true', 'set_tcp_nodelay true', 'max_inflight_messages 0', 'persistence false', 'log_dest stderr', ''].join('\n'));
    mosquitto = await startMosquitto(dir, { configFrom: conf });
    const sitesDir = path.join(dir, 'sites');
    fs.mkdirSync(sitesDir);
    writeSites(sitesDir, [SITE]);
    const shared = { sitesDir, databaseUrl: database.url, mqttUrl: mosquitto.url, redisUrl, secretKey: randomBytes(32).toString('base64') };
    // One after the other: the first creates the manager account and the tables, and takes the site.
    a = await startInstance('a', clusterEnv(shared, 'fanout-a'));
    b = await startInstance('b', clusterEnv(shared, 'fanout-b'));
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  }, 90_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await reader?.endAsync(true).catch(() => undefined);
    await db?.end().catch(() => undefined);
    await stopAll();
    await mosquitto?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  // The instances' own account of their leases, when a test fails: their output dies with them.
  beforeEach(() => onTestFailed(() => console.log(`[fanout] what the instances said of their leases:\n${leasesSaid([a, b])}`)));

  it('a wall and a manager on B see what A handles; a badge revoked through B is refused at A within 1 s', async () => {
    expect(await owner()).toBe('fanout-a');
    const headersA = await managerHeaders(a.baseUrl);
    const member = await json(await fetch(`${a.baseUrl}/api/members`, { method: 'POST', headers: headersA, body: JSON.stringify({ name: 'Nolwenn Tanguy', email: 'nolwenn@example.org', adherent: true }) }));
    expect((await fetch(`${a.baseUrl}/api/members/${member.id}/badges`, { method: 'POST', headers: headersA, body: JSON.stringify({ uid: UID }) })).status).toBe(201);
    expect((await fetch(`${a.baseUrl}/api/members/${member.id}/badges`, { method: 'POST', headers: headersA, body: JSON.stringify({ uid: LOCAL_UID }) })).status).toBe(201);
    expect((await fetch(`${a.baseUrl}/api/members/${member.id}/passes`, { method: 'POST', headers: headersA, body: JSON.stringify({ type: 'carnet', credits: 5 }) })).status).toBe(201);
    await provisioned(a.baseUrl, headersA, { id: READER, kind: 'reader', site: SITE, door: 'entrance' });
    await provisioned(a.baseUrl, headersA, { id: 'brest-desk-01', kind: 'desk-sensor', site: SITE, desk: 'desk-01' });

    reader = await mqtt.connectAsync(mosquitto.url, { clientId: READER, reconnectPeriod: 0 });
    reader.on('message', (topic, payload) => {
      if (payload.length === 0) return;
      const message = JSON.parse(payload.toString('utf8')) as Decision & AllowList;
      if (topic === decisionTopic(SITE, READER)) decisions.push(message);
      else lists.push({ at: performance.now(), list: message });
    });
    await reader.subscribeAsync([decisionTopic(SITE, READER), allowListTopic(SITE, READER)], { qos: 1 });
    await eventually(() => lists.some(({ list }) => list.groups.some((group) => group.uids.includes(UID))));

    // The wall: connected to B, the desk's sensor speaks to A.
    const headersB = await managerHeaders(b.baseUrl);
    const wall = io(`${b.baseUrl}/wall`, { query: { site: SITE }, transports: ['websocket'], reconnection: false, forceNew: true });
    const manager = io(`${b.baseUrl}/manager`, { auth: { token: headersB.authorization!.slice('Bearer '.length) }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(wall, manager);
    const seats: Array<{ at: number; id: string; state: string }> = [];
    const accesses: Array<{ at: number; event: { uid?: string; granted?: boolean } }> = [];
    wall.on('seat', (seat: { id: string; state: string }) => seats.push({ at: performance.now(), ...seat }));
    manager.on('access', (event: { uid?: string; granted?: boolean }) => accesses.push({ at: performance.now(), event }));
    await Promise.all([new Promise((resolve) => wall.once('seats', resolve)), new Promise<void>((resolve) => manager.once('connect', () => resolve()))]);

    const sensors = await mqtt.connectAsync(mosquitto.url, { clientId: 'brest-desk-01', reconnectPeriod: 0 });
    const sentAt = performance.now();
    await sensors.publishAsync(presenceTopic(SITE, 'desk-01'), JSON.stringify({ occupied: true }), { qos: 1 });
    const seat = await eventually(() => seats.find((s) => s.id === 'desk-01' && s.state === 'occupied') ?? false, 5000, 5);
    await sensors.endAsync(true);

    // A badge answered by A reaches the manager socket on B.
    const badgedAt = performance.now();
    expect(await badge(UID)).toMatchObject({ granted: true });
    const access = await eventually(() => accesses.find((a) => a.event.granted === true) ?? false, 5000, 5);

    const listed = (uid: string, list: AllowList) => list.groups.some((group) => group.uids.includes(uid));
    const withoutIt = (uid: string, from: number) =>
      eventually(() => lists.slice(from).find(({ list }) => !listed(uid, list)) ?? false, 1000, 5);
    let listsBefore = lists.length;
    const localAt = performance.now();
    expect((await fetch(`${a.baseUrl}/api/badges/${LOCAL_UID}/revoke`, { method: 'POST', headers: headersA })).status).toBeLessThan(300);
    const localList = await withoutIt(LOCAL_UID, listsBefore);

    // Revoked through B: A's readers lose the badge, and A refuses it, within 1 s of B's answer.
    listsBefore = lists.length;
    const revokedAt = performance.now(); // the request sent: B's own answer is part of the delay
    expect((await fetch(`${b.baseUrl}/api/badges/${UID}/revoke`, { method: 'POST', headers: headersB })).status).toBeLessThan(300);
    const refused = await eventually(async () => {
      const decision = await badge(UID);
      return decision.granted === false && { decision, at: performance.now() };
    }, 1000, 0);
    expect(refused.decision.reason).toBe('badge-revoked');
    const list = await withoutIt(UID, listsBefore);

    expect(await owner()).toBe('fanout-a'); // A answered everything above, B nothing

    const ms = (from: number, to: number) => `${(to - from).toFixed(1)} ms`;
    console.log(
      `[fanout] presence at A → seat on B's wall ${ms(sentAt, seat.at)}; badge at A → access on B's /manager ${ms(badgedAt, access.at)}; ` +
        `revocation sent to B → refused at A's door ${ms(revokedAt, refused.at)} (upper bound, badging in a loop), → A's allow-list without it ${ms(revokedAt, list.at)} (revocation sent to A itself → its allow-list ${ms(localAt, localList.at)})`,
    );
  }, 60_000);

  it('an owner stalled past its own view of the lease, not past the lease, handles what came meanwhile', async () => {
    const headersA = await managerHeaders(a.baseUrl);
    await provisioned(a.baseUrl, headersA, { id: 'brest-desk-02', kind: 'desk-sensor', site: SITE, desk: 'desk-02' });
    const wall = io(`${b.baseUrl}/wall`, { query: { site: SITE }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(wall);
    const seats: Array<{ id: string; state: string }> = [];
    wall.on('seat', (seat: { id: string; state: string }) => seats.push(seat));
    await new Promise((resolve) => wall.once('seats', resolve));
    const sensor = await mqtt.connectAsync(mosquitto.url, { clientId: 'brest-desk-02', reconnectPeriod: 0 });

    // Stopped just after a renewal, for longer than A vouches for its lease (2.5 s after sending
    // it) and shorter than the lease itself (3 s after PostgreSQL wrote it): still A's site, but A
    // reads the presence below before its next renewal answers.
    const expiry = async () => (await db.query<{ at: string }>('SELECT expires_at::text AS at FROM site_lease WHERE site_id = $1', [SITE])).rows[0]!.at;
    const before = await expiry();
    await eventually(async () => (await expiry()) !== before, 3000, 5);
    a.signal('SIGSTOP');
    const resumed = new Promise((resolve) => setTimeout(resolve, 2_650));
    await sensor.publishAsync(presenceTopic(SITE, 'desk-02'), JSON.stringify({ occupied: true }), { qos: 1 });
    await resumed;
    a.signal('SIGCONT');
    await sensor.endAsync(true);

    await eventually(() => seats.some((seat) => seat.id === 'desk-02' && seat.state === 'occupied'), 5000, 5);
    expect(await owner()).toBe('fanout-a');
    expect(a.output()).toMatch(/device event\(s\) waited \d+ ms for the lease to be confirmed, handled now/);
  }, 60_000);
});
