// --stock: foreign devices as their firmware ships (libs/protocol's stock sequences): the
// firmware's own client id, keepalive and will, its connect-time publishes on its timetable (Tasmota's
// empty POWER and discovery, esp-rfid's boot, Zigbee2MQTT's big retained bridge messages), and
// reads and sensor states at the QoS the firmware uses (0), instead of the sim's tidy defaults.
import { createHash } from 'node:crypto';
import { espRfidSequence, tasmotaSequence, zigbee2mqttSequence, type StockDevice, type StockSequence } from '#protocol';
import type { DeviceRecord } from '../credentials.js';

/** Stable per device id, so a restarted sim reuses the same client ids and MACs, as hardware does. */
function hex(id: string, digits: number): string {
  return createHash('sha256').update(id).digest('hex').slice(0, digits);
}

function stockDevice(record: DeviceRecord, topic: string): StockDevice {
  const chipId = hex(record.id, 6);
  return { topic, chipId, mac: `A4CF12${chipId.toUpperCase()}`, ip: record.ip ?? '10.0.0.1', hostname: record.id };
}

/**
 * The stock sequence of a reader or bridge record, or undefined for native devices. A bridge keeps
 * only its `bridge/*` and Home Assistant messages: the availability and states of the fleet's own
 * sensors are the simulator's.
 */
export function stockSequenceOf(record: DeviceRecord): StockSequence | undefined {
  const topic = record.topic ?? record.id;
  if (record.protocol === 'tasmota') return tasmotaSequence(stockDevice(record, topic));
  if (record.protocol === 'esp-rfid') return espRfidSequence(stockDevice(record, topic));
  if (record.protocol !== 'zigbee2mqtt' || record.kind !== 'bridge') return undefined;
  const base = record.topic ?? 'zigbee2mqtt';
  const sequence = zigbee2mqttSequence(false, base, `mqttjs_${hex(record.id, 8)}`);
  return { ...sequence, publishes: sequence.publishes.filter((p) => p.topic.startsWith(`${base}/bridge/`)) };
}
