// Tasmota (github.com/arendst/Tasmota) with an RFID reader, default FullTopic `%prefix%/%topic%/`.
// A read is published at once as telemetry on `tele/{topic}/SENSOR`, one JSON key per driver:
//   PN532   {"PN532":{"UID":"94D8FC5F","DATA":""}}        xsns_40_pn532.ino (ToHex_P: upper-case hex)
//   RC522   {"RC522":{"UID":"BA839D07","Data":"",...}}    xsns_80_mfrc522.ino (ToHex_P)
//   RDM6300 {"RDM6300":{"UID":"008EC793"}}                xsns_51_rdm6300.ino ("%08X")
//   Wiegand {"Wiegand":{"UID":7748328,"Size":26}}         xsns_82_wiegand.ino (decimal number, or
//           "763AE8h" with SetOption123 1)
// `tele/{topic}/LWT` is `Online` / `Offline` as plain text. A grant switches the door relay with
// `ON` on `cmnd/{topic}/POWER` (contract section 2), preceded by `PulseTime1` set to the door's
// unlock time so the relay releases itself after it (see `pulseTime`). A reader bound to relay n of
// a multi-relay board gets `PulseTime<n>` and `POWER<n>` instead.
import { normalizeUid, type UidFormat } from '../uid.js';
import type { JsonObject } from '../payload.js';
import { failure } from '../payload.js';
import { pick, pickObject, toNumber } from './coerce.js';
import type { DecisionMessage } from '../messages.js';
import type { CommandContext, CommandResult, ConvertResult, DeviceEvent, FirmwareConverter } from './types.js';

/** Driver JSON keys and how each prints the card number. */
const READERS: readonly { key: string; format: (uid: unknown) => UidFormat }[] = [
  { key: 'PN532', format: () => 'hex' },
  { key: 'RC522', format: () => 'hex' },
  { key: 'RDM6300', format: () => 'hex' },
  // A number is decimal; a string is either "<hex>h" (SetOption123, read by `auto`) or a quoted decimal.
  { key: 'Wiegand', format: (uid) => (typeof uid === 'string' && /h$/i.test(uid) ? 'auto' : 'decimal') },
];

/**
 * Wiegand keypads send 4-bit or 8-bit codes; Tasmota publishes them with that `Size`, one key at a
 * time (SetOption124 1) or the digits up to `#`/`*` as one number (default): a PIN, not a card
 * (xsns_82_wiegand.ino WiegandConversion, HandleKeyPad). Never decided, never an unknown badge.
 */
function isKeypad(block: JsonObject): boolean {
  const size = toNumber(pick(block, 'Size'));
  return size === 4 || size === 8;
}

function sensor(message: JsonObject): ConvertResult {
  const events: DeviceEvent[] = [];
  for (const reader of READERS) {
    const block = pickObject(message, reader.key);
    if (block === undefined || (reader.key === 'Wiegand' && isKeypad(block))) continue;
    const raw = pick(block, 'UID');
    const uid = normalizeUid(raw, reader.format(raw));
    if (!uid.ok) return failure('invalid', `${reader.key}.UID: ${uid.reason}: ${uid.detail}`);
    events.push({ type: 'badge', uid: uid.uid });
  }
  // Periodic telemetry of other sensors on the same device carries no reader key: nothing to do.
  return { ok: true, events };
}

function lwt(payload: string): ConvertResult {
  const state = payload.trim().toLowerCase();
  if (state === 'online' || state === 'offline') return { ok: true, events: [{ type: 'status', online: state === 'online' }] };
  return failure('invalid', `LWT "${payload.slice(0, 20)}" is not Online or Offline`);
}

/** Tasmota's largest PulseTime value: the command takes 0..65535 (support_command.ino CmndPulsetime). */
const MAX_PULSE_TIME = 65_535;

/**
 * The PulseTime value that releases a relay after `ms`, in Tasmota's two units
 * (tasmota/tasmota_support/support_tasmota.ino SetPulseTimer: `time > 111 ? 1000 * (time - 100) :
 * 100 * time` ms): 1..111 are tenths of a second (0.1 s to 11.1 s), 112 and above are seconds plus
 * 100 (12 s and up). Rounded to the nearest step the unit allows; never 0, which means "no pulse".
 */
export function pulseTime(ms: number): number {
  const tenths = Math.max(1, Math.round(ms / 100));
  if (tenths <= 111) return tenths;
  return Math.min(MAX_PULSE_TIME, Math.max(12, Math.round(ms / 1000)) + 100);
}

/**
 * PulseTime first, then POWER: Tasmota starts a relay's pulse from its stored PulseTime when the
 * relay is switched on, so the order matters. MQTT orders messages per topic only [MQTT-4.6.0-6]:
 * ReaderAnswers publishes the commands one after the other, each awaited, so the broker has queued
 * PulseTime to the device before it receives POWER. Setting the value the device already holds
 * writes no flash (Tasmota saves its settings when their checksum changes).
 */
function decision(decisionMessage: DecisionMessage, ctx: CommandContext): CommandResult {
  if (!decisionMessage.granted) return { ok: true, commands: [] };
  const relay = ctx.relay ?? 1;
  const power = { topic: `cmnd/${ctx.topic}/POWER${relay === 1 ? '' : relay}`, payload: 'ON', qos: 1 as const, retain: false };
  if (decisionMessage.unlockMs === undefined || decisionMessage.unlockMs <= 0) return { ok: true, commands: [power] };
  const pulse = { topic: `cmnd/${ctx.topic}/PulseTime${relay}`, payload: String(pulseTime(decisionMessage.unlockMs)), qos: 1 as const, retain: false };
  return { ok: true, commands: [pulse, power] };
}

export const tasmota: FirmwareConverter = {
  protocol: 'tasmota',
  source: 'github.com/arendst/Tasmota tasmota/tasmota_xsns_sensor/xsns_{40_pn532,80_mfrc522,51_rdm6300,82_wiegand}.ino, tasmota/tasmota_support/support_{command,tasmota}.ino; tasmota.github.io/docs',
  fromDevice: {
    sensor: { topic: (ctx) => `tele/${ctx.topic}/SENSOR`, payload: 'json', convert: sensor },
    lwt: { topic: (ctx) => `tele/${ctx.topic}/LWT`, payload: 'text', convert: lwt },
  },
  toDevice: { decision },
};
