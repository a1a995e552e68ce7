// Zigbee2MQTT sensors behind a bridge (github.com/Koenkk/zigbee2mqtt, docs in Koenkk/zigbee2mqtt.io).
// State: `{base}/{friendly name}`, always a JSON object (guide/usage/mqtt_topics_and_messages.md).
//   occupancy (motion, e.g. RTCGQ11LM) or presence (mmWave, e.g. RTCZCGQ11LM FP1) -> desk presence
//   contact: "Indicates if the contact is closed (= true) or open (= false)" (devices/MCCGQ11LM.md;
//     zigbee-herdsman-converters ias_contact_alarm_1: contact = !alarm bit), so open = !contact
//   battery in %, linkquality in LQI 0..255
// Availability: `{base}/{friendly name}/availability`, legacy `online`/`offline` or, with
// `legacy_availability_payload: false`, `{"state":"online"}` (guide/configuration/device-availability.md).
import type { JsonObject } from '../payload.js';
import { failure, parseJsonObject } from '../payload.js';
import { optional, pick, toBattery, toBoolean, toNumber } from './coerce.js';
import type { CommandResult, ConvertResult, DeviceContext, DeviceEvent, FirmwareConverter } from './types.js';

export const DEFAULT_ZIGBEE2MQTT_BASE = 'zigbee2mqtt';

const base = (ctx: DeviceContext): string => ctx.bridgeTopic ?? DEFAULT_ZIGBEE2MQTT_BASE;

function state(message: JsonObject): ConvertResult {
  const events: DeviceEvent[] = [];
  const battery = toBattery(pick(message, 'battery'));
  const occupied = toBoolean(pick(message, 'occupancy')) ?? toBoolean(pick(message, 'presence'));
  if (occupied !== undefined) events.push({ type: 'presence', occupied, ...optional('battery', battery) });
  const contact = toBoolean(pick(message, 'contact'));
  if (contact !== undefined) events.push({ type: 'door', open: !contact });
  const linkquality = toNumber(pick(message, 'linkquality'));
  if (battery !== undefined || linkquality !== undefined) {
    events.push({ type: 'telemetry', ...optional('battery', battery), ...optional('linkquality', linkquality) });
  }
  return { ok: true, events };
}

function availability(payload: string): ConvertResult {
  let state: unknown = payload.trim();
  if (payload.trim().startsWith('{')) {
    const json = parseJsonObject(payload);
    if (!json.ok) return json;
    state = pick(json.value, 'state');
  }
  const text = typeof state === 'string' ? state.toLowerCase() : undefined;
  if (text === 'online' || text === 'offline') return { ok: true, events: [{ type: 'status', online: text === 'online' }] };
  return failure('invalid', `availability "${payload.slice(0, 40)}" is neither online nor offline`);
}

/** Sensors take no orders from the access decision. */
function decision(): CommandResult {
  return { ok: true, commands: [] };
}

export const zigbee2mqtt: FirmwareConverter = {
  protocol: 'zigbee2mqtt',
  source: 'github.com/Koenkk/zigbee2mqtt.io docs; github.com/Koenkk/zigbee-herdsman-converters',
  fromDevice: {
    state: { topic: (ctx) => `${base(ctx)}/${ctx.topic}`, payload: 'json', convert: state },
    availability: {
      topic: (ctx) => `${base(ctx)}/${ctx.topic}/availability`,
      payload: 'text',
      convert: availability,
    },
  },
  toDevice: { decision },
};
