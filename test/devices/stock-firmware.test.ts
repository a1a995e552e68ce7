// Issue 11 items 3 to 6 end to end on the embedded broker: how the service reads and answers stock
// firmware as shipped (unlock time and relay for Tasmota and esp-rfid, readers' UID forms and
// keypads, sensors as sold). Badges are decided for real: members come through the HTTP API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceTopic } from '#protocol';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { DeviceMonitor } from '../../apps/api/src/devices/device-monitor.js';
import { OccupancyService } from '../../apps/api/src/occupancy/occupancy.service.js';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, provisioned, recordEvents, type DeviceBody } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

const STAFF = '94D8FC5F';

/** The demo site, with desk-10's sensor said to be a radar in the site file and a 2-minute PIR hold. */
function sitesDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sites-'));
  const site = JSON.parse(fs.readFileSync('config/sites/quimper.json', 'utf8')) as { desks: Array<Record<string, unknown>>; occupancy?: unknown };
  site.desks.find((desk) => desk.id === 'desk-10')!.sensor = 'radar';
  site.occupancy = { sensors: { pir: { releaseAfterMs: 120_000 } } };
  fs.writeFileSync(path.join(dir, 'quimper.json'), JSON.stringify(site));
  return dir;
}

/** Every message a device receives, in order, as `topic payload`. */
function inbox(client: MqttClient): string[] {
  const seen: string[] = [];
  client.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
  return seen;
}

