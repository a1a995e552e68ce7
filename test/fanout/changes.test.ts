// Device and site changes across instances (issue #15 items 3 and 5, docs/scaling.md "Changes across
// instances"), with real processes: two cluster instances on one PostgreSQL database and a Mosquitto
// of this test. A is the instance that owns the one site of the files when a test starts, B the other;
// what is changed through B must be in force at A, the owner, within 1 s: a reader provisioned through B
// is answered, a key rotated through B signs A's decisions and lists, a reader deleted through B is
// refused, a desk sensor moved through B is read on its new desk; B publishes no allow-list for a
// site it does not hold. A site created through B gets an
// owner that answers its readers; deleted, it is released. A non-owner answers a site's seats with
// the owner's state.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { allowListTopic, badgeTopic, decisionTopic, deriveDecisionKey, presenceTopic, verifyAllowList, verifyDecision, type AllowListMessage } from '#protocol';
import { json, managerHeaders } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { listDevices, provisioned } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { clusterEnv, leasesSaid, siteDefinition, startInstance, stopAll, writeSites, type Instance } from '../support/instances.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { serviceAvailable } from '../support/services.js';

const available = mosquittoAvailable() && (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432));
const SITE = 'quimperle';
const A_ID = 'changes-a';

interface Decision { seq: number; granted: boolean; reason: string; unlockMs: number; exp?: number; sig?: string; at: number }
type Headers = Record<string, string>;

/** A native reader on the shared broker: badges a new `seq` every 25 ms while it waits for an answer. */
class TestReader {
  readonly decisions: Decision[] = [];
  readonly lists: Array<{ at: number; list: AllowListMessage }> = [];
  private seq = 0;

  private constructor(readonly site: string, readonly id: string, readonly client: MqttClient) {}

  static async connect(url: string, site: string, id: string): Promise<TestReader> {
    const client = await mqtt.connectAsync(url, { clientId: id, reconnectPeriod: 0 });
    const reader = new TestReader(site, id, client);
    client.on('message', (topic, payload) => {
      if (payload.length === 0) return;
      const message = JSON.parse(payload.toString('utf8'));
      if (topic === decisionTopic(site, id)) reader.decisions.push({ ...message, at: performance.now() });
      else reader.lists.push({ at: performance.now(), list: message });
    });
    await client.subscribeAsync([decisionTopic(site, id), allowListTopic(site, id)], { qos: 1 });
    return reader;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Badges until a decision for one of these badges passes `accept`; that decision, with its arrival time. */
  async until(uid: string, accept: (decision: Decision) => boolean, timeoutMs: number): Promise<Decision> {
    const from = this.seq + 1;
    const send = () => this.client.publish(badgeTopic(this.site, this.id), JSON.stringify({ uid, seq: ++this.seq }), { qos: 1 });
    send();
    const timer = setInterval(send, 25);
    try {
      return await eventually(() => this.decisions.find((d) => d.seq >= from && accept(d)) ?? false, timeoutMs, 5);
    } finally {
      clearInterval(timer);
    }
  }

  /** Keeps badging for `ms`, for a check that nothing is answered. */
  async badgeFor(uid: string, ms: number): Promise<void> {
    const send = () => this.client.publish(badgeTopic(this.site, this.id), JSON.stringify({ uid, seq: ++this.seq }), { qos: 1 });
    const timer = setInterval(send, 25);
    await new Promise((resolve) => setTimeout(resolve, ms));
    clearInterval(timer);
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}

describe.skipIf(!available)('two instances: device and site changes, seats from a non-owner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-changes-'));
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let mosquitto: RunningMosquitto;
  let a: Instance;
  let b: Instance;
  let headersA: Headers;
  let headersB: Headers;
  let db: pg.Client;
  const closers: Array<() => Promise<void>> = [];
  const timings: string[] = [];
  const ms = (from: number, to: number) => `${(to - from).toFixed(1)} ms`;
  const owner = async (site: string) => (await db.query<{ owner: string }>('SELECT owner FROM site_lease WHERE site_id = $1 AND expires_at > now() AND owner IS NOT NULL', [site])).rows[0]?.owner;
  const byId = (id: string | undefined) => (id === A_ID ? a : b);
  const leaseLog = () => leasesSaid([a, b]);

