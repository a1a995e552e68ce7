// POST /api/devices and GET /api/devices on the whole service (contract section 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceSecrets } from '../../apps/api/src/devices/device-secrets.js';
import { DeviceChanges, type DeviceChange } from '../../apps/api/src/devices/device-changes.js';
import { DevicesRepository } from '../../apps/api/src/devices/devices.repository.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { listDevices, provision } from '../support/devices.js';

describe('provisioning devices', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  const changes: DeviceChange[] = [];

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    cantine.app.get(DeviceChanges).on((change) => changes.push(change));
  });
  afterAll(() => cantine.dispose());

  it('needs a manager token', async () => {
    const anonymous = { 'content-type': 'application/json' };
    expect((await provision(cantine.baseUrl, anonymous, { id: 'r1', kind: 'reader', door: 'entrance' })).status).toBe(401);
    expect((await fetch(`${cantine.baseUrl}/api/devices`)).status).toBe(401);
  });

  it('answers 201 with MQTT credentials shown once, and stores only hashes', async () => {
    const { status, body } = await provision(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    expect(status).toBe(201);
    expect(body).toEqual({ id: 'entrance-reader', mqtt: { username: 'entrance-reader', password: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) } });
    const [stored] = (await new DevicesRepository(cantine.app.get((await import('typeorm')).DataSource)).list()).filter((d) => d.device.id === 'entrance-reader');
    expect(JSON.stringify(stored)).not.toContain(body.mqtt.password);
    expect(
      await cantine.app.get(DeviceSecrets).check(Buffer.from(body.mqtt.password), stored!.hashes!.secretHash),
    ).toEqual({ valid: true });
    expect(stored!.hashes!.secretHash).toMatch(/^hmac-sha256\$/);
    expect(stored!.hashes!.mosquittoHash).toMatch(/^\$7\$101\$/);
    expect(changes).toContainEqual(expect.objectContaining({ type: 'provisioned', device: expect.objectContaining({ id: 'entrance-reader' }) }));
  });

  it.each([
    ['an unknown site', { id: 'x1', kind: 'reader', site: 'nowhere', door: 'entrance' }, 'site'],
    ['an unknown door', { id: 'x2', kind: 'reader', door: 'back-door' }, 'door'],
    ['an unknown desk', { id: 'x3', kind: 'desk-sensor', desk: 'desk-99' }, 'desk'],
    ['a reader without door', { id: 'x4', kind: 'reader' }, 'door'],
    ['a desk sensor without desk', { id: 'x5', kind: 'desk-sensor' }, 'desk'],
    ['an unknown kind', { id: 'x6', kind: 'camera', door: 'entrance' }, 'kind'],
    ['an unknown protocol', { id: 'x7', kind: 'reader', door: 'entrance', protocol: 'wiegand' }, 'protocol'],
    ['an id with capitals', { id: 'Reader', kind: 'reader', door: 'entrance' }, 'id'],
    ['the service account id', { id: 'cantine-service', kind: 'reader', door: 'entrance' }, 'id'],
    ['a foreign reader without topic', { id: 'x8', kind: 'reader', door: 'entrance', protocol: 'tasmota' }, 'topic'],
    ['a wildcard topic', { id: 'x9', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'a/#' }, 'topic'],
    ['a topic in the native tree', { id: 'x10', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'cantine/quimper' }, 'topic'],
    ['a Zigbee2MQTT sensor without bridge', { id: 'x11', kind: 'desk-sensor', desk: 'desk-01', protocol: 'zigbee2mqtt', topic: 'd1' }, 'bridge'],
    ['a Zigbee2MQTT sensor with an unknown bridge', { id: 'x12', kind: 'desk-sensor', desk: 'desk-01', protocol: 'zigbee2mqtt', topic: 'd1', bridge: 'nope' }, 'bridge'],
    ['a Zigbee2MQTT reader', { id: 'x13', kind: 'reader', door: 'entrance', protocol: 'zigbee2mqtt', topic: 'r' }, 'kind'],
  ])('answers 400 naming the field for %s', async (_case, body, field) => {
    const { status, body: error } = await provision(cantine.baseUrl, headers, body);
    expect(status).toBe(400);
    expect(error.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 409 for a taken id, a desk that has its sensor, and overlapping topics', async () => {
    expect((await provision(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' })).status).toBe(409);
    expect((await provision(cantine.baseUrl, headers, { id: 'desk-01-sensor', kind: 'desk-sensor', desk: 'desk-01' })).status).toBe(201);
    const taken = await provision(cantine.baseUrl, headers, { id: 'desk-01-other', kind: 'desk-sensor', desk: 'desk-01' });
    expect([taken.status, taken.body.errors[0].field]).toEqual([409, 'desk']);
    expect((await provision(cantine.baseUrl, headers, { id: 'tas-1', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'door-1' })).status).toBe(201);
    const overlap = await provision(cantine.baseUrl, headers, { id: 'esp-1', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: 'tele' });
    expect([overlap.status, overlap.body.errors[0].field]).toEqual([409, 'topic']);
  });

  it('gives a Zigbee2MQTT bridge credentials and its sensors none (mqtt: null)', async () => {
    const bridge = await provision(cantine.baseUrl, headers, { id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt' });
    expect(bridge.status).toBe(201);
    expect(bridge.body.mqtt.username).toBe('z2m');
    const sensor = await provision(cantine.baseUrl, headers, { id: 'desk-02-z', kind: 'desk-sensor', desk: 'desk-02', protocol: 'zigbee2mqtt', topic: 'desk-02', bridge: 'z2m' });
    expect(sensor).toEqual({ status: 201, body: { id: 'desk-02-z', mqtt: null } });
    // One base topic, one bridge (docs/devices.md): the service could not tell two apart.
    const again = await provision(cantine.baseUrl, headers, { id: 'z2m-bis', kind: 'bridge', protocol: 'zigbee2mqtt', site: 'quimper' });
    expect([again.status, again.body.errors[0].field]).toEqual([409, 'topic']);
    expect(again.body.message).toMatch(/^le sujet zigbee2mqtt .*l’appareil z2m$/);
  });

  it('lists every device with online, lastSeen, battery, fw, rssi and drop counters', async () => {
    const devices = await listDevices(cantine.baseUrl, headers);
    expect(devices.map((d) => d.id)).toEqual(['desk-01-sensor', 'desk-02-z', 'entrance-reader', 'tas-1', 'z2m']);
    expect(devices.find((d) => d.id === 'z2m')).toMatchObject({ topic: 'zigbee2mqtt', kind: 'bridge' });
    expect(devices.find((d) => d.id === 'entrance-reader')).toEqual({
      id: 'entrance-reader',
      kind: 'reader',
      site: 'quimper',
      protocol: 'native',
      door: 'entrance',
      createdAt: expect.any(String),
      online: false,
      lastSeen: null,
      battery: null,
      fw: null,
      rssi: null,
      linkquality: null,
      errors: { oversized: 0, malformed: 0, unauthorised: 0, 'unknown-topic': 0, 'rate-limited': 0 },
    });
  });

  it('keeps devices across a restart', async () => {
    const again = await startTestCantine({ DATA_DIR: cantine.dataDir, MQTT_PORT: '0' });
    try {
      const devices = await listDevices(again.baseUrl, await managerHeaders(again.baseUrl));
      expect(devices.map((d) => d.id)).toContain('desk-02-z');
    } finally {
      await again.close();
    }
  });
});
