// The per-reader keys native decisions and allow-lists are signed with (docs/security.md). Only
// native readers have one: foreign firmwares cannot check a signature. A reader provisioned
// before keys existed has none; its decisions go out unsigned, and that is logged once.
import { Injectable, Logger } from '@nestjs/common';
import { deriveDecisionKey } from '#protocol';
import type { Device } from './device.types.js';

@Injectable()
export class DecisionKeys {
  private readonly logger = new Logger('Devices');
  private readonly keys = new Map<string, Buffer>();
  private readonly warned = new Set<string>();

  /** The key to store for a newly provisioned device, or null when it will never verify one. */
  static forNewDevice(device: Device, secret: string | null): Buffer | null {
    return secret !== null && device.protocol === 'native' && device.kind === 'reader' ? deriveDecisionKey(secret) : null;
  }

  remember(deviceId: string, key: Buffer): void {
    this.keys.set(deviceId, key);
  }

  forget(deviceId: string): void {
    this.keys.delete(deviceId);
  }

  /** The reader's key; undefined (logged once per reader) when it has none. */
  of(readerId: string): Buffer | undefined {
    const key = this.keys.get(readerId);
    if (key === undefined && !this.warned.has(readerId)) {
      this.warned.add(readerId);
      this.logger.warn(`Reader ${readerId} has no decision key (provisioned before signed decisions): its decisions go out unsigned and it gets no offline allow-list; provision it again to fix`);
    }
    return key;
  }

  /** Whether `key` is the one held for the device (both none counts as the same). */
  holds(deviceId: string, key: Buffer | null): boolean {
    const held = this.keys.get(deviceId);
    return held === undefined || key === null ? held === undefined && key === null : held.equals(key);
  }

  has(readerId: string): boolean {
    return this.keys.has(readerId);
  }
}