  /**
   * "A" is the instance owning the site of the files when the test starts ("B" the other): on a loaded
   * machine a lease can lapse and the site move between tests. It must not move during one.
   */
  async function roles() {
    onTestFailed(() => console.log(`[changes] lease lines of both instances:\n${leaseLog()}`));
    const id = await eventually(async () => (await owner(SITE)) ?? false, 10_000);
    const own = byId(id);
    const other = own === a ? b : a;
    const headers = (i: Instance) => (i === a ? headersA : headersB);
    const check = async () => expect(await owner(SITE), `the site moved during the test:\n${leaseLog()}`).toBe(id);
    return { own, other, ownHeaders: headers(own), otherHeaders: headers(other), check };
  }

  /** A member with a badge and a 5-day carnet, made through `api`. */
  async function member(api: string, headers: Headers, uid: string): Promise<void> {
    const created = await json(await fetch(`${api}/api/members`, { method: 'POST', headers, body: JSON.stringify({ name: `Membre ${uid}`, email: `${uid.toLowerCase()}@example.org`, adherent: true }) }));
    expect((await fetch(`${api}/api/members/${created.id}/badges`, { method: 'POST', headers, body: JSON.stringify({ uid }) })).status).toBe(201);
    expect((await fetch(`${api}/api/members/${created.id}/passes`, { method: 'POST', headers, body: JSON.stringify({ type: 'carnet', credits: 5 }) })).status).toBe(201);
  }

  /** Waits until `instance` knows the device (its change crossed), so a call there finds it. */
  async function knows(instance: Instance, headers: Headers, id: string): Promise<void> {
    await eventually(async () => (await listDevices(instance.baseUrl, headers)).some((device) => device.id === id), 5000);
  }

