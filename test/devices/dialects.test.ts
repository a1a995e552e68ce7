// Every firmware dialect end to end on the embedded broker: the golden fixtures of libs/protocol
// published by a connected device become the right DeviceEvents; answers reach the readers.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeTopic, decisionTopic, deviceStatusTopic, doorStateTopic, firmwareFixtures, presenceTopic, type FirmwareFixture } from '#protocol';
import type { BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { DeviceMonitor } from '../../apps/api/src/devices/device-monitor.js';
import { ReaderAnswers } from '../../apps/api/src/devices/reader-answers.service.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, nextMessage, provisioned, recordEvents, type DeviceBody } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

/** One device per fixture context; `rewrite` moves a fixture to the device's own topics when needed. */
const setups: Array<{
  body: DeviceBody;
  fits: (f: FirmwareFixture) => boolean;
  rewrite?: (topic: string) => string;
  connectAs?: string;
}> = [
  { body: { id: 'esp-entrance', kind: 'reader', door: 'entrance', protocol: 'esp-rfid', topic: '/rfid' }, fits: (f) => f.protocol === 'esp-rfid' && !f.ctx.uidFormat },
  {
    body: { id: 'esp-wiegand', kind: 'reader', door: 'open-space', protocol: 'esp-rfid', topic: '/rfid-w', uidFormat: 'decimal' },
    fits: (f) => f.protocol === 'esp-rfid' && f.ctx.uidFormat === 'decimal',
    rewrite: (topic) => topic.replace('/rfid/', '/rfid-w/'),
  },
  { body: { id: 'tasmota-entrance', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: 'tasmota' }, fits: (f) => f.protocol === 'tasmota' && f.ctx.topic === 'tasmota' },
  { body: { id: 'tasmota-event-room', kind: 'reader', door: 'event-room', protocol: 'tasmota', topic: 'rfid-test' }, fits: (f) => f.protocol === 'tasmota' && f.ctx.topic === 'rfid-test' },
  { body: { id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt' }, fits: () => false },
  { body: { id: 'z2m-quimper', kind: 'bridge', protocol: 'zigbee2mqtt', topic: 'z2m-quimper' }, fits: () => false },
  ...[
    ['desk-07', 'desk-07'],
    ['desk-08', 'desk-08'],
    ['desk-09', 'open-space/desk-09'],
  ].map(([desk, name]) => ({
    body: { id: `${desk}-z`, kind: 'desk-sensor', desk, protocol: 'zigbee2mqtt', topic: name, bridge: 'z2m' },
    fits: (f: FirmwareFixture) => f.protocol === 'zigbee2mqtt' && f.ctx.topic === name && !f.ctx.bridgeTopic,
    connectAs: 'z2m',
  })),
  {
    body: { id: 'desk-10-z', kind: 'desk-sensor', desk: 'desk-10', protocol: 'zigbee2mqtt', topic: 'desk-07', bridge: 'z2m-quimper' },
    fits: (f) => f.protocol === 'zigbee2mqtt' && f.ctx.bridgeTopic === 'z2m-quimper',
    connectAs: 'z2m-quimper',
  },
  {
    body: { id: 'entrance-door-z', kind: 'door-sensor', door: 'entrance', protocol: 'zigbee2mqtt', topic: 'entrance-door', bridge: 'z2m' },
    fits: (f) => f.protocol === 'zigbee2mqtt' && f.ctx.topic === 'entrance-door',
    connectAs: 'z2m',
  },
];

function contains(actual: object, expected: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([key, value]) => (actual as Record<string, unknown>)[key] === value);
}

describe('firmware dialects end to end', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let events: ReturnType<typeof recordEvents>;
  const secrets = new Map<string, string>();
  const clients = new Map<string, MqttClient>();
  const client = async (id: string) => {
    if (!clients.has(id)) clients.set(id, await connectDevice(cantine.mqttPort, id, secrets.get(id)));
    return clients.get(id)!;
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    events = recordEvents(cantine);
    for (const { body } of setups) secrets.set(body.id, await provisioned(cantine.baseUrl, headers, body));
    secrets.set('entrance-reader', await provisioned(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' }));
    secrets.set('entrance-door', await provisioned(cantine.baseUrl, headers, { id: 'entrance-door', kind: 'door-sensor', door: 'open-space' }));
    secrets.set('desk-01-sensor', await provisioned(cantine.baseUrl, headers, { id: 'desk-01-sensor', kind: 'desk-sensor', desk: 'desk-01' }));
  });
  afterAll(async () => {
    await Promise.all([...clients.values()].map((c) => c.endAsync(true).catch(() => undefined)));
    await cantine.dispose();
  });

  it('has a device for every golden firmware fixture', () => {
    for (const fixture of firmwareFixtures) expect(setups.filter((s) => s.fits(fixture)), fixture.name).toHaveLength(1);
  });

  it.each(firmwareFixtures.map((fixture) => [`${fixture.protocol}: ${fixture.name}`, fixture] as const))('%s', async (_name, fixture) => {
    const setup = setups.find((s) => s.fits(fixture))!;
    const { id } = setup.body;
    const publisher = await client(setup.connectAs ?? id);
    const monitor = cantine.app.get(DeviceMonitor);
    const before = events.length;
    const errorsBefore = monitor.view(monitor['registry'].get(id)!).errors.malformed;
    await publisher.publishAsync(setup.rewrite?.(fixture.topic) ?? fixture.topic, fixture.payload, { qos: 1 });
    if ('error' in fixture.expected) {
      await eventually(() => monitor.view(monitor['registry'].get(id)!).errors.malformed > errorsBefore);
      return;
    }
    const wanted = fixture.expected.events.flatMap((event): Array<Record<string, unknown>> => {
      const base = { site: 'quimper', deviceId: id };
      if (event.type === 'badge') return [{ ...base, type: 'badge', door: setup.body.door, uid: event.uid, protocol: setup.body.protocol }];
      if (event.type === 'door') return [{ ...base, type: 'door', door: setup.body.door, open: event.open }];
      if (event.type === 'presence') return [{ ...base, type: 'presence', desk: setup.body.desk, occupied: event.occupied, ...(event.battery ? { battery: event.battery } : {}) }];
      return [];
    });
    const expectedState = Object.assign(
      {},
      ...fixture.expected.events.map((event) => {
        if (event.type === 'status') return { online: event.online, ...(event.ip ? { ip: event.ip } : {}) };
        if (event.type === 'telemetry') return { ...(event.battery ? { battery: event.battery } : {}), ...(event.linkquality ? { linkquality: event.linkquality } : {}) };
        return {};
      }),
    ) as Record<string, unknown>;
    const done = () =>
      wanted.every((event) => events.slice(before).some((seen) => contains(seen, event))) && contains(monitor.stateOf(id), expectedState);
    // Messages that change nothing visible: give the service the time a QoS 1 round trip takes.
    if (wanted.length === 0 && Object.keys(expectedState).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await eventually(done).catch(() => undefined);
    for (const event of wanted) expect(events.slice(before)).toContainEqual(expect.objectContaining(event));
    expect(monitor.stateOf(id)).toMatchObject(expectedState);
    if (wanted.length === 0) expect(events.slice(before).filter((e) => e.type !== 'device-status')).toEqual([]);
  });

  it('speaks the native protocol: badge (UID normalised), door, presence, status', async () => {
    const reader = await client('entrance-reader');
    const before = events.length;
    await reader.publishAsync(badgeTopic('quimper', 'entrance-reader'), '{"uid":"04:a2:24:b2:c3:1f:80","seq":17,"ts":"2025-03-04T09:12:45+01:00"}', { qos: 1 });
    await (await client('entrance-door')).publishAsync(doorStateTopic('quimper', 'open-space'), '{"open":true}', { qos: 1 });
    await (await client('desk-01-sensor')).publishAsync(presenceTopic('quimper', 'desk-01'), '{"occupied":true,"battery":87}', { qos: 1 });
    await eventually(() => events.slice(before).filter((e) => e.type !== 'device-status').length === 3);
    expect(events.slice(before).filter((e) => e.type !== 'device-status')).toEqual([
      expect.objectContaining({ type: 'badge', deviceId: 'entrance-reader', door: 'entrance', uid: '04A224B2C31F80', seq: 17, protocol: 'native', deviceTime: new Date('2025-03-04T08:12:45Z') }),
      expect.objectContaining({ type: 'door', deviceId: 'entrance-door', door: 'open-space', open: true }),
      expect.objectContaining({ type: 'presence', deviceId: 'desk-01-sensor', desk: 'desk-01', occupied: true, battery: 87 }),
    ]);
    expect((await listDevices(cantine.baseUrl, headers)).find((d) => d.id === 'desk-01-sensor')).toMatchObject({ online: true, battery: 87 });
  });

  it('answers a native badge on its decision topic with the same seq', async () => {
    const reader = await client('entrance-reader');
    await reader.subscribeAsync(decisionTopic('quimper', 'entrance-reader'), { qos: 1 });
    const before = events.length;
    await reader.publishAsync(badgeTopic('quimper', 'entrance-reader'), '{"uid":"04A224B2","seq":42}', { qos: 1 });
    const badge = await eventually(() => events.slice(before).find((e): e is BadgeEvent => e.type === 'badge') ?? false);
    // The service answers the unknown badge itself too: wait for the answer given here.
    const answer = nextMessage(reader, decisionTopic('quimper', 'entrance-reader'), 3000, (payload) => payload.includes('Bonjour Anne'));
    const result = await cantine.app.get(ReaderAnswers).answerBadge(badge, { granted: true, reason: 'subscription', unlockMs: 5000, message: 'Bonjour Anne' });
    expect(result.ok).toBe(true);
    // Plus `exp` and `sig` (docs/reader-firmware.md; checked in signed-decisions.test.ts).
    expect(JSON.parse(await answer)).toEqual({ seq: 42, granted: true, unlockMs: 5000, reason: 'subscription', message: 'Bonjour Anne', exp: expect.any(Number), sig: expect.any(String) });
    const invalid = await cantine.app.get(ReaderAnswers).answerBadge(badge, { granted: false, reason: 'closed' });
    expect(invalid).toMatchObject({ ok: false, error: 'invalid-decision' });
  });

  it('answers an esp-rfid grant with opendoor at its last ip, and a Tasmota grant with POWER ON', async () => {
    const esp = await client('esp-entrance');
    await esp.subscribeAsync('/rfid/cmd', { qos: 1 });
    await esp.publishAsync('/rfid/send', '{"type":"heartbeat","time":1605991375,"uptime":999,"ip":"10.0.0.7","hostname":"esp"}', { qos: 1 });
    await eventually(() => cantine.app.get(DeviceMonitor).stateOf('esp-entrance').ip === '10.0.0.7');
    const answers = cantine.app.get(ReaderAnswers);
    const badge = (deviceId: string): BadgeEvent => ({ type: 'badge', site: 'quimper', deviceId, receivedAt: new Date(), door: 'entrance', uid: '04A224B2', protocol: 'esp-rfid' });
    const espCommand = nextMessage(esp, '/rfid/cmd');
    expect(await answers.answerBadge(badge('esp-entrance'), { granted: true, reason: 'day' })).toMatchObject({ ok: true });
    expect(JSON.parse(await espCommand)).toEqual({ cmd: 'opendoor', doorip: '10.0.0.7' });
    const tasmota = await client('tasmota-entrance');
    await tasmota.subscribeAsync('cmnd/tasmota/#', { qos: 1 });
    const power = nextMessage(tasmota, 'cmnd/tasmota/POWER');
    expect(await answers.answerBadge({ ...badge('tasmota-entrance'), protocol: 'tasmota' }, { granted: true, reason: 'carnet' })).toMatchObject({ ok: true });
    expect(await power).toBe('ON');
    // Tasmota confirms on stat/…: allowed, so the grant does not cost it its connection.
    await tasmota.publishAsync('stat/tasmota/POWER', 'ON', { qos: 1 });
    expect(tasmota.connected).toBe(true);
  });

  it('marks the bridge alive with its sensors, and reads its own state', async () => {
    const bridge = await client('z2m');
    await bridge.publishAsync('zigbee2mqtt/bridge/state', '{"state":"offline"}', { qos: 1, retain: true });
    await eventually(() => !cantine.app.get(DeviceMonitor).stateOf('z2m').online);
    await bridge.publishAsync('zigbee2mqtt/bridge/state', 'online', { qos: 1, retain: true });
    await eventually(() => cantine.app.get(DeviceMonitor).stateOf('z2m').online);
  });

  it('drops native messages whose device is unknown or not the one bound to the desk', async () => {
    const monitor = cantine.app.get(DeviceMonitor);
    const bridge = await client('z2m');
    const before = events.length;
    // desk-07's sensor is a Zigbee2MQTT one: a native presence for desk-07 is not its own.
    await (await client('desk-01-sensor')).publishAsync(deviceStatusTopic('quimper', 'desk-01-sensor'), '{"online":true}', { qos: 1 });
    expect(bridge.connected).toBe(true);
    await cantine.app.get((await import('../../apps/api/src/infra/mqtt/broker.service.js')).BrokerService).publish(presenceTopic('quimper', 'desk-07'), '{"occupied":true}');
    await eventually(() => monitor.view(monitor['registry'].get('desk-07-z')!).errors.unauthorised >= 1);
    expect(events.slice(before).filter((e) => e.type === 'presence')).toEqual([]);
  });
});