describe('stock firmware as shipped, on the embedded broker', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let events: ReturnType<typeof recordEvents>;
  const clients = new Map<string, MqttClient>();
  /** Provisions a device and connects it, or returns the client of `via` (a Zigbee2MQTT sensor's bridge). */
  const device = async (body: DeviceBody, via?: string): Promise<MqttClient> => {
    const secret = await provisioned(cantine.baseUrl, manager.headers, body);
    if (via) return clients.get(via)!;
    clients.set(body.id, await connectDevice(cantine.mqttPort, body.id, secret));
    return clients.get(body.id)!;
  };
  const audit = async (reader: string) => {
    await cantine.app.get(AuditLog).flush();
    return (await manager.get(`/api/access-events?reader=${reader}&limit=100`)).body as Array<Record<string, unknown>>;
  };

  const sites = sitesDir();

  beforeAll(async () => {
    cantine = await startTestCantine({ SITES_DIR: sites });
    manager = await api(cantine);
    events = recordEvents(cantine);
    await manager.member('Anne Le Goff', STAFF, [{ type: 'staff' }]);
  });
  afterAll(async () => {
    await Promise.all([...clients.values()].map((c) => c.endAsync(true).catch(() => undefined)));
    await cantine.dispose();
    fs.rmSync(sites, { recursive: true, force: true });
  });

  describe('item 4: the unlock time and the relay reach the firmware', () => {
    it('Tasmota: PulseTime1 set to the door unlock time (5 s = 50), then POWER ON', async () => {
      const tasmota = await device({ id: 'tasmota-1', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'door-1' });
      await tasmota.subscribeAsync('cmnd/door-1/#', { qos: 1 });
      const seen = inbox(tasmota);
      await tasmota.publishAsync('tele/door-1/SENSOR', `{"Time":"2026-03-02T10:00:00","PN532":{"UID":"${STAFF}","DATA":""}}`, { qos: 1 });
      await eventually(() => seen.length >= 2);
      expect(seen).toEqual(['cmnd/door-1/PulseTime1 50', 'cmnd/door-1/POWER ON']);
    });

    it('Tasmota on relay 2 of a four-relay board: PulseTime2 then POWER2, nothing for relay 1', async () => {
      const tasmota = await device({ id: 'tasmota-4ch', kind: 'reader', door: 'open-space', protocol: 'tasmota', topic: 'sonoff-4ch', relay: 2 });
      await tasmota.subscribeAsync('cmnd/sonoff-4ch/#', { qos: 1 });
      const seen = inbox(tasmota);
      await tasmota.publishAsync('tele/sonoff-4ch/SENSOR', `{"Time":"2026-03-02T10:00:00","RC522":{"UID":"${STAFF}","Data":""}}`, { qos: 1 });
      await eventually(() => seen.length >= 2);
      expect(seen).toEqual(['cmnd/sonoff-4ch/PulseTime2 50', 'cmnd/sonoff-4ch/POWER2 ON']);
    });

    it('esp-rfid on relay 2: the dev branch `open` command for that relay only', async () => {
      const esp = await device({ id: 'esp-relay-2', kind: 'reader', door: 'event-room', protocol: 'esp-rfid', topic: 'esp-2r', relay: 2 });
      await esp.subscribeAsync('esp-2r/cmd', { qos: 1 });
      const seen = inbox(esp);
      await esp.publishAsync('esp-2r/send', '{"type":"boot","time":1605987212,"uptime":"0","ip":"10.0.0.9","hostname":"esp-2r"}', { qos: 1 });
      await eventually(() => cantine.app.get(DeviceMonitor).stateOf('esp-relay-2').ip === '10.0.0.9');
      await esp.publishAsync('esp-2r/send', `{"uid":"${STAFF.toLowerCase()}","username":"Unknown","access":"Denied","time":1605991375,"doorName":["Salle","Bureau"],"type":"access","isKnown":"false","hostname":"esp-2r"}`, { qos: 0 });
      await eventually(() => seen.length >= 1);
      expect(seen.map((line) => line.replace('esp-2r/cmd ', ''))).toEqual(['{"cmd":"open","door":"1","doorip":"10.0.0.9"}']);
    });

    it('refuses a relay where no firmware switches one, naming the field', async () => {
      const refused = await manager.post('/api/devices', { id: 'native-relay', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', relay: 2 });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errors: [expect.objectContaining({ field: 'relay' })] });
      const tooMany = await manager.post('/api/devices', { id: 'esp-relay-5', kind: 'reader', site: 'quimper', protocol: 'esp-rfid', door: 'entrance', topic: 'esp-5r', relay: 5 });
      expect(tooMany.status).toBe(400);
    });
  });

  describe('item 5: UIDs as real readers send them', () => {
    const access = (uid: string) => `{"uid":"${uid}","username":"Unknown","access":"Denied","time":1605991375,"doorName":"Entree","type":"access","isKnown":"false","hostname":"esp-pn532"}`;
    let esp: MqttClient;
    beforeAll(async () => {
      await manager.member('Nolwenn NXP', '04A224B2C31F80', [{ type: 'staff' }]);
      await manager.member('Youenn Wiegand', '00763AE8', [{ type: 'staff' }]);
      await manager.member('Gaid Un', '04A224B2', [{ type: 'staff' }]);
      await manager.member('Gaid Deux', '4A2204B2', [{ type: 'staff' }]);
      await manager.member('Per Bihan', '94D80C5F', [{ type: 'staff' }]);
      esp = await device({ id: 'esp-pn532', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'esp-pn532' });
    });
    const read = async (uid: string) => {
      const before = (await audit('esp-pn532')).length;
      await esp.publishAsync('esp-pn532/send', access(uid), { qos: 1 });
      return eventually(async () => {
        const entries = await audit('esp-pn532');
        return entries.length > before && entries[0]!;
      });
    };

    it('esp-rfid with a PN532: a 7-byte NXP card printed without its zeros is its enrolled badge', async () => {
      expect(await read('4a224b2c31f80')).toMatchObject({ uid: '04A224B2C31F80', granted: true, reason: 'staff' });
    });

    it('esp-rfid with a PN532: a 4-byte card whose third byte lost its zero is matched, not guessed', async () => {
      // Read as a number (094D8C5F) or with the first byte restored (094D8C5F) it would be unknown.
      expect(await read('94d8c5f')).toMatchObject({ uid: '94D80C5F', granted: true });
    });

    it('esp-rfid Wiegand in hexadecimal mode: the unpadded hex number is its enrolled badge', async () => {
      expect(await read('763ae8')).toMatchObject({ uid: '00763AE8', granted: true });
    });

    it('two enrolled badges printing alike are refused, and never block the reader', async () => {
      for (let i = 0; i < 8; i++) expect(await read('4a224b2')).toMatchObject({ granted: false, reason: 'unknown-badge', detail: expect.stringContaining('plusieurs badges') });
      expect(await read('4a224b2c31f80')).toMatchObject({ granted: true });
    });

    it('enrolment at an esp-rfid PN532 reader refuses a print that lost zeros, and takes a full one', async () => {
      const path = '/api/readers/quimper/esp-pn532/enrolment';
      const memberId = await manager.member('Loig Nevez', null, [{ type: 'staff' }]);
      expect((await manager.post(path, { memberId })).status).toBe(201);
      await esp.publishAsync('esp-pn532/send', access('94d8c5e'), { qos: 1 });
      await eventually(async () => ((await manager.get(path)).body as { last?: { error?: string } }).last?.error === 'uid-unreadable');
      expect((await manager.get(`/api/members/${memberId}`)).body).toMatchObject({ badges: [] });
      expect((await manager.post(path, { memberId })).status).toBe(201);
      await esp.publishAsync('esp-pn532/send', access('c0ffee12'), { qos: 1 });
      await eventually(async () => ((await manager.get(`/api/members/${memberId}`)).body as { badges: unknown[] }).badges.length === 1);
      expect((await manager.get(`/api/members/${memberId}`)).body).toMatchObject({ badges: [expect.objectContaining({ uid: 'C0FFEE12' })] });
    });

    it('Tasmota Wiegand keypad presses and PINs are no badges: not audited, never block the reader', async () => {
      const tasmota = clients.get('tasmota-1')!;
      const before = (await audit('tasmota-1')).length;
      for (let key = 0; key < 10; key++) await tasmota.publishAsync('tele/door-1/SENSOR', `{"Time":"2026-03-02T10:00:0${key}","Wiegand":{"UID":${key},"Size":8}}`, { qos: 1 });
      await tasmota.publishAsync('tele/door-1/SENSOR', '{"Time":"2026-03-02T10:00:10","Wiegand":{"UID":1234,"Size":4}}', { qos: 1 });
      await tasmota.publishAsync('tele/door-1/SENSOR', `{"Time":"2026-03-02T10:00:11","PN532":{"UID":"${STAFF}","DATA":""}}`, { qos: 1 });
      const entries = await eventually(async () => ((await audit('tasmota-1')).length > before ? audit('tasmota-1') : false));
      expect(entries.slice(0, entries.length - before)).toEqual([expect.objectContaining({ uid: STAFF, granted: true })]);
      const monitor = cantine.app.get(DeviceMonitor);
      expect(monitor.view(monitor['registry'].get('tasmota-1')!).errors.malformed).toBe(0);
    });
  });

  describe('item 6: sensors as sold', () => {
    let bridge: MqttClient;
    const seat = (desk: string) => cantine.app.get(OccupancyService).seats('quimper').desks.find((d) => d.id === desk)!.state;
    const z2m = (name: string, payload: string) => bridge.publishAsync(`zigbee2mqtt/${name}`, payload, { qos: 1 });
    beforeAll(async () => {
      bridge = await device({ id: 'z2m-bridge', kind: 'bridge', protocol: 'zigbee2mqtt' });
      const sensors: Array<[string, string, string | undefined]> = [
        ['desk-03', 'radar-03', 'radar'],
        ['desk-04', 'pir-04', undefined],
        ['desk-05', 'tuya-05', 'radar'],
        ['desk-06', 'attr-06', undefined],
        ['desk-09', 'seat-09', 'contact'],
      ];
      for (const [desk, name, sensor] of sensors) {
        await device({ id: `${desk}-z`, kind: 'desk-sensor', desk, protocol: 'zigbee2mqtt', topic: name, bridge: 'z2m-bridge', ...(sensor ? { sensor } : {}) }, 'z2m-bridge');
      }
    });

    it('a radar (kind set at provisioning) frees its desk as soon as it says presence: false', async () => {
      await z2m('radar-03', '{"presence":true,"linkquality":120}');
      await eventually(() => seat('desk-03') === 'occupied');
      await z2m('radar-03', '{"presence":false,"linkquality":120}');
      await eventually(() => seat('desk-03') === 'free');
    });

    it('a PIR keeps its desk for its hold after occupancy: false', async () => {
      await z2m('pir-04', '{"occupancy":true,"battery":90}');
      await eventually(() => seat('desk-04') === 'occupied');
      await z2m('pir-04', '{"occupancy":false,"battery":90}');
      await eventually(() => events.some((e) => e.type === 'presence' && e.desk === 'desk-04' && !e.occupied));
      expect(seat('desk-04')).toBe('occupied');
      // The site file's PIR hold reached the reducer.
      expect(cantine.app.get(OccupancyService).state('quimper').config.sensors.pir).toEqual({ releaseAfterMs: 120_000 });
    });

    it('a Tuya radar that only sends presence_state drives its desk', async () => {
      await z2m('tuya-05', '{"presence_state":"stationary","target_distance_closest":0.8}');
      await eventually(() => seat('desk-05') === 'occupied');
      await z2m('tuya-05', '{"presence_state":"none","target_distance_closest":0}');
      await eventually(() => seat('desk-05') === 'free');
    });

    it('output: attribute, a bare true on {base}/{name}/occupancy occupies the desk', async () => {
      await bridge.publishAsync('zigbee2mqtt/attr-06/occupancy', 'true', { qos: 1 });
      await eventually(() => seat('desk-06') === 'occupied');
    });

    it('a contact sensor on a seat: closed is someone there, open frees the desk at once', async () => {
      await z2m('seat-09', '{"contact":true,"battery":80}');
      await eventually(() => seat('desk-09') === 'occupied');
      await z2m('seat-09', '{"contact":false,"battery":80}');
      await eventually(() => seat('desk-09') === 'free');
    });

    it('a desk whose site file says radar frees at once, whatever sensor speaks the native protocol', async () => {
      const sensor = await device({ id: 'desk-10-native', kind: 'desk-sensor', desk: 'desk-10' });
      await sensor.publishAsync(presenceTopic('quimper', 'desk-10'), '{"occupied":true}', { qos: 1 });
      await eventually(() => seat('desk-10') === 'occupied');
      await sensor.publishAsync(presenceTopic('quimper', 'desk-10'), '{"occupied":false}', { qos: 1 });
      await eventually(() => seat('desk-10') === 'free');
    });

    it('several esp-rfid readers on one topic: each message goes to the reader its hostname or door name names', async () => {
      const hall = await device({ id: 'esp-hall', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'esp-shared', hostname: 'esp-hall' });
      const room = await device({ id: 'esp-room', kind: 'reader', door: 'event-room', protocol: 'esp-rfid', topic: 'esp-shared', hostname: 'esp-salle', doorName: 'Salle' });
      const clash = await manager.post('/api/devices', { id: 'esp-third', kind: 'reader', site: 'quimper', protocol: 'esp-rfid', door: 'entrance', topic: 'esp-shared' });
      expect(clash.status).toBe(409);
      await hall.subscribeAsync('esp-shared/cmd', { qos: 1 });
      const commands = inbox(hall);
      await hall.publishAsync('esp-shared/send', '{"type":"boot","time":1605987212,"uptime":"0","ip":"10.0.0.21","hostname":"esp-hall"}', { qos: 1 });
      await room.publishAsync('esp-shared/send', '{"type":"boot","time":1605987212,"uptime":"0","ip":"10.0.0.22","hostname":"esp-salle"}', { qos: 1 });
      const monitor = cantine.app.get(DeviceMonitor);
      await eventually(() => monitor.stateOf('esp-hall').ip === '10.0.0.21' && monitor.stateOf('esp-room').ip === '10.0.0.22');
      // Home Assistant mode's tag names only the door.
      await room.publishAsync('esp-shared/tag', `{"uid":"${STAFF.toLowerCase()}","username":"Unknown","access":"Denied","time":1605991375,"doorName":"Salle"}`, { qos: 1 });
      await eventually(() => commands.length >= 1);
      expect(commands).toEqual(['esp-shared/cmd {"cmd":"opendoor","doorip":"10.0.0.22"}']);
      expect(await audit('esp-room')).toEqual([expect.objectContaining({ door: 'event-room', granted: true })]);
      expect(await audit('esp-hall')).toEqual([]);
    });

    it('refuses a sensor kind on anything but a desk sensor, or a kind it does not know', async () => {
      const reader = await manager.post('/api/devices', { id: 'reader-kind', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', sensor: 'radar' });
      expect(reader.status).toBe(400);
      expect(reader.body).toMatchObject({ errors: [expect.objectContaining({ field: 'sensor' })] });
      const unknown = await manager.post('/api/devices', { id: 'desk-11-s', kind: 'desk-sensor', site: 'quimper', protocol: 'native', desk: 'desk-11', sensor: 'lidar' });
      expect(unknown.status).toBe(400);
    });
  });

  describe('item 3 on the embedded broker', () => {
    it('an empty payload on a native topic (a retained message cleared) is no error', async () => {
      const sensor = await device({ id: 'desk-02-sensor', kind: 'desk-sensor', desk: 'desk-02' });
      await sensor.publishAsync(presenceTopic('quimper', 'desk-02'), '', { qos: 1, retain: true });
      await sensor.publishAsync(presenceTopic('quimper', 'desk-02'), '{"occupied":true}', { qos: 1 });
      await eventually(() => events.some((e) => e.type === 'presence' && e.desk === 'desk-02'));
      const monitor = cantine.app.get(DeviceMonitor);
      expect(monitor.view(monitor['registry'].get('desk-02-sensor')!).errors.malformed).toBe(0);
    });

    it('a badge published with the retain flag is decided once, live', async () => {
      const before = (await audit('tasmota-1')).length;
      await clients.get('tasmota-1')!.publishAsync('tele/door-1/SENSOR', `{"PN532":{"UID":"${STAFF}","DATA":""}}`, { qos: 1, retain: true });
      await eventually(async () => (await audit('tasmota-1')).length === before + 1);
    });
  });
});
