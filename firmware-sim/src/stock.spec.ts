// firmware-sim --stock on a real broker (aedes in process, no auth): foreign devices connect with
// their firmware's client id and keepalive, publish what the firmware publishes at connect with its
// QoS and retain flags, and send reads and states at QoS 0; native devices are unchanged.
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CredentialsStore } from './credentials.js';
import { Fleet } from './fleet.js';
import { planDevices } from './plan.js';
import type { SiteLayout } from './site.js';

const layout: SiteLayout = { id: 'quimper', timezone: 'Europe/Paris', doors: [{ id: 'entrance' }, { id: 'open-space' }, { id: 'event-room' }], desks: [{ id: 'desk-01' }, { id: 'desk-02' }] };

let broker: Aedes;
let server: net.Server;
let observer: MqttClient;
let fleet: Fleet;
const clients = new Map<string, { clientId: string; keepalive: number }>();
const seen: Array<{ topic: string; size: number; qos: number; retain: boolean }> = [];

beforeAll(async () => {
  broker = await Aedes.createBroker();
  // preConnect sees the CONNECT packet itself: what a real broker is told.
  broker.preConnect = (_client, packet, done) => {
    const connect = packet as unknown as { clientId: string; keepalive: number; username?: string };
    clients.set(connect.username ?? '', { clientId: connect.clientId, keepalive: connect.keepalive });
    done(null, true);
  };
  broker.on('publish', (packet, client) => {
    if (client) seen.push({ topic: packet.topic, size: packet.payload.length, qos: packet.qos, retain: packet.retain });
  });
  server = net.createServer({ noDelay: true }, broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  observer = await mqtt.connectAsync(url, { clientId: 'observer' });
  const store = CredentialsStore.open(undefined, 'quimper', 3);
  for (const device of planDevices(layout, 'mixed')) store.upsertDevice({ ...device, ...(device.kind === 'bridge' || device.protocol !== 'zigbee2mqtt' ? { password: 'x' } : {}) });
  fleet = await Fleet.open({ mqttUrl: url, store, stock: true });
});

afterAll(async () => {
  await fleet?.close();
  await observer.endAsync();
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('firmware-sim --stock', () => {
  it('connects foreign firmwares with their own client ids and keepalives, native devices as before', () => {
    const ids = Object.fromEntries([...clients].map(([username, { clientId }]) => [username, clientId]));
    expect(ids['event-room-reader']).toMatch(/^DVES_[0-9A-F]{6}$/);
    expect(ids['open-space-reader']).toMatch(/^esp8266-[0-9a-f]{6}$/);
    expect(ids['quimper-z2m-bridge']).toMatch(/^mqttjs_[0-9a-f]{8}$/);
    expect(ids['entrance-reader']).toBe('entrance-reader');
    expect(clients.get('open-space-reader')!.keepalive).toBe(15);
    expect(clients.get('quimper-z2m-bridge')!.keepalive).toBe(60);
  });

  it('publishes the connect-time extras with the firmware flags', async () => {
    await vi.waitFor(() => expect(seen.some((m) => m.topic === 'zigbee2mqtt-quimper/bridge/info')).toBe(true));
    expect(seen.find((m) => m.topic === 'zigbee2mqtt-quimper/bridge/info')).toMatchObject({ qos: 0, retain: true });
    expect(seen.find((m) => m.topic === 'zigbee2mqtt-quimper/bridge/info')!.size).toBeGreaterThan(45_000);
    expect(seen.find((m) => m.topic === 'zigbee2mqtt-quimper/bridge/state')).toMatchObject({ qos: 1, retain: true });
    expect(seen.find((m) => m.topic === 'cmnd/quimper-event-room-reader/POWER')).toMatchObject({ size: 0, retain: false });
    expect(seen.find((m) => m.topic === 'esp-rfid/open-space-reader/send')).toMatchObject({ qos: 0 });
    // Only the bridge's own messages: the fleet's sensors are the simulator's.
    expect(seen.some((m) => m.topic.startsWith('zigbee2mqtt-quimper/desk-03'))).toBe(false);
  });

  it('sends reads and sensor states at QoS 0', async () => {
    const before = seen.length;
    void fleet.readerAt('event-room')!.badge('04A224B2C31F80');
    await fleet.deskSensor('desk-02')!.setOccupied(true);
    const find = (topic: string) => seen.slice(before).find((m) => m.topic === topic);
    await vi.waitFor(() => expect(find('zigbee2mqtt-quimper/desk-02')).toMatchObject({ qos: 0, retain: false }));
    await vi.waitFor(() => expect(find('tele/quimper-event-room-reader/SENSOR')).toMatchObject({ qos: 0, retain: false }));
  });
});
