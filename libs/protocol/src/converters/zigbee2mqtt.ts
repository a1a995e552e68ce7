// Zigbee2MQTT sensors behind a bridge (github.com/Koenkk/zigbee2mqtt, docs in Koenkk/zigbee2mqtt.io).
// State: `{base}/{friendly name}`, always a JSON object (guide/usage/mqtt_topics_and_messages.md).
//   occupancy (motion, e.g. RTCGQ11LM) or presence (mmWave, e.g. RTCZCGQ11LM FP1) -> desk presence
//   contact: "Indicates if the contact is closed (= true) or open (= false)" (devices/MCCGQ11LM.md;
//     zigbee-herdsman-converters ias_contact_alarm_1: contact = !alarm bit), so open = !contact
//   battery in %, linkquality in LQI 0..255
//   presence_state (Tuya mmWave models that expose nothing else, zigbee-herdsman-converters
//     src/devices/tuya.ts: ["none","presence"], ["none","motion","stationary"], ["NONE","PRESENCE"],
//     ["none","presence","peaceful","small_movement","large_movement"]): anything but none is presence
// With `advanced.output: attribute` (or `attribute_and_json`) each key of that object is published on
// its own topic `{base}/{friendly name}/{key}`, strings as is and other values JSON-stringified
// (zigbee2mqtt lib/controller.ts iteratePayloadAttributeOutput): `{base}/desk-07/occupancy` = `true`.
// Availability: `{base}/{friendly name}/availability`, legacy `online`/`offline` or, with
// `legacy_availability_payload: false`, `{"state":"online"}` (guide/configuration/device-availability.md).
import type { JsonObject } from '../payload.js';
import { failure, parseJsonObject } from '../payload.js';
import { optional, pick, toBattery, toBoolean, toNumber } from './coerce.js';
import type { CommandResult, ConvertResult, DeviceContext, DeviceEvent, FirmwareConverter, FromDeviceConverter } from './types.js';

export const DEFAULT_ZIGBEE2MQTT_BASE = 'zigbee2mqtt';

const base = (ctx: DeviceContext): string => ctx.bridgeTopic ?? DEFAULT_ZIGBEE2MQTT_BASE;

/** `none` (any case) is an empty desk; every other state names a kind of presence. */
function presenceState(value: unknown): boolean | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim().toLowerCase() !== 'none';
}

function state(message: JsonObject): ConvertResult {
  const events: DeviceEvent[] = [];
  const battery = toBattery(pick(message, 'battery'));
  const occupied = toBoolean(pick(message, 'occupancy')) ?? toBoolean(pick(message, 'presence')) ?? presenceState(pick(message, 'presence_state'));
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

/** One attribute topic of `output: attribute`: its bare value read as the state key it stands for. */
function attribute(key: string): FromDeviceConverter {
  return {
    topic: (ctx) => `${base(ctx)}/${ctx.topic}/${key}`,
    payload: 'text',
    convert: (text) => {
      const value = key === 'presence_state' ? text : parseBare(text);
      if (value === undefined) return failure('invalid', `${key} "${text.slice(0, 20)}" is not a value`);
      return state({ [key]: value });
    },
  };
}

/** `true`, `87`, `"ON"`: JSON when it parses, else the text itself (strings are published unquoted). */
function parseBare(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' ? undefined : value;
  } catch {
    return text.trim() === '' ? undefined : text.trim();
  }
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
    occupancy: attribute('occupancy'),
    presence: attribute('presence'),
    presenceState: attribute('presence_state'),
    contact: attribute('contact'),
    battery: attribute('battery'),
  },
  toDevice: { decision },
};
