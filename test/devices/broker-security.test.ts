// The embedded broker with devices: who may connect, publish and subscribe; what happens to
// oversized and malformed messages (contract section 2).
import net from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeTopic, decisionTopic, deviceStatusTopic, presenceTopic, seatsTopic } from '#protocol';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, provisioned, recordEvents } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

describe('broker security on the embedded broker', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let readerSecret: string;
  let deskSecret: string;
  const clients: MqttClient[] = [];
  let events: ReturnType<typeof recordEvents>;
  const device = async (id: string) => (await listDevices(cantine.baseUrl, headers)).find((d) => d.id === id)!;
  const connect = async (...args: Parameters<typeof connectDevice>) => {
    const client = await connectDevice(...args);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    events = recordEvents(cantine);
    readerSecret = await provisioned(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    deskSecret = await provisioned(cantine.baseUrl, headers, { id: 'desk-07-sensor', kind: 'desk-sensor', desk: 'desk-07' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => undefined)));
    await cantine.dispose();
  });

  it('lets a provisioned device connect, and shows it online', async () => {
    const connectingAt = Date.now();
    await connect(cantine.mqttPort, 'entrance-reader', readerSecret);
    const reader = await eventually(async () => {
      const found = await device('entrance-reader');
      return found.online && found;
    });
    // Seen through this connection, not a time left from before it.
    expect(Date.parse(reader.lastSeen)).toBeGreaterThanOrEqual(connectingAt);
    expect(Date.parse(reader.lastSeen)).toBeLessThanOrEqual(Date.now());
    expect(events).toContainEqual(expect.objectContaining({ type: 'device-status', deviceId: 'entrance-reader', online: true, door: 'entrance' }));
  });

  it('takes status, battery, rssi and firmware from the device, and its last will to go offline', async () => {
    const will = { topic: deviceStatusTopic('quimper', 'desk-07-sensor'), payload: Buffer.from('{"online":false}'), qos: 1 as const, retain: true };
    const sensor = await connect(cantine.mqttPort, 'desk-07-sensor', deskSecret, { will });
    await sensor.publishAsync(deviceStatusTopic('quimper', 'desk-07-sensor'), '{"online":true,"fw":"1.4.2","battery":90,"rssi":-61}', { qos: 1, retain: true });
    await eventually(async () => (await device('desk-07-sensor')).fw === '1.4.2');
    expect(await device('desk-07-sensor')).toMatchObject({ online: true, battery: 90, rssi: -61 });
    (sensor.stream as net.Socket).destroy(); // a power cut: no DISCONNECT, so the broker publishes the will
    await eventually(async () => !(await device('desk-07-sensor')).online);
    expect(events.filter((e) => e.type === 'device-status' && e.deviceId === 'desk-07-sensor').map((e) => (e as { online: boolean }).online)).toEqual([true, false]);
  });

  it.each([
    ['anonymous clients', undefined, undefined, undefined, /Not authorized|Bad username/i],
    ['a wrong password', 'entrance-reader', 'wrong', 'entrance-reader', /Bad username or password/],
    ['an unknown device', 'nobody', 'x', 'nobody', /Bad username or password/],
    ['a native device with a client id other than its id', 'entrance-reader', 'SECRET', 'esp8266-a1b2c3', /Identifier rejected/],
    ['a wildcard client id', 'entrance-reader', 'SECRET', 'entrance-reader/#', /Identifier rejected/],
  ])('refuses %s', async (_case, username, password, clientId, error) => {
    const secret = password === 'SECRET' ? readerSecret : password;
    await expect(connectDevice(cantine.mqttPort, username, secret, { clientId: clientId ?? '' })).rejects.toThrow(error);
  });

  // As Mosquitto does: closing the session would only make the device reconnect (and a stock
  // firmware with a stray topic flap, losing badges), and protect nothing.
  it('drops and counts a publish outside its topics, and keeps the session', async () => {
    const reader = await connect(cantine.mqttPort, 'entrance-reader', readerSecret);
    const before = events.length;
    await reader.publishAsync(presenceTopic('quimper', 'desk-07'), '{"occupied":true}', { qos: 1 });
    await eventually(async () => (await device('entrance-reader')).errors.unauthorised >= 1);
    expect(reader.connected).toBe(true);
    expect(events.slice(before).filter((e) => e.type === 'presence')).toEqual([]);
  });

  it('grants its own decision topic and seats, refuses other subscriptions and $SYS', async () => {
    const reader = await connect(cantine.mqttPort, 'entrance-reader', readerSecret);
    const own = await reader.subscribeAsync([decisionTopic('quimper', 'entrance-reader'), seatsTopic('quimper')], { qos: 1 });
    expect(own.map((grant) => grant.qos)).toEqual([1, 1]);
    for (const filter of [decisionTopic('quimper', 'other-reader'), 'cantine/#', '#', '$SYS/#', badgeTopic('quimper', 'entrance-reader')]) {
      const refusal = await reader.subscribeAsync(filter, { qos: 1 }).then(
        () => 'granted',
        (error: { packet?: { granted?: number[] } }) => error.packet?.granted,
      );
      expect(refusal, filter).toEqual([128]);
    }
    expect(reader.connected).toBe(true);
  });

  it('drops and counts oversized and malformed payloads, and stays healthy', async () => {
    const reader = await connect(cantine.mqttPort, 'entrance-reader', readerSecret);
    const topic = badgeTopic('quimper', 'entrance-reader');
    await reader.publishAsync(topic, 'not json', { qos: 1 });
    await reader.publishAsync(topic, '{"uid":"04A224B2","seq":"seventeen"}', { qos: 1 });
    await reader.publishAsync(topic, JSON.stringify({ uid: '04A224B2', seq: 1, pad: 'x'.repeat(4200) }), { qos: 1 });
    await eventually(async () => {
      const { errors } = await device('entrance-reader');
      return errors.malformed >= 2 && errors.oversized >= 1;
    });
    expect(reader.connected).toBe(true);
    // Past the guard's cap the packet is read through without reaching aedes, acknowledged and counted.
    await reader.publishAsync(topic, Buffer.alloc(64 * 1024, 0x20), { qos: 1 });
    await eventually(async () => (await device('entrance-reader')).errors.oversized >= 2);
    expect(reader.connected).toBe(true);
    expect(events.filter((e) => e.type === 'badge')).toEqual([]);
    const health = await fetch(`${cantine.baseUrl}/health`);
    expect([health.status, ((await health.json()) as { status: string }).status]).toEqual([200, 'ok']);
  });

  it('ends a raw connection announcing an absurd packet length before any CONNECT', async () => {
    const socket = net.connect(cantine.mqttPort, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])); // CONNECT of 256 MiB
    await expect(ended).resolves.toBeDefined();
  });
});
