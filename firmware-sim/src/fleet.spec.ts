// The simulated devices against a real MQTT broker (aedes, in process, no auth) and a stand-in
// service that answers badges through libs/protocol: seq matching, timeouts, firmware commands,
// last will, Zigbee2MQTT availability through the bridge.
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { commandsForDecision, convertFromDevice, decisionTopic, decodeMessage, deriveDecisionKey, encodeMessage, signDecision, topicFilter } from '#protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialsStore } from './credentials.js';
import { Fleet } from './fleet.js';
import { planDevices } from './plan.js';
import { NativeReader } from './readers.js';
import type { SiteLayout } from './site.js';

const layout: SiteLayout = {
  id: 'quimper',
  timezone: 'Europe/Paris',
  doors: [{ id: 'entrance' }, { id: 'open-space' }, { id: 'event-room' }],
  desks: [{ id: 'desk-01' }, { id: 'desk-02' }],
};
const KNOWN = '04A224B2C31F80';
const SILENT = '04000000000001';

let broker: Aedes;
let server: net.Server;
let url: string;
let service: MqttClient;
const seen: Array<{ topic: string; payload: string; retain: boolean }> = [];
const espIps = new Map<string, string>();

/** Answers native badges with a decision (none for SILENT); esp-rfid / Tasmota scans with commands. */
function answer(topic: string, payload: Buffer): void {
  const decoded = decodeMessage(topic, payload);
  if (decoded.ok && decoded.kind === 'badge') {
    if (decoded.message.uid === SILENT) return;
    const granted = decoded.message.uid === KNOWN;
    const decision = granted ? { seq: decoded.message.seq, granted, reason: 'subscription' as const } : { seq: decoded.message.seq, granted, reason: 'unknown-badge' as const };
    // Signed as the service signs, with the key derived from the readers' secret 'x'.
    const signed = signDecision(deriveDecisionKey('x'), decision, Date.now());
    void service.publishAsync(decisionTopic(decoded.topic.site, decoded.topic.readerId), encodeMessage('decision', signed), { qos: 1 });
    return;
  }
  for (const [protocol, base] of [['esp-rfid', 'esp-rfid/open-space-reader'], ['tasmota', 'quimper-event-room-reader']] as const) {
    const converted = convertFromDevice(protocol, topic, payload, { topic: base });
    if (!converted.ok) continue;
    for (const event of converted.events) {
      if (event.type === 'status' && event.ip !== undefined) espIps.set(base, event.ip);
      if (event.type !== 'badge' || event.uid !== KNOWN) continue;
      const result = commandsForDecision(protocol, { seq: 0, granted: true, reason: 'day' }, { topic: base, lastIp: espIps.get(base) });
      for (const command of result.ok ? result.commands : []) void service.publishAsync(command.topic, command.payload, { qos: 1 });
    }
  }
}

