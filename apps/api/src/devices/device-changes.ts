// Changes a manager's screen shows: a device provisioned, moved, re-keyed or deleted, or its online
// state, battery, signal or firmware changed. A later issue relays them to the `/manager` socket; the DeviceEvents bus keeps
// carrying the device-status events access control and occupancy consume.
import { Injectable, Logger } from '@nestjs/common';
import type { DeviceView } from './device.types.js';

/**
 * `api`: a manager's call handled here (stored, then announced to other instances in a cluster);
 * `device`: what the device said about itself (online, battery…); `remote`: another instance's
 * `api` change, reloaded from the database here.
 */
export type DeviceChangeSource = 'api' | 'device' | 'remote';

export interface DeviceChange {
  /** `moved`: another door or desk; `rotated`: a new secret (and decision key); `deleted`: gone. */
  type: 'provisioned' | 'updated' | 'moved' | 'rotated' | 'deleted';
  source: DeviceChangeSource;
  /** Built on first read: most changes (a desk sensor's every flip) are read by no one. */
  readonly device: DeviceView;
}

@Injectable()
export class DeviceChanges {
  private readonly logger = new Logger('DeviceChanges');
  private readonly handlers: Array<(change: DeviceChange) => void> = [];

  on(handler: (change: DeviceChange) => void): () => void {
    this.handlers.push(handler);
    return () => this.handlers.splice(this.handlers.indexOf(handler), 1);
  }

  /** `view` must describe the device as it is now: it may be called later, once at most. */
  emit(type: DeviceChange['type'], view: () => DeviceView, source: DeviceChangeSource): void {
    let built: DeviceView | undefined;
    const change: DeviceChange = {
      type,
      source,
      get device() {
        return (built ??= view());
      },
    };
    for (const handler of [...this.handlers]) {
      try {
        handler(change);
      } catch (error) {
        this.logger.error(`A device change subscriber failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}
