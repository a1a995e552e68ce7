// Issue 11 item 3 on a real Mosquitto (MQTT_URL): a Tasmota with `SensorRetain 1` leaves its last
// read retained on tele/{topic}/SENSOR. Read live it opens once; replayed to the service at its
// next start it must open nothing. Clearing it (an empty retained message) is no error.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { mosquittoFiles, writeMosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, nextMessage, provisioned } from '../support/devices.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { eventually } from '../support/eventually.js';

const STAFF = '94D8FC5F';
const SENSOR = 'tele/door-r/SENSOR';
const POWER = 'cmnd/door-r/POWER';

describe.skipIf(!mosquittoAvailable())('retained badges on an external broker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-retained-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-retained-data-'));
  const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
  let mosquitto: RunningMosquitto;
  let cantine: TestCantine | undefined;
  let tasmota: MqttClient;
  let secret: string;
  const env = () => ({ DATA_DIR: dataDir, MQTT_URL: mosquitto.url, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password });
  const powers: string[] = [];
  const audited = async () => {
    await cantine!.app.get(AuditLog).flush();
    const manager = await api(cantine!);
    return ((await manager.get('/api/access-events?reader=tasmota-r&limit=100')).body as unknown[]).length;
  };

  beforeAll(async () => {
    const empty = await mosquittoFiles([], service, 'cantine');
    fs.writeFileSync(path.join(dir, 'passwd'), empty.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'acl'), empty.acl);
    mosquitto = await startMosquitto(dir);
    cantine = await startTestCantine(env());
    const manager = await api(cantine);
    await manager.member('Anne Le Goff', STAFF, [{ type: 'staff' }]);
    secret = await provisioned(cantine.baseUrl, manager.headers, { id: 'tasmota-r', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'door-r' });
    await writeMosquittoFiles(cantine.app.get(DataSource), dir, service, 'cantine');
    await mosquitto.reload();
    tasmota = await connectDevice(mosquitto.port, 'tasmota-r', secret);
    await tasmota.subscribeAsync('cmnd/door-r/#', { qos: 1 });
    tasmota.on('message', (topic, payload) => topic === POWER && powers.push(payload.toString()));
  });
  afterAll(async () => {
    await tasmota?.endAsync(true).catch(() => undefined);
    await cantine?.close();
    await mosquitto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('decides a read published retained once, live, and never again when the service restarts', async () => {
    const opened = nextMessage(tasmota, POWER);
    await tasmota.publishAsync(SENSOR, `{"Time":"2026-03-02T10:00:00","PN532":{"UID":"${STAFF}","DATA":""}}`, { qos: 1, retain: true });
    expect(await opened).toBe('ON');
    expect(await audited()).toBe(1);

    await cantine!.close();
    cantine = undefined;
    const before = powers.length;
    cantine = await startTestCantine(env());
    // The broker replays the retained read as soon as the service subscribes; give it a round trip more.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(powers.length).toBe(before);
    expect(await audited()).toBe(1);
  });

  it('takes an empty retained message (the read being cleared) as no error', async () => {
    const manager = await api(cantine!);
    await tasmota.publishAsync(SENSOR, '', { qos: 1, retain: true });
    await tasmota.publishAsync('tele/door-r/LWT', 'Online', { qos: 1 });
    const device = await eventually(async () => (await listDevices(cantine!.baseUrl, manager.headers)).find((d) => d.id === 'tasmota-r' && d.online) ?? false);
    expect(device.errors).toMatchObject({ malformed: 0 });
  });
});