beforeAll(async () => {
  broker = await Aedes.createBroker();
  server = net.createServer({ noDelay: true }, broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  service = await mqtt.connectAsync(url, { clientId: 'service' });
  await service.subscribeAsync(['#'], { qos: 1 });
  service.on('message', (topic, payload, packet) => {
    seen.push({ topic, payload: payload.toString(), retain: packet.retain });
    answer(topic, payload);
  });
});

afterAll(async () => {
  await service.endAsync();
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function mixedStore(): CredentialsStore {
  const store = CredentialsStore.open(undefined, 'quimper', 3);
  for (const device of planDevices(layout, 'mixed')) store.upsertDevice({ ...device, ...(device.kind === 'bridge' || device.protocol !== 'zigbee2mqtt' ? { password: 'x' } : {}) });
  return store;
}

describe('a mixed fleet on a real broker', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await Fleet.open({ mqttUrl: url, store: mixedStore() });
  });
  afterAll(() => fleet.close());

  it('connects every device with a secret; Zigbee2MQTT sensors ride on the bridge', async () => {
    expect(fleet.problems).toEqual([]);
    expect(fleet.readers.map((reader) => `${reader.door}:${reader.protocol}`).sort()).toEqual(['entrance:native', 'event-room:tasmota', 'open-space:esp-rfid']);
    expect(fleet.deskSensors.map((sensor) => `${sensor.desk}:${sensor.protocol}`).sort()).toEqual(['desk-01:native', 'desk-02:zigbee2mqtt']);
    // A live subscriber sees retain=0 [MQTT-3.3.1-9]; the retained flag itself is checked in dialects.spec.ts.
    await vi.waitFor(() => expect(seen).toContainEqual(expect.objectContaining({ topic: 'zigbee2mqtt-quimper/desk-02/availability', payload: '{"state":"online"}' })));
    expect(seen.some((message) => message.topic === 'cantine/quimper/devices/entrance-reader/status' && JSON.parse(message.payload).online === true)).toBe(true);
  });

  it('matches native decisions by seq, with their latency', async () => {
    const reader = fleet.readerAt('entrance')!;
    const [granted, denied] = await Promise.all([reader.badge(KNOWN), reader.badge('04A224B2C31F81')]);
    expect(granted.outcome).toMatchObject({ result: 'granted', reason: 'subscription' });
    expect(denied.outcome).toMatchObject({ result: 'denied', reason: 'unknown-badge' });
    expect(denied.seq).toBe((granted.seq as number) + 1);
    if (granted.outcome.result === 'granted') expect(granted.outcome.latencyMs).toBeLessThan(500);
  });

  it('reads silence past 2 s as a timeout', async () => {
    const started = Date.now();
    const result = await fleet.readerAt('entrance')!.badge(SILENT);
    expect(result.outcome).toEqual({ result: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('answers a duplicate delivery again with the same seq', async () => {
    const reader = fleet.readerAt('entrance') as NativeReader;
    const first = await reader.badge(KNOWN);
    const again = await reader.resendLast();
    expect(again?.seq).toBe(first.seq);
    expect(again?.outcome.result).toBe('granted');
  });

  it('opens esp-rfid and Tasmota doors on the firmware command', async () => {
    const esp = await fleet.readerAt('open-space')!.badge(KNOWN);
    const tasmota = await fleet.readerAt('event-room')!.badge(KNOWN);
    expect(esp.outcome).toMatchObject({ result: 'granted', reason: 'opendoor' });
    expect(tasmota.outcome).toMatchObject({ result: 'granted', reason: 'power-on' });
  });

  it('publishes presence and heartbeats in each dialect', async () => {
    await Promise.all(fleet.deskSensors.map((sensor) => sensor.setOccupied(true)));
    await fleet.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.some((message) => message.topic === 'cantine/quimper/desks/desk-01/presence' && JSON.parse(message.payload).occupied === true)).toBe(true);
    expect(seen.some((message) => message.topic === 'zigbee2mqtt-quimper/desk-02' && JSON.parse(message.payload).occupancy === true)).toBe(true);
    expect(seen.some((message) => message.topic === 'esp-rfid/open-space-reader/send' && message.payload.includes('"heartbeat"'))).toBe(true);
  });

  it('leaves its last will when the socket dies, then reconnects and says online again', async () => {
    const reader = fleet.readerAt('entrance') as NativeReader;
    const before = seen.length;
    reader.raw!.drop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const statuses = seen.slice(before).filter((message) => message.topic === 'cantine/quimper/devices/entrance-reader/status').map((message) => JSON.parse(message.payload).online);
    expect(statuses).toEqual([false, true]);
    expect(reader.connected).toBe(true);
  });
});

describe('subscriptions', () => {
  it('native readers listen on their own decision topic only', () => {
    expect(topicFilter('decision', 'cantine', 'quimper')).toBe('cantine/quimper/readers/+/decision');
  });
});
