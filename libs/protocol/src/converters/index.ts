// Registry of firmware converters and the one entry point that runs them on a raw MQTT message.
import type { DecisionMessage } from '../messages.js';
import { failure, parseJsonObject, payloadText } from '../payload.js';
import { espRfid } from './esp-rfid.js';
import { tasmota } from './tasmota.js';
import type { CommandContext, CommandResult, ConvertResult, DeviceContext, FirmwareConverter, ForeignProtocol } from './types.js';
import { zigbee2mqtt } from './zigbee2mqtt.js';

export * from './types.js';
export { espRfid, espRfidSender, type EspRfidSender } from './esp-rfid.js';
export { pulseTime, tasmota } from './tasmota.js';
export { DEFAULT_ZIGBEE2MQTT_BASE, zigbee2mqtt } from './zigbee2mqtt.js';

export const FIRMWARE_CONVERTERS: Readonly<Record<ForeignProtocol, FirmwareConverter>> = {
  'esp-rfid': espRfid,
  tasmota,
  zigbee2mqtt,
};

function converterOf(protocol: ForeignProtocol | FirmwareConverter): FirmwareConverter {
  return typeof protocol === 'string' ? FIRMWARE_CONVERTERS[protocol] : protocol;
}

/** Every topic to subscribe to for one device (exact topics, no wildcards). */
export function deviceSubscriptions(protocol: ForeignProtocol | FirmwareConverter, ctx: DeviceContext): string[] {
  return Object.values(converterOf(protocol).fromDevice).map((entry) => entry.topic(ctx));
}

/**
 * Converts one message a foreign device published into Cantine events. Applies the same 4 KiB cap
 * and UTF-8 rule as the native decoder; never throws.
 */
export function convertFromDevice(
  protocol: ForeignProtocol | FirmwareConverter,
  topic: string,
  payload: Uint8Array | string,
  ctx: DeviceContext,
): ConvertResult {
  const converter = converterOf(protocol);
  const text = payloadText(payload);
  if (!text.ok) return text;
  const entry = Object.values(converter.fromDevice).find((candidate) => candidate.topic(ctx) === topic);
  if (entry === undefined) return failure('unknown-topic', `${converter.protocol} device "${ctx.topic}" does not publish ${topic.slice(0, 200)}`);
  if (entry.payload === 'text') return entry.convert(text.text, ctx);
  const json = parseJsonObject(text.text);
  return json.ok ? entry.convert(json.value, ctx) : json;
}

/** The commands that carry a decision to a foreign device (none for a denial it cannot show). */
export function commandsForDecision(
  protocol: ForeignProtocol | FirmwareConverter,
  decision: DecisionMessage,
  ctx: CommandContext,
): CommandResult {
  return converterOf(protocol).toDevice.decision(decision, ctx);
}
