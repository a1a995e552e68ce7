// Which devices simulate a site, per --protocol (contract section 3, POST /api/devices): one reader
// per door, one sensor per desk, door contacts, and a Zigbee2MQTT bridge when sensors need one.
import type { DeviceRecord, SimProtocol } from './credentials.js';
import type { SiteLayout } from './site.js';

export const PROTOCOL_CHOICES = ['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt', 'mixed'] as const;
export type ProtocolChoice = (typeof PROTOCOL_CHOICES)[number];

/** Mixed: one reader firmware per door in turn, to show them side by side on the demo site. */
const MIXED_READERS: readonly SimProtocol[] = ['native', 'esp-rfid', 'tasmota'];

export const bridgeId = (site: string) => `${site}-z2m-bridge`;
export const bridgeTopic = (site: string) => `zigbee2mqtt-${site}`;

/** Zigbee2MQTT has no readers; esp-rfid and Tasmota are readers only (their sensors are native). */
function readerProtocol(choice: ProtocolChoice, index: number): SimProtocol {
  if (choice === 'mixed') return MIXED_READERS[index % MIXED_READERS.length] as SimProtocol;
  return choice === 'zigbee2mqtt' ? 'native' : choice;
}

function sensorProtocol(choice: ProtocolChoice, index: number): SimProtocol {
  if (choice === 'mixed') return index % 2 === 1 ? 'zigbee2mqtt' : 'native';
  return choice === 'zigbee2mqtt' ? 'zigbee2mqtt' : 'native';
}

function reader(site: string, door: string, protocol: SimProtocol, index: number): DeviceRecord {
  const id = `${door}-reader`;
  if (protocol === 'esp-rfid') return { id, kind: 'reader', protocol, door, topic: `esp-rfid/${id}`, ip: `10.29.0.${10 + index}` };
  if (protocol === 'tasmota') return { id, kind: 'reader', protocol, door, topic: `${site}-${id}` };
  return { id, kind: 'reader', protocol, door };
}

function sensor(site: string, kind: 'desk-sensor' | 'door-sensor', place: string, protocol: SimProtocol): DeviceRecord {
  const id = kind === 'desk-sensor' ? `${place}-sensor` : `${place}-contact`;
  const where = kind === 'desk-sensor' ? { desk: place } : { door: place };
  if (protocol !== 'zigbee2mqtt') return { id, kind, protocol, ...where };
  return { id, kind, protocol, ...where, topic: kind === 'desk-sensor' ? place : `${place}-door`, bridge: bridgeId(site) };
}

/**
 * Extra native readers for `load --devices N`, on the doors in turn. Readers only: a desk takes one
 * sensor (the service answers 409 to a second), and sensor messages/s spread over the desks' own.
 */
function loadDevices(layout: SiteLayout, count: number): DeviceRecord[] {
  if (layout.doors.length === 0) return [];
  return Array.from({ length: count }, (_, index) => ({
    id: `load-reader-${String(index + 1).padStart(3, '0')}`,
    kind: 'reader' as const,
    protocol: 'native' as const,
    door: layout.doors[index % layout.doors.length]!.id,
  }));
}

/** The devices of a site; bridges first, since their sensors name them. */
export function planDevices(layout: SiteLayout, choice: ProtocolChoice, extraLoadDevices = 0): DeviceRecord[] {
  const site = layout.id;
  const readers = layout.doors.map((door, index) => reader(site, door.id, readerProtocol(choice, index), index));
  const contacts = layout.doors
    // An esp-rfid reader reports its own door's state: no second device on that door.
    .filter((_door, index) => readers[index]?.protocol !== 'esp-rfid')
    .map((door, index) => sensor(site, 'door-sensor', door.id, sensorProtocol(choice, index)));
  const desks = layout.desks.map((desk, index) => sensor(site, 'desk-sensor', desk.id, sensorProtocol(choice, index)));
  const all = [...readers, ...contacts, ...desks, ...loadDevices(layout, extraLoadDevices)];
  const bridge: DeviceRecord[] = all.some((device) => device.protocol === 'zigbee2mqtt')
    ? [{ id: bridgeId(site), kind: 'bridge', protocol: 'zigbee2mqtt', topic: bridgeTopic(site) }]
    : [];
  return [...bridge, ...all];
}