  async function reader(site: string, id: string): Promise<TestReader> {
    const connected = await TestReader.connect(mosquitto.url, site, id);
    closers.push(() => connected.close());
    return connected;
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const conf = path.join(dir, 'changes-mosquitto.conf');
    fs.writeFileSync(conf, ['listener 1883', 'allow_anonymous true', 'set_tcp_nodelay true', 'max_inflight_messages 0', 'persistence false', 'log_dest stderr', 'log_type error', ''].join('\n'));
    mosquitto = await startMosquitto(dir, { configFrom: conf });
    const sitesDir = path.join(dir, 'sites');
    fs.mkdirSync(sitesDir);
    writeSites(sitesDir, [SITE]);
    const shared = { sitesDir, databaseUrl: database.url, mqttUrl: mosquitto.url, secretKey: randomBytes(32).toString('base64') };
    // One after the other: the first creates the manager account and the tables, and takes the site.
    a = await startInstance('a', clusterEnv(shared, A_ID));
    b = await startInstance('b', clusterEnv(shared, 'changes-b'));
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    headersA = await managerHeaders(a.baseUrl);
    headersB = await managerHeaders(b.baseUrl);
  }, 90_000);

  afterAll(async () => {
    if (timings.length) console.log(`[changes] ${timings.join('; ')}`);
    for (const close of closers) await close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await stopAll();
    await mosquitto?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a reader provisioned through B is answered by A, the owner, within 1 s, and A signs its list', async () => {
    const { other, otherHeaders, check } = await roles();
    await member(other.baseUrl, otherHeaders, '04C0FE01');
    const device = await reader(SITE, 'new-reader');
    const sentAt = performance.now();
    const secret = await provisioned(other.baseUrl, otherHeaders, { id: 'new-reader', kind: 'reader', site: SITE, door: 'entrance' });
    const key = deriveDecisionKey(secret);
    const answered = await device.until('04C0FE01', () => true, 1000);
    expect(verifyDecision(key, answered, Date.now())).toEqual({ ok: true });
    expect(await device.until('04C0FE01', (d) => d.granted, 5000)).toMatchObject({ granted: true });
    // Its list signed by A, which holds the site, once: B, which provisioned it, publishes none.
    const lists = await eventually(() => device.lists.length >= 1 && device.lists, 1000);
    for (const { list } of lists) expect(verifyAllowList(key, list, Date.now(), undefined)).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // B's own change would have gone out at once
    // A may sign twice, when it reads the member back after the reader (both went through B): first
    // without the badge, then with it. A list from B would carry the badge, as A's last one does.
    const badged = device.lists.map(({ list }) => list.groups.some((group) => group.uids.includes('04C0FE01')));
    expect(badged.at(-1)).toBe(true);
    expect(badged.slice(0, -1)).toEqual(badged.length > 1 ? [false] : []);
    await check();
    timings.push(`provisioned via B → answered at A ${ms(sentAt, answered.at)}`);
  }, 30_000);

  it('a key rotated through B signs A\'s next decisions and lists within 1 s', async () => {
    const { own, other, ownHeaders, otherHeaders, check } = await roles();
    await member(own.baseUrl, ownHeaders, '04C0FE02');
    const device = await reader(SITE, 'rotated-reader');
    const oldKey = deriveDecisionKey(await provisioned(own.baseUrl, ownHeaders, { id: 'rotated-reader', kind: 'reader', site: SITE, door: 'entrance' }));
    const before = await device.until('04C0FE02', () => true, 10_000);
    expect(verifyDecision(oldKey, before, Date.now())).toEqual({ ok: true });

    // The lists signed with the old key (provisioning, the member's edits, by the owner) are all in first.
    const listsBefore = await eventually(async () => {
      const count = device.lists.length;
      await new Promise((resolve) => setTimeout(resolve, 500));
      return device.lists.length === count && count;
    }, 10_000, 0);
    await knows(other, otherHeaders, 'rotated-reader');
    const sentAt = performance.now();
    const rotated = await json(await fetch(`${other.baseUrl}/api/devices/rotated-reader/rotate`, { method: 'POST', headers: otherHeaders }));
    const key = deriveDecisionKey(rotated.mqtt.password);
    const signed = await device.until('04C0FE02', (d) => verifyDecision(key, d, Date.now()).ok, 1000);
    expect(signed).toMatchObject({ granted: true });
    // A, the owner, re-signs the reader's list for the change it read back, with the new key.
    const lists = await eventually(() => device.lists.length >= listsBefore + 1 && device.lists.slice(listsBefore), 1000);
    for (const { list } of lists) expect(verifyAllowList(key, list, Date.now(), undefined)).toEqual({ ok: true });
    const after = await device.until('04C0FE02', () => true, 5000);
    expect(verifyDecision(oldKey, after, Date.now())).toMatchObject({ ok: false, reason: 'forged' });
    await check();
    timings.push(`key rotated via B → A signs with it ${ms(sentAt, signed.at)}`);
  }, 30_000);

  it('a reader deleted through B is refused by A within 1 s', async () => {
    const { own, other, ownHeaders, otherHeaders, check } = await roles();
    await member(own.baseUrl, ownHeaders, '04C0FE03');
    const device = await reader(SITE, 'retired-reader');
    await provisioned(own.baseUrl, ownHeaders, { id: 'retired-reader', kind: 'reader', site: SITE, door: 'entrance' });
    await device.until('04C0FE03', () => true, 10_000);

    await knows(other, otherHeaders, 'retired-reader');
    const sentAt = performance.now();
    expect((await fetch(`${other.baseUrl}/api/devices/retired-reader`, { method: 'DELETE', headers: otherHeaders })).status).toBe(204);
    // A drops a badge from a device it does not know, and says so once.
    const dropped = `unknown device ${SITE}/readers/retired-reader/badge`;
    const badging = device.badgeFor('04C0FE03', 1000);
    const refusedAt = await eventually(() => own.output().includes(dropped) && performance.now(), 1000, 5);
    await badging;
    const lastBefore = device.lastSeq;
    await device.badgeFor('04C0FE03', 1000);
    expect(device.decisions.filter((d) => d.seq > lastBefore)).toEqual([]);
    await check();
    timings.push(`deleted via B → refused at A ${ms(sentAt, refusedAt)} (upper bound: A's log read every 5 ms)`);
  }, 30_000);

  it('a desk sensor moved through B to another desk is read there by A within 1 s', async () => {
    const { own, other, ownHeaders, otherHeaders, check } = await roles();
    await provisioned(own.baseUrl, ownHeaders, { id: 'moved-sensor', kind: 'desk-sensor', site: SITE, desk: 'desk-01' });
    const sensor = await mqtt.connectAsync(mosquitto.url, { clientId: 'moved-sensor', reconnectPeriod: 0 });
    closers.push(() => sensor.endAsync(true));
    const stateAtOwner = async (desk: string) => (await json(await fetch(`${own.baseUrl}/api/sites/${SITE}/seats`))).desks.find((d: { id: string }) => d.id === desk)?.state;
    await knows(other, otherHeaders, 'moved-sensor');
    const sentAt = performance.now();
    const moved = await fetch(`${other.baseUrl}/api/devices/moved-sensor`, { method: 'PATCH', headers: otherHeaders, body: JSON.stringify({ desk: 'desk-03' }) });
    expect(moved.status).toBe(200);
    // The sensor speaks for its new desk; A counts it only once it knows of the move.
    const readAt = await eventually(async () => {
      await sensor.publishAsync(presenceTopic(SITE, 'desk-03'), JSON.stringify({ occupied: true }), { qos: 1 });
      return (await stateAtOwner('desk-03')) === 'occupied' && performance.now();
    }, 1000, 0);
    await check();
    timings.push(`desk sensor moved via B → read on its new desk at A ${ms(sentAt, readAt)} (upper bound: sent and read in a loop)`);
  }, 30_000);

  it('a Zigbee2MQTT sensor deleted through A, or through B, leaves A\'s subscriptions: what its bridge still sends for it no longer reaches A', async () => {
    const { own, other, ownHeaders, otherHeaders, check } = await roles();
    const base = 'zb-changes';
    await provisioned(own.baseUrl, ownHeaders, { id: base, kind: 'bridge', site: SITE, protocol: 'zigbee2mqtt', topic: base });
    const sensors = [['zb-desk-1', 'desk-01'], ['zb-desk-2', 'desk-02']] as const;
    for (const [id, desk] of sensors) await provisioned(own.baseUrl, ownHeaders, { id, kind: 'desk-sensor', site: SITE, protocol: 'zigbee2mqtt', desk, bridge: base, topic: id });
    const bridge = await mqtt.connectAsync(mosquitto.url, { clientId: base, reconnectPeriod: 0 });
    closers.push(() => bridge.endAsync(true));
    // A listens to the sensor's topic: what the bridge says for it turns its desk occupied there.
    await eventually(async () => {
      await bridge.publishAsync(`${base}/zb-desk-1`, JSON.stringify({ occupancy: true }), { qos: 1 });
      return (await json(await fetch(`${own.baseUrl}/api/sites/${SITE}/seats`))).desks.find((d: { id: string }) => d.id === 'desk-01')?.state === 'occupied';
    }, 5000, 50);

    await knows(other, otherHeaders, 'zb-desk-2');
    // One through A's own API, one through B: A reads that one back from the database.
    expect((await fetch(`${own.baseUrl}/api/devices/zb-desk-1`, { method: 'DELETE', headers: ownHeaders })).status).toBe(204);
    expect((await fetch(`${other.baseUrl}/api/devices/zb-desk-2`, { method: 'DELETE', headers: otherHeaders })).status).toBe(204);
    await eventually(async () => !(await listDevices(own.baseUrl, ownHeaders)).some((device) => device.id === 'zb-desk-2'), 5000);
    // The bridge goes on publishing for both; then a presence for a desk the site does not have,
    // which A drops and logs: one publisher, in order, so once that line is in, the others came first.
    for (const [id] of sensors) await bridge.publishAsync(`${base}/${id}`, JSON.stringify({ occupancy: true }), { qos: 1 });
    await bridge.publishAsync(presenceTopic(SITE, 'zb-marker'), JSON.stringify({ occupied: true }), { qos: 1 });
    await eventually(() => own.output().includes(`unknown device ${SITE}/desks/zb-marker/presence`), 5000, 5);
    for (const [id] of sensors) expect(own.output()).not.toContain(`unknown device ${base}/${id}`);
    await check();
  }, 30_000);

  it('a site created through B is seen by A within 1 s, gets an owner that answers its reader, and is released once deleted', async () => {
    const { own, other, ownHeaders, otherHeaders, check } = await roles();
    const site = 'lorient';
    const sentAt = performance.now();
    expect((await fetch(`${other.baseUrl}/api/sites`, { method: 'POST', headers: otherHeaders, body: JSON.stringify(siteDefinition(site)) })).status).toBe(201);
    const seenAt = await eventually(async () => (await fetch(`${own.baseUrl}/api/sites/${site}`)).status === 200 && performance.now(), 1000, 5);
    const taken = await eventually(async () => {
      const id = await owner(site);
      return id !== undefined && { id, at: performance.now() };
    }, 10_000, 5);

    await member(other.baseUrl, otherHeaders, '04C0FE04');
    const device = await reader(site, 'lorient-reader');
    await provisioned(other.baseUrl, otherHeaders, { id: 'lorient-reader', kind: 'reader', site, door: 'entrance' });
    expect(await device.until('04C0FE04', () => true, 10_000)).toMatchObject({ granted: true });

    // Deleted through A, whichever instance owns it: the owner hears of it and lets it go.
    const holder = byId(taken.id);
    await knows(own, ownHeaders, 'lorient-reader');
    expect((await fetch(`${own.baseUrl}/api/devices/lorient-reader`, { method: 'DELETE', headers: ownHeaders })).status).toBe(204);
    const deletedAt = performance.now();
    expect((await fetch(`${own.baseUrl}/api/sites/${site}`, { method: 'DELETE', headers: ownHeaders })).status).toBe(204);
    const goneAt = await eventually(async () => (await fetch(`${other.baseUrl}/api/sites/${site}`)).status === 404 && performance.now(), 1000, 5);
    const releasedAt = await eventually(async () => (await owner(site)) === undefined && holder.output().includes(`Released site \\"${site}\\"`) && performance.now(), 5000, 5);
    await check();
    timings.push(
      `site created via B → seen at A ${ms(sentAt, seenAt)}, owned by ${taken.id} ${ms(sentAt, taken.at)}; deleted via A → gone at B ${ms(deletedAt, goneAt)}, released by its owner ${ms(deletedAt, releasedAt)}`,
    );
  }, 40_000);

  it('B, which does not own the site, answers its seats and a wall\'s first seats with the owner\'s state', async () => {
    const { own, other, ownHeaders, check } = await roles();
    await provisioned(own.baseUrl, ownHeaders, { id: 'seats-desk-02', kind: 'desk-sensor', site: SITE, desk: 'desk-02' });
    const sensor = await mqtt.connectAsync(mosquitto.url, { clientId: 'seats-desk-02', reconnectPeriod: 0 });
    closers.push(() => sensor.endAsync(true));
    const occupied = (body: { desks: Array<{ id: string; state: string }> }) => body.desks.find((desk) => desk.id === 'desk-02')?.state === 'occupied';
    const sentAt = performance.now();
    await sensor.publishAsync(presenceTopic(SITE, 'desk-02'), JSON.stringify({ occupied: true }), { qos: 1 });
    await eventually(async () => occupied(await json(await fetch(`${own.baseUrl}/api/sites/${SITE}/seats`))), 5000, 5);
    const seenAt = await eventually(async () => occupied(await json(await fetch(`${other.baseUrl}/api/sites/${SITE}/seats`))) && performance.now(), 10_000, 5);

    const wall = io(`${other.baseUrl}/wall`, { query: { site: SITE }, transports: ['websocket'], reconnection: false, forceNew: true });
    closers.push(async () => void wall.disconnect());
    const first = await new Promise<{ desks: Array<{ id: string; state: string }> }>((resolve) => wall.once('seats', resolve));
    expect(occupied(first)).toBe(true);
    await check();
    timings.push(`presence at A → GET seats at B ${ms(sentAt, seenAt)}`);
  }, 30_000);
});
