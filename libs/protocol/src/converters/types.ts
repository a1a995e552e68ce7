// The shape of a firmware converter, after zigbee-herdsman-converters: one declarative object per
// device family, a list of pure `fromDevice` converters keyed by topic and one `toDevice` per
// service message. The service picks the object by the device's `protocol` (contract section 3).
import type { DecisionMessage } from '../messages.js';
import type { DecodeFailure, JsonObject } from '../payload.js';
import type { UidFormat } from '../uid.js';

export type ForeignProtocol = 'esp-rfid' | 'tasmota' | 'zigbee2mqtt';

export const FOREIGN_PROTOCOLS: readonly ForeignProtocol[] = ['esp-rfid', 'tasmota', 'zigbee2mqtt'];

/** What a foreign message means to Cantine, whatever firmware sent it. */
export type DeviceEvent =
  /**
   * `printed`: the reader's own text when it may have dropped leading zeros (esp-rfid, see
   * printed-uid.ts); `uid` is then its likeliest reading, to be matched by `matchPrintedUid`.
   */
  | { type: 'badge'; uid: string; seq?: number; printed?: string }
  | { type: 'door'; open: boolean }
  | { type: 'presence'; occupied: boolean; battery?: number }
  | { type: 'status'; online: boolean; fw?: string; battery?: number; rssi?: number; ip?: string }
  /** Battery / signal reported without saying whether the device is online (Zigbee2MQTT state). */
  | { type: 'telemetry'; battery?: number; linkquality?: number };

/** One MQTT publish the service makes to drive a foreign device. */
export interface DeviceCommand {
  topic: string;
  payload: string;
  retain?: boolean;
  qos?: 0 | 1 | 2;
}

/** What the service knows about a provisioned foreign device (contract section 3, POST /api/devices). */
export interface DeviceContext {
  /** The firmware's own base topic: esp-rfid's MQTT topic, Tasmota's %topic%, the Z2M friendly name. */
  topic: string;
  /** Zigbee2MQTT base topic of the device's bridge; default `zigbee2mqtt`. */
  bridgeTopic?: string;
  /** How the reader prints card numbers when the payload cannot say (esp-rfid on Wiegand: `decimal`). */
  uidFormat?: UidFormat;
  /**
   * The relay that opens this reader's door on a multi-relay board, from 1 (Tasmota `POWER<n>`,
   * esp-rfid relay n). Unset: the firmware's default door command (Tasmota relay 1, esp-rfid all relays).
   */
  relay?: number;
}

/** What the service remembers between messages and needs to address a command. */
export interface CommandContext extends DeviceContext {
  /** esp-rfid: the `ip` of the device's latest boot or heartbeat message. */
  lastIp?: string;
}

export type ConvertResult = { ok: true; events: DeviceEvent[] } | DecodeFailure;

export type CommandResult =
  | { ok: true; commands: DeviceCommand[] }
  | { ok: false; error: 'missing-ip'; detail: string };

/** One incoming topic of a firmware: where it is and how its payload becomes events. */
export type FromDeviceConverter = {
  /** Absolute topic this converter reads, for a given device. */
  topic: (ctx: DeviceContext) => string;
} & (
  | { payload: 'json'; convert: (message: JsonObject, ctx: DeviceContext) => ConvertResult }
  /** Raw text: plain `ON` / `Online` payloads, or ones that may be either text or JSON. */
  | { payload: 'text'; convert: (text: string, ctx: DeviceContext) => ConvertResult }
);

export interface FirmwareConverter {
  protocol: ForeignProtocol;
  /** Where the topics and payloads come from, for people reading logs and docs. */
  source: string;
  fromDevice: Readonly<Record<string, FromDeviceConverter>>;
  toDevice: {
    decision: (decision: DecisionMessage, ctx: CommandContext) => CommandResult;
  };
}
