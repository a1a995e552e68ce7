// Offline mode (docs/reader-firmware.md): each native reader gets a signed allow-list, retained on
// its own topic, republished at once when a badge is revoked; with the service gone the simulated
// reader decides from it, queues the badge-ins, uploads them on reconnect, and they land in the
// audit log exactly once.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { BadgeAnswerer } from '../../apps/api/src/access/badge-answerer.js';
import { AllowListPublisher } from '../../apps/api/src/allow-lists/allow-list-publisher.js';
import { allowListGrants, deriveDecisionKey, verifyAllowList } from '#protocol';
import { NativeReader, nativeHealth, type DeviceSetup } from '../../firmware-sim/src/readers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, nextMessage, provisioned } from '../support/devices.js';
import { api } from '../access/helpers.js';
import { eventually } from '../support/eventually.js';

const STAFF = '04A224B2C31F80';
const OTHER_STAFF = '0A0B0C0D';
const UNKNOWN = 'CAFEBABE';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Each test starts its own service and reader, and waits for the reader's first list.
describe.shuffle('offline allow-lists for native readers', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let reader: NativeReader;
  let password: string;
  const listedUids = () => reader.offline.list?.groups.flatMap((group) => group.uids) ?? [];
  const auditOf = async (uid: string) => {
    await cantine.app.get(AuditLog).flush();
    const entries = (await manager.get(`/api/access-events?reader=entrance-reader&limit=1000`)).body as Array<Record<string, unknown>>;
    return entries.filter((e) => e.uid === uid);
  };

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-offline-'));
    env = { DATA_DIR: dataDir, MQTT_PORT: String(await freePort()) };
    cantine = await startTestCantine(env);
    manager = await api(cantine);
    await manager.member('Anne Le Goff', STAFF, [{ type: 'staff' }]);
    await manager.member('Yann Staff', OTHER_STAFF, [{ type: 'staff' }]);
    password = await provisioned(cantine.baseUrl, manager.headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    const setup: DeviceSetup = { mqttUrl: `mqtt://127.0.0.1:${cantine.mqttPort}`, target: { site: 'quimper', root: 'cantine' }, record: { id: 'entrance-reader', kind: 'reader', protocol: 'native', door: 'entrance', password }, persist: () => undefined };
    reader = await new NativeReader(setup).start(nativeHealth(setup, -50));
    await eventually(() => listedUids().includes(STAFF));
  });
  afterEach(async () => {
    await reader?.close();
    await cantine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes a signed list, retained, to a reader provisioned after its members', async () => {
    await eventually(() => listedUids().includes(STAFF));
    const list = reader.offline.list!;
    expect(verifyAllowList(deriveDecisionKey(password), list, Date.now(), undefined)).toEqual({ ok: true });
    expect(list.until - list.from).toBe(24 * 3600_000);
    expect(allowListGrants(list, STAFF, Date.now())).toBe(true);
    expect(allowListGrants(list, UNKNOWN, Date.now())).toBe(false);
    // Retained: a client connecting now gets it without the service saying anything.
    await reader.close();
    const late = await connectDevice(cantine.mqttPort, 'entrance-reader', password);
    const retained = nextMessage(late, 'cantine/quimper/readers/entrance-reader/allow-list');
    await late.subscribeAsync('cantine/quimper/readers/entrance-reader/allow-list', { qos: 1 });
    expect(JSON.parse(await retained)).toEqual(list);
    await late.endAsync();
    const setup: DeviceSetup = { mqttUrl: `mqtt://127.0.0.1:${cantine.mqttPort}`, target: { site: 'quimper', root: 'cantine' }, record: { id: 'entrance-reader', kind: 'reader', protocol: 'native', door: 'entrance', password }, persist: () => undefined };
    reader = await new NativeReader(setup).start(nativeHealth(setup, -50));
    await eventually(() => reader.offline.version === list.version);
  });

  it('republishes when a member changes, and drops a revoked badge at once', async () => {
    const before = reader.offline.version!;
    await manager.member('Gwen Temp', '1A1B1C1D', [{ type: 'staff' }]);
    await eventually(() => listedUids().includes('1A1B1C1D'));
    expect(reader.offline.version).toBeGreaterThan(before);
    expect((await manager.post('/api/badges/1A1B1C1D/revoke')).status).toBe(200);
    // At once: the periodic republish is an hour away (ALLOW_LIST_REFRESH_MS), so only the revoke can send it.
    await eventually(() => !listedUids().includes('1A1B1C1D'));
    expect(listedUids()).toContain(STAFF);
  });

  it('gives a reader provisioned later its own list, and leaves the others\' as they are', async () => {
    const publisher = cantine.app.get(AllowListPublisher);
    const before = { version: reader.offline.version, published: publisher.published };
    const exitPassword = await provisioned(cantine.baseUrl, manager.headers, { id: 'exit-reader', kind: 'reader', door: 'entrance' });
    const exit = await connectDevice(cantine.mqttPort, 'exit-reader', exitPassword);
    const retained = nextMessage(exit, 'cantine/quimper/readers/exit-reader/allow-list');
    await exit.subscribeAsync('cantine/quimper/readers/exit-reader/allow-list', { qos: 1 });
    const list = JSON.parse(await retained);
    expect(verifyAllowList(deriveDecisionKey(exitPassword), list, Date.now(), undefined)).toEqual({ ok: true });
    expect(allowListGrants(list, STAFF, Date.now())).toBe(true);
    await exit.endAsync();
    expect(publisher.published - before.published).toBe(1);
    expect(reader.offline.version).toBe(before.version);
  });

  it('republishes the lists when the lockdown of a site flips, on and off, without any other change', async () => {
    await eventually(() => reader.offline.version !== undefined);
    const before = reader.offline.version!;
    // Nothing else moves the list here: the hourly refresh is an hour away (ALLOW_LIST_REFRESH_MS).
    expect((await manager.post('/api/sites/quimper/lockdown', { enabled: true })).status).toBe(200);
    await eventually(() => reader.offline.version! > before);
    expect(listedUids()).toContain(STAFF);
    const locked = reader.offline.version!;
    expect((await manager.post('/api/sites/quimper/lockdown', { enabled: false })).status).toBe(200);
    await eventually(() => reader.offline.version! > locked);
  });

  it('after 2 s of silence decides from the list; the badge-in the service did get is logged once', async () => {
    const answerer = cantine.app.get(BadgeAnswerer);
    const original = answerer.answer;
    answerer.answer = () => undefined;
    const result = await reader.badge(STAFF).finally(() => (answerer.answer = original));
    expect(result.outcome).toEqual({ result: 'offline', granted: true });
    // The next answered badge-in brings the queued one up; the service had decided it already.
    expect((await reader.badge(UNKNOWN)).outcome).toMatchObject({ result: 'denied' });
    expect(reader.offline.counts.uploaded).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await auditOf(STAFF)).toEqual([expect.objectContaining({ granted: true, reason: 'staff' })]);
  });

  it('with the service stopped, decides from its list, queues, uploads on reconnect: in the audit log exactly once', async () => {
    await cantine.close();
    await eventually(() => !reader.connected);
    const granted = await reader.badge(OTHER_STAFF);
    const denied = await reader.badge(UNKNOWN);
    expect(granted.outcome).toEqual({ result: 'offline', granted: true });
    expect(denied.outcome).toEqual({ result: 'offline', granted: false });
    expect(reader.offline.queued).toHaveLength(2);

    cantine = await startTestCantine(env);
    manager = await api(cantine);
    await eventually(() => reader.connected && reader.offline.queued.length === 0, 20_000);
    const logged = await eventually(async () => {
      const entries = await auditOf(OTHER_STAFF);
      return entries.length > 0 && entries;
    });
    expect(logged).toEqual([expect.objectContaining({ granted: true, reason: 'offline', member: expect.objectContaining({ name: 'Yann Staff' }), deviceTime: expect.any(String) })]);
    expect((await auditOf(UNKNOWN)).filter((e) => e.reason === 'offline')).toEqual([expect.objectContaining({ granted: false })]);

    // A redelivery of the same upload changes nothing.
    const upload = { uid: OTHER_STAFF, seq: granted.seq, ts: logged[0]!.deviceTime, offline: true, granted: true };
    await reader.raw!.publish({ topic: 'cantine/quimper/readers/entrance-reader/badge', payload: JSON.stringify(upload), qos: 1, retain: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await auditOf(OTHER_STAFF)).toHaveLength(1);
    expect(reader.guard.refused).toEqual({ stale: 0, forged: 0, replayed: 0 });
  });
});
