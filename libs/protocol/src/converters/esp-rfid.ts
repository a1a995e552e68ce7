// esp-rfid (github.com/esprfid/esp-rfid). Topics and payloads follow its README-MQTT.md and
// src/mqtt.esp, src/door.esp, src/rfid.esp: everything the reader says goes to `{topic}/send`
// (or `{topic}/tag` and `{topic}/io/*` in Home Assistant mode); commands go to `{topic}/cmd` and
// carry the target's IP in `doorip`, which non-HA builds compare with their own IP before acting.
import { printedCandidates } from '../printed-uid.js';
import { normalizeUid } from '../uid.js';
import type { JsonObject } from '../payload.js';
import { failure, parseJsonObject, payloadText } from '../payload.js';
import { optional, pick, toBoolean } from './coerce.js';
import type { DecisionMessage } from '../messages.js';
import type { CommandContext, CommandResult, ConvertResult, DeviceContext, DeviceEvent, FirmwareConverter } from './types.js';

const ok = (...events: DeviceEvent[]): ConvertResult => ({ ok: true, events });

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A scan. A blank uid is not a card: esp-rfid publishes `uid: " "` for a door opened by MQTT
 * `opendoor` or by its exit button (src/mqtt.esp, src/main.cpp `mqtt_publish_access(..., " ")`),
 * so our own grants must not come back as badges.
 */
function badge(message: JsonObject, ctx: DeviceContext): ConvertResult {
  const raw = pick(message, 'uid');
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return ok();
  const format = ctx.uidFormat ?? 'auto';
  if (format === 'auto' && typeof raw === 'string' && /^[0-9a-f]+$/i.test(raw)) return printed(raw);
  const uid = normalizeUid(raw, format);
  return uid.ok ? ok({ type: 'badge', uid: uid.uid }) : failure('invalid', `uid: ${uid.reason}: ${uid.detail}`);
}

/**
 * Bare hex digits from esp-rfid may be a PN532's bytes without their leading zeros, or a Wiegand
 * number in hex (printed-uid.ts): the event carries the text for access control to match against
 * enrolled badges, and the likeliest reading as `uid` for the audit log of an unknown card.
 */
function printed(raw: string): ConvertResult {
  const candidates = printedCandidates(raw);
  if (candidates.length === 0) return failure('invalid', `uid: "${raw.slice(0, 24)}" is no 4, 7 or 10-byte UID however its zeros are restored`);
  return ok({ type: 'badge', uid: candidates[0]!, printed: raw.toUpperCase() });
}

/** Boot and heartbeat carry the ip commands must name (README-MQTT.md "Base messages"). */
function status(message: JsonObject): ConvertResult {
  const ip = text(pick(message, 'ip'));
  return ok({ type: 'status', online: true, ...optional('ip', ip) });
}

/** Log events `{"src":"door","desc":"Door Open"|"Door Closed"}` (src/door.esp writeEvent). */
function logEvent(message: JsonObject): ConvertResult {
  if (text(pick(message, 'src'))?.toLowerCase() !== 'door') return ok();
  const desc = text(pick(message, 'desc'))?.toLowerCase();
  if (desc === 'door open') return ok({ type: 'door', open: true });
  if (desc === 'door closed') return ok({ type: 'door', open: false });
  return ok();
}

function send(message: JsonObject, ctx: DeviceContext): ConvertResult {
  const type = text(pick(message, 'type'))?.toLowerCase();
  if (type === 'access') return badge(message, ctx);
  if (type === 'boot' || type === 'heartbeat') return status(message);
  if (text(pick(message, 'cmd'))?.toLowerCase() === 'event') return logEvent(message);
  // User lists, acknowledgements and other logs are esp-rfid talking to its own tools.
  return ok();
}

/** `{topic}/io/door`: `ON` when the door opens, `OFF` when it closes (src/door.esp). */
function ioDoor(payload: string): ConvertResult {
  const open = toBoolean(payload);
  return open === undefined ? failure('invalid', `door state "${payload.slice(0, 20)}" is not ON or OFF`) : ok({ type: 'door', open });
}

/** `{topic}/avty`: retained `online` (src/mqtt.esp mqtt_publish_avty). */
function availability(payload: string): ConvertResult {
  const state = payload.trim().toLowerCase();
  if (state === 'online' || state === 'offline') return ok({ type: 'status', online: state === 'online' });
  return failure('invalid', `availability "${payload.slice(0, 20)}" is not online or offline`);
}

function decision(decisionMessage: DecisionMessage, ctx: CommandContext): CommandResult {
  if (!decisionMessage.granted) return { ok: true, commands: [] };
  if (ctx.lastIp === undefined) {
    return { ok: false, error: 'missing-ip', detail: `no boot or heartbeat seen from esp-rfid "${ctx.topic}" yet` };
  }
  // `open` with a 0-based relay index as a string, read with strlcpy (dev branch src/mqtt.esp
  // processMqttMessage, since 2022-11): only that relay. `opendoor` switches every relay.
  const payload =
    ctx.relay === undefined
      ? JSON.stringify({ cmd: 'opendoor', doorip: ctx.lastIp })
      : JSON.stringify({ cmd: 'open', door: String(ctx.relay - 1), doorip: ctx.lastIp });
  return { ok: true, commands: [{ topic: `${ctx.topic}/cmd`, payload, qos: 1, retain: false }] };
}

/** Who says they sent an esp-rfid message: what readers sharing one topic are told apart by. */
export interface EspRfidSender {
  /** Every `{topic}/send` message (boot, heartbeat, access, events) carries the reader's hostname. */
  hostname?: string;
  /** Access messages carry the door name: the only name on Home Assistant mode's `{topic}/tag`. */
  doorName?: string;
}

/**
 * The names an esp-rfid message gives its sender (dev src/mqtt.esp mqttPublishAccess, mqttPublishBoot,
 * mqttPublishHeartbeat: `hostname`, `doorName`, an array of door names on a multi-relay board, of
 * which the first is relay 1's). Self-declared: readers sharing a topic can speak for each other.
 */
export function espRfidSender(payload: Uint8Array | string): EspRfidSender {
  const text = payloadText(payload);
  const json = text.ok ? parseJsonObject(text.text) : undefined;
  if (!json?.ok) return {};
  const hostname = pick(json.value, 'hostname');
  const doorName = pick(json.value, 'doorName');
  const door = Array.isArray(doorName) ? doorName[0] : doorName;
  return { ...optional('hostname', typeof hostname === 'string' ? hostname : undefined), ...optional('doorName', typeof door === 'string' ? door : undefined) };
}

export const espRfid: FirmwareConverter = {
  protocol: 'esp-rfid',
  source: 'github.com/esprfid/esp-rfid README-MQTT.md, src/mqtt.esp, src/door.esp, src/rfid.esp',
  fromDevice: {
    send: { topic: (ctx) => `${ctx.topic}/send`, payload: 'json', convert: send },
    tag: { topic: (ctx) => `${ctx.topic}/tag`, payload: 'json', convert: badge },
    door: { topic: (ctx) => `${ctx.topic}/io/door`, payload: 'text', convert: ioDoor },
    availability: { topic: (ctx) => `${ctx.topic}/avty`, payload: 'text', convert: availability },
  },
  toDevice: { decision },
};
