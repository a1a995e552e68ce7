// "Présents" counts people out as well as in, end to end over MQTT (docs/occupancy.md, "Exits"):
// a reader the site file lists as an exit reader lets its holder out, and an exit-only door's
// contact takes one person out per opening without a badge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { OccupancyService } from '../../apps/api/src/occupancy/occupancy.service.js';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, nextMessage, provisioned } from '../support/devices.js';
import { getSeats } from './helpers.js';
import { eventually } from '../support/eventually.js';

/** Quimper with an exit reader at the entrance and a push-bar fire exit out of the hall. */
function sitesWithExits(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-exits-'));
  const site = JSON.parse(fs.readFileSync('config/sites/quimper.json', 'utf8')) as { doors: Array<Record<string, unknown>> };
  site.doors = site.doors.map((door) => (door.id === 'entrance' ? { ...door, exitReaders: ['reader-out'] } : door));
  site.doors.push({ id: 'fire-exit', name: 'Issue de secours', zone: 'hall', exitOnly: true });
  fs.writeFileSync(path.join(dir, 'quimper.json'), JSON.stringify(site));
  return dir;
}

// Each test starts its own service: who is in the hall and what the audit log holds are its own.
describe.shuffle('exits take people out of "Présents"', () => {
  const sitesDir = sitesWithExits();
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let entry: MqttClient;
  let exit: MqttClient;
  let fireExit: MqttClient;
  let seq = 0;
  const hall = async () => (await getSeats(cantine)).zones.find((zone) => zone.id === 'hall')?.headcount;

  async function badge(client: MqttClient, reader: string, uid: string): Promise<Record<string, unknown>> {
    const topic = `cantine/quimper/readers/${reader}/decision`;
    const answer = nextMessage(client, topic);
    await client.publishAsync(`cantine/quimper/readers/${reader}/badge`, JSON.stringify({ uid, seq: ++seq }), { qos: 1 });
    return JSON.parse(await answer) as Record<string, unknown>;
  }

  beforeEach(async () => {
    seq = 0;
    cantine = await startTestCantine({ SITES_DIR: sitesDir });
    manager = await api(cantine);
    const device = async (id: string, kind: string, door: string) =>
      connectDevice(cantine.mqttPort, id, await provisioned(cantine.baseUrl, manager.headers, { id, kind, door } as never));
    entry = await device('reader-in', 'reader', 'entrance');
    exit = await device('reader-out', 'reader', 'entrance');
    fireExit = await device('fire-exit-contact', 'door-sensor', 'fire-exit');
    for (const [client, reader] of [[entry, 'reader-in'], [exit, 'reader-out']] as const) {
      await client.subscribeAsync(`cantine/quimper/readers/${reader}/decision`, { qos: 1 });
    }
    // Staff open at any time: the test does not depend on today's opening hours.
    await manager.member('Anne Le Goff', '04A224B2C31F80', [{ type: 'staff' }]);
    await manager.member('Yann Kerhervé', '04A224B2C31F81', [{ type: 'staff' }]);
  });
  afterEach(async () => {
    await Promise.all([entry, exit, fireExit].map((client) => client?.endAsync()));
    await cantine?.dispose();
  });
  afterAll(() => fs.rmSync(sitesDir, { recursive: true, force: true }));

  const auditLog = async () => {
    await cantine.app.get(AuditLog).flush();
    return (await manager.get('/api/access-events?site=quimper&kind=all')).body as Array<{ reason: string; door: string | null; uid?: string }>;
  };

  it('a badge at the exit reader opens, says goodbye and takes that member out, not the other', async () => {
    expect(await badge(entry, 'reader-in', '04A224B2C31F80')).toMatchObject({ granted: true, reason: 'staff' });
    expect(await badge(entry, 'reader-in', '04A224B2C31F81')).toMatchObject({ granted: true, reason: 'staff' });
    await eventually(async () => expect(await hall()).toBe(2));

    const decision = await badge(exit, 'reader-out', '04A224B2C31F80');
    expect(decision).toMatchObject({ granted: true, reason: 'exit', unlockMs: 5000, message: 'Au revoir Anne' });
    await eventually(async () => expect(await hall()).toBe(1));
    // Anne leaving again (a second badge on the way out) takes out nobody else.
    await badge(exit, 'reader-out', '04A224B2C31F80');
    expect(await hall()).toBe(1);
    expect([...cantine.app.get(OccupancyService).state('quimper').present.keys()]).toHaveLength(1);
    expect((await auditLog()).filter((event) => event.reason === 'exit').map((event) => event.uid)).toEqual(['04A224B2C31F80', '04A224B2C31F80']);
  });

  it('an exit reader opens for an unknown badge too (nobody is locked in), an exit naming no one', async () => {
    await badge(entry, 'reader-in', '04A224B2C31F80');
    await eventually(async () => expect(await hall()).toBe(1));
    expect(await badge(exit, 'reader-out', 'CAFEBABE')).toMatchObject({ granted: true, reason: 'exit', message: 'Au revoir' });
    await eventually(async () => expect(await hall()).toBe(0));
    expect((await auditLog()).filter((event) => event.reason === 'exit').map((event) => event.uid)).toEqual(['CAFEBABE']);
  });

  it('the fire exit opening without a badge takes one person out, with no forced-open alarm', async () => {
    await badge(entry, 'reader-in', '04A224B2C31F80');
    await badge(entry, 'reader-in', '04A224B2C31F81');
    await eventually(async () => expect(await hall()).toBe(2));
    await fireExit.publishAsync('cantine/quimper/doors/fire-exit/state', JSON.stringify({ open: true }), { qos: 1 });
    await eventually(async () => expect(await hall()).toBe(1));
    await fireExit.publishAsync('cantine/quimper/doors/fire-exit/state', JSON.stringify({ open: false }), { qos: 1 });

    const events = await auditLog();
    expect(events.filter((event) => event.door === 'fire-exit')).toEqual([]);
    expect(events.filter((event) => event.reason === 'exit')).toEqual([]);
  });
});
