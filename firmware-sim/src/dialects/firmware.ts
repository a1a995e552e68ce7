// esp-rfid, Tasmota and Zigbee2MQTT as their firmwares publish (contract section 2). Topics come
// from libs/protocol's converters (the very entries the service reads), so the simulator and the
// service cannot disagree on where a firmware talks.
import {
  commandsForDecision,
  espRfid,
  formatUid,
  tasmota,
  zigbee2mqtt,
  type DeviceContext,
  type ForeignProtocol,
} from '#protocol';
import type { Publication, ReaderReply } from './types.js';

/** A firmware clock: esp-rfid sends Unix seconds, Tasmota local time without offset. */
const unixSeconds = (now: Date) => Math.floor(now.getTime() / 1000);
const tasmotaTime = (now: Date) => now.toISOString().slice(0, 19);

export interface EspRfidTarget extends DeviceContext {
  ip: string;
  hostname: string;
}

/** esp-rfid access message on `{topic}/send` (README-MQTT.md "Publish Access"); the reader itself knows no user. */
export function espRfidBadge(target: EspRfidTarget, uid: string, now = new Date()): Publication {
  const payload = { type: 'access', time: unixSeconds(now), isKnown: 'false', access: 'Denied', username: 'Unknown', uid: formatUid(uid, { lowerCase: true }), door: target.hostname };
  return { topic: espRfid.fromDevice.send.topic(target), payload: JSON.stringify(payload), qos: 1, retain: false };
}

/** Boot or heartbeat: the service learns the ip its `opendoor` commands must name. */
export function espRfidHello(target: EspRfidTarget, type: 'boot' | 'heartbeat', uptimeS: number, now = new Date()): Publication {
  const payload = { type, time: unixSeconds(now), uptime: Math.round(uptimeS), ip: target.ip, hostname: target.hostname };
  return { topic: espRfid.fromDevice.send.topic(target), payload: JSON.stringify(payload), qos: 1, retain: false };
}

/** The reader's own door sensor, as a log event (src/door.esp writeEvent). */
export function espRfidDoor(target: EspRfidTarget, open: boolean, now = new Date()): Publication {
  const payload = { type: 'INFO', src: 'door', desc: open ? 'Door Open' : 'Door Closed', data: '', time: unixSeconds(now), cmd: 'event', hostname: target.hostname };
  return { topic: espRfid.fromDevice.send.topic(target), payload: JSON.stringify(payload), qos: 1, retain: false };
}

/** Home Assistant availability, retained (src/mqtt.esp mqtt_publish_avty); also the last will. */
export function espRfidAvailability(target: EspRfidTarget, online: boolean): Publication {
  return { topic: espRfid.fromDevice.availability.topic(target), payload: online ? 'online' : 'offline', qos: 1, retain: true };
}

/** A PN532 read on `tele/{topic}/SENSOR` (xsns_40_pn532.ino: upper-case hex). */
export function tasmotaBadge(target: DeviceContext, uid: string, now = new Date()): Publication {
  const payload = { Time: tasmotaTime(now), PN532: { UID: uid, DATA: '' } };
  return { topic: tasmota.fromDevice.sensor.topic(target), payload: JSON.stringify(payload), qos: 1, retain: false };
}

/** `tele/{topic}/LWT`, retained `Online` at connect and `Offline` as the last will, as Tasmota does. */
export function tasmotaLwt(target: DeviceContext, online: boolean): Publication {
  return { topic: tasmota.fromDevice.lwt.topic(target), payload: online ? 'Online' : 'Offline', qos: 1, retain: true };
}

/** A motion / presence sensor's state as the bridge publishes it (RTCGQ11LM exposes). */
export function z2mOccupancy(target: DeviceContext, occupied: boolean, battery: number, linkquality: number): Publication {
  const payload = {
    battery: Math.round(battery),
    illuminance: 320,
    linkquality: Math.round(linkquality),
    occupancy: occupied,
    voltage: 2900 + Math.round(battery * 3),
  };
  return { topic: zigbee2mqtt.fromDevice.state.topic(target), payload: JSON.stringify(payload), qos: 1, retain: false };
}

