// A device's broker account: the secret it logs in with and, on an external broker, what it may
// touch. On the embedded broker that is DeviceBrokerAccess's memory (the ACL is the registry's);
// every change takes effect at once, live sessions included.
import { Injectable } from '@nestjs/common';
import { DeviceBrokerAccess } from './device-broker-access.js';
import type { Device, DeviceSecretHashes } from './device.types.js';

/** A new secret, in clear only for as long as the request that shows it once. */
export interface IssuedSecret {
  secret: string;
  hashes: DeviceSecretHashes;
}

@Injectable()
export class DeviceAccounts {
  constructor(private readonly access: DeviceBrokerAccess) {}

  /** A provisioned device may log in (devices without credentials: nothing to do). */
  async open(device: Device, issued: IssuedSecret | null): Promise<void> {
    if (issued) this.access.remember(device.id, issued.hashes.secretHash);
  }

  /** The old secret stops at once and every session opened with it is cut. */
  async rekey(device: Device, issued: IssuedSecret): Promise<void> {
    this.access.forget(device.id);
    this.access.remember(device.id, issued.hashes.secretHash);
  }

  /** What the device may touch changed (a sensor moved to another desk or door). */
  async retarget(_device: Device): Promise<void> {
    // The embedded broker reads each device's ACL from the registry at every publish.
  }

  /** The account goes and its sessions are cut. */
  async close(device: Device): Promise<void> {
    this.access.forget(device.id);
  }
}
