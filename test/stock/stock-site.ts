// The devices of the stock replay suites: each stock sequence of libs/protocol with the device the
// service provisions for it, the reads or sensor states it sends in use, and what the firmware
// opens the door on. One member holds every UID the reads carry, with a staff pass (any time).
import {
  espRfidDevice,
  espRfidOpens,
  espRfidReads,
  espRfidSequence,
  tasmotaDevice,
  tasmotaOpens,
  tasmotaReads,
  tasmotaSequence,
  z2mStates,
  zigbee2mqttSequence,
  type StockDevice,
  type StockMessage,
  type StockRead,
  type StockSequence,
} from '#protocol';
import type { DeviceBody } from '../support/devices.js';

export interface StockCase {
  name: string;
  /** The device that logs in (reader or bridge). */
  body: DeviceBody;
  /** Zigbee2MQTT sensors behind the bridge: friendly name → desk or door. */
  sensors: Array<{ body: DeviceBody; friendlyName: string }>;
  sequence: StockSequence;
  reads: StockRead[];
  /** Messages sent after the connect sequence, at `atMs` after CONNACK. */
  later: Array<StockMessage & { atMs: number }>;
  opens?: (topic: string, payload: string) => boolean;
}

const first = 2_500;
const spaced = <T>(items: T[], at: (item: T) => StockMessage) => items.map((item, i) => ({ ...at(item), atMs: first + i * 400 }));

function reader(name: string, body: DeviceBody, sequence: StockSequence, reads: StockRead[], opens: StockCase['opens']): StockCase {
  const usable = reads.filter((read) => !read.awaits);
  return { name, body, sensors: [], sequence, reads: usable, later: spaced(usable, (read) => read.message), opens };
}

function bridge(name: string, id: string, base: string, desks: [string, string], door: string): StockCase {
  // mqtt.js draws its client id at random: each bridge its own.
  const clientId = `mqttjs_${Buffer.from(id).toString('hex').slice(-8)}`;
  const shipped = zigbee2mqttSequence(name.endsWith('-ha'), base, clientId);
  // `mqtt.version: 5` in Zigbee2MQTT's configuration.yaml.
  const sequence = name.endsWith('-v5') ? { ...shipped, name, connect: { ...shipped.connect, protocolLevel: 5 as const } } : shipped;
  const sensor = (friendlyName: string, body: Omit<DeviceBody, 'protocol' | 'bridge' | 'topic'>) => ({ friendlyName, body: { ...body, protocol: 'zigbee2mqtt', topic: friendlyName, bridge: id } });
  // Occupied, occupied, opened; then the radar's person leaves: a radar frees its desk at once.
  const states = [z2mStates['desk-03-pir']![0]!, z2mStates['desk-04-radar']![0]!, z2mStates['entrance-contact']![0]!, z2mStates['desk-04-radar']![1]!];
  const names = ['desk-03-pir', 'desk-04-radar', 'entrance-contact', 'desk-04-radar'];
  return {
    name,
    body: { id, kind: 'bridge', protocol: 'zigbee2mqtt', topic: base },
    sensors: [
      sensor('desk-03-pir', { id: `${id}-${desks[0]}`, kind: 'desk-sensor', desk: desks[0] }),
      sensor('desk-04-radar', { id: `${id}-${desks[1]}`, kind: 'desk-sensor', desk: desks[1], sensor: 'radar' }),
      sensor('entrance-contact', { id: `${id}-${door}`, kind: 'door-sensor', door }),
    ],
    sequence,
    reads: [],
    later: spaced(states.map((state, i) => ({ state, name: names[i]! })), ({ state, name }) => ({ topic: `${base}/${name}`, payload: state.payload, qos: 0, retain: false })),
  };
}

const espHa: StockDevice = { ...espRfidDevice, topic: '/rfid-ha', chipId: '3a91f1', ip: '192.168.1.53', hostname: 'esp-rfid-3a91f1' };

export const stockCases: StockCase[] = [
  reader('tasmota', { id: 'stock-tasmota', kind: 'reader', door: 'entrance', protocol: 'tasmota', topic: tasmotaDevice.topic }, tasmotaSequence(), tasmotaReads(), (t, p) => tasmotaOpens(tasmotaDevice, t, p)),
  reader('esp-rfid', { id: 'stock-esp-rfid', kind: 'reader', door: 'open-space', protocol: 'esp-rfid', topic: espRfidDevice.topic }, espRfidSequence(), espRfidReads(), (t, p) => espRfidOpens(espRfidDevice, false, t, p)),
  reader('esp-rfid-ha', { id: 'stock-esp-rfid-ha', kind: 'reader', door: 'event-room', protocol: 'esp-rfid', topic: espHa.topic }, espRfidSequence(espHa, true), espRfidReads(espHa, true), (t, p) => espRfidOpens(espHa, true, t, p)),
  bridge('zigbee2mqtt', 'stock-z2m', 'zigbee2mqtt', ['desk-03', 'desk-04'], 'entrance'),
  bridge('zigbee2mqtt-ha', 'stock-z2m-ha', 'z2m-ha', ['desk-05', 'desk-06'], 'open-space'),
  bridge('zigbee2mqtt-v5', 'stock-z2m-v5', 'z2m-v5', ['desk-07', 'desk-08'], 'event-room'),
];

/** Every UID the reads carry, as a manager enrols them. */
export const stockUids = [...new Set(stockCases.flatMap((c) => c.reads.map((read) => read.enrolledUid)))];
