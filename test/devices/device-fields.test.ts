// Device fields at the edge (issue 11, item 9): bad ids and topics are a 400 naming the field that
// stores nothing, a failure after the row is written leaves nothing behind, and a bad row already
// stored is skipped at start, never fatal.
import fs from 'node:fs';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeviceIngestion } from '../../apps/api/src/devices/device-ingestion.js';
import { DeviceRegistry } from '../../apps/api/src/devices/device-registry.js';
import { DevicesRepository } from '../../apps/api/src/devices/devices.repository.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, provision } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

describe('device fields at the edge', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  const stored = async () => (await new DevicesRepository(cantine.app.get(DataSource)).list()).map((d) => d.device.id);

  beforeAll(async () => {
    cantine = await startTestCantine({ MQTT_USERNAME: 'passerelle' });
    headers = await managerHeaders(cantine.baseUrl);
  });
  afterAll(() => cantine.dispose());

  it.each([
    ['a newline pasted after a Tasmota topic', { id: 'tas-nl', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'porte\n' }, 'topic', /contrôle/],
    ['an ACL line smuggled in an esp-rfid topic', { id: 'esp-inj', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'p\nuser x\ntopic readwrite #' }, 'topic', /contrôle/],
    ['a space in a Tasmota topic', { id: 'tas-sp', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'porte entree' }, 'topic', /espace/],
    ['a $ inside a topic', { id: 'esp-dollar', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'a/$b' }, 'topic', /\$/],
    ['a + wildcard', { id: 'esp-plus', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'a/+' }, 'topic', /jokers/],
    ['a control character in the id', { id: 'reader\t1', kind: 'reader', door: 'entrance' }, 'id', /contrôle/],
    ['the name cantine', { id: 'cantine', kind: 'reader', door: 'entrance' }, 'id', /réservé/],
    ['a cantine-service… name', { id: 'cantine-service-bis', kind: 'reader', door: 'entrance' }, 'id', /réservé/],
    ['the configured MQTT_USERNAME', { id: 'passerelle', kind: 'reader', door: 'entrance' }, 'id', /réservé/],
  ])('answers 400 naming the field, in French, for %s, and stores nothing', async (_case, body, field, message) => {
    const { status, body: error } = await provision(cantine.baseUrl, headers, body);
    expect(status).toBe(400);
    expect(error.errors).toContainEqual({ field, message: expect.stringMatching(message) });
    expect(await stored()).not.toContain(body.id);
  });

  it('keeps spaces inside a Zigbee2MQTT friendly name', async () => {
    expect((await provision(cantine.baseUrl, headers, { id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt' })).status).toBe(201);
    const sensor = await provision(cantine.baseUrl, headers, { id: 'desk-03-z', kind: 'desk-sensor', desk: 'desk-03', protocol: 'zigbee2mqtt', topic: 'bureau 3', bridge: 'z2m' });
    expect(sensor.status).toBe(201);
  });

  it('removes the row again when a step after it fails, so the same id can be provisioned later', async () => {
    const watch = vi.spyOn(cantine.app.get(DeviceIngestion), 'watch').mockRejectedValueOnce(new Error('broker gone'));
    const failed = await provision(cantine.baseUrl, headers, { id: 'tas-late', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'tas_late' });
    watch.mockRestore();
    expect(failed.status).toBe(500);
    expect(await stored()).not.toContain('tas-late');
    expect(cantine.app.get(DeviceRegistry).get('tas-late')).toBeUndefined();
    const again = await provision(cantine.baseUrl, headers, { id: 'tas-late', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'tas_late' });
    expect(again.status).toBe(201);
  });

  it('skips a bad stored row at start, says which, and runs the other devices', async () => {
    const good = await provision(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    const repository = new DevicesRepository(cantine.app.get(DataSource));
    const bad = { kind: 'reader' as const, site: 'quimper', protocol: 'esp-rfid' as const, door: 'entrance', createdAt: new Date() };
    await repository.insert({ ...bad, id: 'esp-bad', topic: 'porte\nuser x' }, null);
    await repository.insert({ ...bad, id: 'Bad Id\n', topic: 'porte-2' }, null);
    await cantine.close();
    const errors = vi.spyOn(Logger.prototype, 'error');
    let again: TestCantine;
    let log: string;
    try {
      again = await startTestCantine({ DATA_DIR: cantine.dataDir, MQTT_USERNAME: 'passerelle' });
    } finally {
      log = errors.mock.calls.map(([line]) => String(line)).join('\n');
      errors.mockRestore();
    }
    try {
      expect(log).toContain('Skipped device "esp-bad"');
      expect(log).toContain('Skipped device "Bad Id\\n"');
      const ids = (await listDevices(again.baseUrl, await managerHeaders(again.baseUrl))).map((d) => d.id);
      expect(ids).toContain('entrance-reader');
      expect(ids).not.toContain('esp-bad');
      const reader = await connectDevice(again.mqttPort, 'entrance-reader', good.body.mqtt.password);
      await reader.endAsync();
    } finally {
      await again.close();
    }
  });
});

// Provisioning refuses a second bridge on a base topic already read (409 topic), but rows can get
// past it: two managers provisioning at once through two instances of a cluster, each checking its
// own memory, or rows written before the check. The service used to route the topic to whichever
// came last, silently: the first bridge's state was taken for the second's.
describe('two Zigbee2MQTT bridges of one base topic, both stored', () => {
  it('at start the first keeps the topic and is read, the second is skipped naming it', async () => {
    const cantine = await startTestCantine();
    let again: TestCantine | undefined;
    let firstClosed = false;
    try {
      const first = await provision(cantine.baseUrl, await managerHeaders(cantine.baseUrl), { id: 'zb-a', kind: 'bridge', protocol: 'zigbee2mqtt' });
      expect(first.status).toBe(201);
      const repository = new DevicesRepository(cantine.app.get(DataSource));
      await repository.insert({ id: 'zb-b', kind: 'bridge', site: 'quimper', protocol: 'zigbee2mqtt', topic: 'zigbee2mqtt', createdAt: new Date() }, null);
      await cantine.close();
      firstClosed = true;
      const errors = vi.spyOn(Logger.prototype, 'error');
      try {
        again = await startTestCantine({ DATA_DIR: cantine.dataDir });
      } finally {
        expect(errors.mock.calls.map(([line]) => String(line)).join('\n')).toMatch(/Skipped device "zb-b".*zigbee2mqtt\/bridge\/state.*"zb-a"/);
        errors.mockRestore();
      }
      const headers = await managerHeaders(again.baseUrl);
      expect((await listDevices(again.baseUrl, headers)).map((d) => d.id)).toEqual(['zb-a']);
      // The first bridge's own state reaches it.
      const bridge = await connectDevice(again.mqttPort, 'zb-a', first.body.mqtt.password);
      try {
        await bridge.publishAsync('zigbee2mqtt/bridge/state', JSON.stringify({ state: 'online' }), { qos: 1, retain: true });
        await eventually(async () => expect((await listDevices(again!.baseUrl, headers)).find((d) => d.id === 'zb-a')).toMatchObject({ online: true }));
      } finally {
        await bridge.endAsync();
      }
    } finally {
      if (again) await again.close();
      else if (!firstClosed) await cantine.close();
      fs.rmSync(cantine.dataDir, { recursive: true, force: true });
    }
  });
});