/** A door contact (MCCGQ11LM): `contact: true` means closed. */
export function z2mContact(target: DeviceContext, open: boolean, battery: number, linkquality: number): Publication {
  const payload = {
    battery: Math.round(battery),
    contact: !open,
    linkquality: Math.round(linkquality),
    voltage: 2900 + Math.round(battery * 3),
  };
  return { topic: zigbee2mqtt.fromDevice.state.topic(target), payload: JSON.stringify(payload), qos: 1, retain: false };
}

/** `{base}/{friendly name}/availability`, JSON form, retained as the bridge publishes it. */
export function z2mAvailability(target: DeviceContext, online: boolean): Publication {
  return { topic: zigbee2mqtt.fromDevice.availability.topic(target), payload: JSON.stringify({ state: online ? 'online' : 'offline' }), qos: 1, retain: true };
}

/**
 * The topic filter a reader firmware subscribes to, built from the library's own command builder
 * with a sample grant, so the simulator listens where the service publishes. Tasmota subscribes to
 * its whole `cmnd/{topic}/#` (a grant is `PulseTime<n>` then `POWER<n>`); esp-rfid to `{topic}/cmd`.
 */
export function commandTopic(protocol: Exclude<ForeignProtocol, 'zigbee2mqtt'>, target: DeviceContext & { ip?: string }): string {
  const result = commandsForDecision(protocol, { seq: 0, granted: true, reason: 'staff' }, { ...target, lastIp: target.ip ?? '0.0.0.0' });
  const topic = result.ok ? result.commands.at(-1)?.topic : undefined;
  if (topic === undefined) throw new Error(`${protocol} has no command topic for "${target.topic}"`);
  return protocol === 'tasmota' ? `${topic.slice(0, topic.lastIndexOf('/'))}/#` : topic;
}

/** Whether an MQTT topic filter (`+`, trailing `#`) covers a topic [MQTT-4.7.1]. */
export function listensOn(filter: string, topic: string): boolean {
  const want = filter.split('/');
  const have = topic.split('/');
  for (let i = 0; i < want.length; i += 1) {
    if (want[i] === '#') return true;
    if (i >= have.length || (want[i] !== '+' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}

/**
 * esp-rfid acts on `{"cmd":"opendoor","doorip":<its own ip>}` (every relay) and, on the dev
 * branch, `{"cmd":"open","door":"<0-based relay>","doorip":…}` (src/mqtt.esp onMqttMessage).
 */
export function readEspRfidCommand(target: EspRfidTarget, payload: Buffer | string): ReaderReply | undefined {
  try {
    const command = JSON.parse(payload.toString()) as { cmd?: unknown; doorip?: unknown; door?: unknown };
    if (command.doorip !== target.ip) return undefined;
    if (command.cmd === 'opendoor') return { granted: true };
    if (command.cmd === 'open' && command.door === String((target.relay ?? 1) - 1)) return { granted: true };
  } catch {
    // Not JSON: not a command this firmware understands, ignored as the firmware would.
  }
  return undefined;
}

/**
 * Tasmota switches relay n on `ON`, `1` or `TOGGLE` on `cmnd/{topic}/POWER<n>` (`POWER` is relay 1;
 * command names are case-insensitive, docs Commands.md Power). `PulseTime<n>` is a setting, not an
 * opening: it answers nothing here.
 */
export function readTasmotaCommand(target: DeviceContext, topic: string, payload: Buffer | string): ReaderReply | undefined {
  const relay = target.relay ?? 1;
  const command = topic.slice(topic.lastIndexOf('/') + 1).toUpperCase();
  const mine = command === `POWER${relay}` || (relay === 1 && command === 'POWER');
  const text = payload.toString().trim().toUpperCase();
  return mine && (text === 'ON' || text === '1' || text === 'TOGGLE') ? { granted: true } : undefined;
}
