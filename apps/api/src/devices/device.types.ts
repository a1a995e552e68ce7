// A device as the service knows it: what was provisioned, and what it last said about itself.
import type { DeskSensorType } from '#domain';
import type { UidFormat } from '#protocol';
import type { DeviceKind, DeviceProtocol } from './device-events.js';

export type { DeviceKind, DeviceProtocol } from './device-events.js';

export const DEVICE_KINDS: readonly DeviceKind[] = ['reader', 'desk-sensor', 'door-sensor', 'bridge'];
export const DEVICE_PROTOCOLS: readonly DeviceProtocol[] = ['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt'];

/** What `POST /api/devices` fixed; only `door`, `desk` and `name` change afterwards (PATCH). */
export interface Device {
  id: string;
  kind: DeviceKind;
  site: string;
  protocol: DeviceProtocol;
  door?: string;
  desk?: string;
  /** Foreign firmwares: their own base topic (a bridge's: the Zigbee2MQTT base topic). */
  topic?: string;
  /** Zigbee2MQTT sensors: the id of the bridge device that publishes for them. */
  bridge?: string;
  /** How the reader prints card numbers when its payload cannot say (esp-rfid on Wiegand: `decimal`). */
  uidFormat?: UidFormat;
  /** Foreign readers on a multi-relay board: the relay (from 1) that opens this reader's door. */
  relay?: number;
  /** The manager's label for it (optional addition to the contract, set by PATCH). */
  name?: string;
  /** esp-rfid readers sharing one topic: the hostname its messages carry (`hostname`). */
  hostname?: string;
  /** esp-rfid readers sharing one topic: its door name (`doorName`), for messages without hostname. */
  doorName?: string;
  /** Desk sensors: the kind of sensor, which sets the desk's hold (wins over the site file's). */
  sensor?: DeskSensorType;
  createdAt: Date;
}

/** Why a message was dropped; counted per device and shown in `GET /api/devices`. */
export type DropCause = 'oversized' | 'malformed' | 'unauthorised' | 'unknown-topic' | 'rate-limited';
export const DROP_CAUSES: readonly DropCause[] = ['oversized', 'malformed', 'unauthorised', 'unknown-topic', 'rate-limited'];

/** What the device last told us, kept in memory and persisted in batches. */
export interface DeviceState {
  online: boolean;
  lastSeen?: Date;
  battery?: number;
  rssi?: number;
  /** Zigbee link quality (LQI, 0..255): Zigbee2MQTT's signal measure, not dBm. */
  linkquality?: number;
  fw?: string;
  /** esp-rfid: the ip of its latest boot or heartbeat, which its `opendoor` command must name. */
  ip?: string;
}

/** One device as `GET /api/devices` shows it. */
export interface DeviceView extends Omit<Device, 'createdAt'> {
  online: boolean;
  lastSeen: string | null;
  battery: number | null;
  fw: string | null;
  rssi: number | null;
  linkquality: number | null;
  createdAt: string;
  errors: Record<DropCause, number>;
}

/** Secrets as stored: one hash for the embedded broker, one Mosquitto can read. */
export interface DeviceSecretHashes {
  secretHash: string;
  mosquittoHash: string;
}
