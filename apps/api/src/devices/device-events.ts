// What devices tell the service, once the ingestion pipeline has checked and converted it:
// the same events whatever the device's protocol (native, esp-rfid, Tasmota, Zigbee2MQTT).
// The devices feature publishes them; access control and occupancy subscribe.
import { Injectable, Logger } from '@nestjs/common';
import type { DeskSensorType } from '#domain';

export type DeviceKind = 'reader' | 'desk-sensor' | 'door-sensor' | 'bridge';
export type DeviceProtocol = 'native' | 'esp-rfid' | 'tasmota' | 'zigbee2mqtt';

interface EventBase {
  site: string;
  /** The device that sent it (a Zigbee2MQTT sensor's own id, not its bridge's). */
  deviceId: string;
  /** Service clock: the one decisions and occupancy trust. */
  receivedAt: Date;
  /** The device's own `ts`, when it sent one (kept for the audit log, never trusted for rules). */
  deviceTime?: Date;
}

export interface BadgeEvent extends EventBase {
  type: 'badge';
  door: string;
  /** Canonical upper-case hex (libs/protocol normalizeUid). */
  uid: string;
  /** Native readers' per-reader counter; absent for firmwares that have none. */
  seq?: number;
  /**
   * esp-rfid: the text the reader printed, which may lack the leading zero of each byte (libs/protocol
   * printed-uid.ts). `uid` is then only its likeliest reading: access control matches this text
   * against the enrolled badges first.
   */
  printed?: string;
  protocol: DeviceProtocol;
  /** Decided by the reader from its allow-list while the service was silent: audit it, never decide it. */
  offline?: boolean;
  /** With `offline`: whether the reader opened. */
  offlineGranted?: boolean;
}

export interface DoorEvent extends EventBase {
  type: 'door';
  door: string;
  open: boolean;
}

export interface PresenceEvent extends EventBase {
  type: 'presence';
  desk: string;
  occupied: boolean;
  battery?: number;
  /** The kind of the sensor, when its provisioning says: sets the desk's hold over the site file's. */
  sensor?: DeskSensorType;
}

export interface DeviceStatusEvent extends EventBase {
  type: 'device-status';
  kind: DeviceKind;
  desk?: string;
  door?: string;
  online: boolean;
  battery?: number;
  rssi?: number;
  fw?: string;
}

/** A device over its rate limit: how many of its messages were dropped over one summary period. */
export interface FloodEvent extends EventBase {
  type: 'flood';
  kind: DeviceKind;
  door?: string;
  dropped: number;
  /** The first drop of the period. */
  since: Date;
}

export type DeviceEvent = BadgeEvent | DoorEvent | PresenceEvent | DeviceStatusEvent | FloodEvent;
type Handler<T extends DeviceEvent['type']> = (event: Extract<DeviceEvent, { type: T }>) => void;

/** An in-process bus: synchronous, in order; a failing subscriber is logged and never stops the others. */
@Injectable()
export class DeviceEvents {
  private readonly logger = new Logger('DeviceEvents');
  private readonly handlers = new Map<DeviceEvent['type'], Array<(event: DeviceEvent) => void>>();

  on<T extends DeviceEvent['type']>(type: T, handler: Handler<T>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as (event: DeviceEvent) => void);
    this.handlers.set(type, list);
  }

  publish(event: DeviceEvent): void {
    for (const handler of this.handlers.get(event.type) ?? []) {
      try {
        handler(event);
      } catch (error) {
        this.logger.error(`A ${event.type} subscriber failed: ${error instanceof Error ? error.stack : error}`);
      }
    }
  }
}
