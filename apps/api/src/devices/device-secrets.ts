// Hashing and checking device secrets with the key derived from the master key (device-secret.ts
// says why an HMAC and not a password hash). Constant-time comparison; old scrypt rows still pass.
import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { verifyPassword } from '../auth/password.js';
import { SecretKeys } from '../infra/database/secret-keys.js';
import { DEVICE_MAC_SCHEME, macDeviceSecret, mosquittoHash } from './device-secret.js';
import type { DeviceSecretHashes } from './device.types.js';

/** `upgrade`: the HMAC to store instead of the scrypt hash that just matched. */
export type SecretCheck = { valid: false } | { valid: true; upgrade?: string };

@Injectable()
export class DeviceSecrets {
  private readonly key: Buffer;
  /** Checked when the device is unknown, so that costs the same as a wrong secret. */
  private readonly decoy: string;

  constructor(keys: SecretKeys) {
    this.key = keys.derive('device-secret-mac');
    this.decoy = macDeviceSecret('decoy-secret-never-issued', this.key);
  }

  hash(secret: string): string {
    return macDeviceSecret(secret, this.key);
  }

  async forStorage(secret: string): Promise<DeviceSecretHashes> {
    return { secretHash: this.hash(secret), mosquittoHash: await mosquittoHash(secret) };
  }

  /** `stored` undefined: an unknown device, checked against a decoy and refused. */
  async check(secret: Buffer, stored: string | undefined): Promise<SecretCheck> {
    if (stored === undefined || stored.startsWith(`${DEVICE_MAC_SCHEME}$`)) {
      const expected = Buffer.from(stored ?? this.decoy);
      const actual = Buffer.from(macDeviceSecret(secret, this.key));
      const same = expected.length === actual.length && timingSafeEqual(expected, actual);
      return { valid: same && stored !== undefined };
    }
    if (!(await verifyPassword(secret.toString('utf8'), stored))) return { valid: false };
    return { valid: true, upgrade: macDeviceSecret(secret, this.key) };
  }
}
