// Device MQTT secrets: 192 random bits, shown once, stored only as hashes.
//
// scrypt as for manager passwords (auth/password.ts, same self-describing format, so its
// verifyPassword checks both), but at N = 2^12 instead of 2^15. Measured on the CI machine:
// N = 2^15 costs ~97 ms per check, N = 2^12 ~9 ms. A device secret is random, not chosen by a
// person, so the expensive parameters buy nothing against guessing; what matters is that a fleet
// reconnecting after a broker restart does not queue behind seconds of hashing. Verified secrets
// are also cached in memory (see DeviceBrokerAccess), so a reconnect costs a SHA-256, not a scrypt.
//
// Mosquitto cannot read scrypt: the `$7$` PBKDF2-SHA512 hash its password file takes (Mosquitto
// 2.0's mosquitto_passwd default, 101 iterations, 12-byte salt) is computed at provisioning too.
import { createHash, pbkdf2, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
import type { DeviceSecretHashes } from './device.types.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: ScryptOptions) => Promise<Buffer>;

export const DEVICE_SCRYPT_COST = { N: 2 ** 12, r: 8, p: 1 } as const;
const keyLength = 32;
const mosquittoIterations = 101;

/** 32 URL-safe characters: easy to paste into a firmware's web form. */
export function generateDeviceSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** `scrypt$N$r$p$salt$key`, the format auth/password.ts verifies. */
export async function hashDeviceSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, keyLength, { ...DEVICE_SCRYPT_COST, maxmem: 64 * 1024 * 1024 });
  const { N, r, p } = DEVICE_SCRYPT_COST;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** `$7$101$salt$hash`, as `mosquitto_passwd` 2.x writes it (the salt is used base64-decoded). */
export async function mosquittoHash(secret: string): Promise<string> {
  const salt = randomBytes(12);
  const hash = await pbkdf2Async(secret, salt, mosquittoIterations, 64, 'sha512');
  return `$7$${mosquittoIterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function hashForStorage(secret: string): Promise<DeviceSecretHashes> {
  const [secretHash, mosquitto] = await Promise.all([hashDeviceSecret(secret), mosquittoHash(secret)]);
  return { secretHash, mosquittoHash: mosquitto };
}

/** What the in-memory cache keeps of a verified secret: never the secret itself. */
export function secretDigest(secret: Buffer | string): Buffer {
  return createHash('sha256').update(secret).digest();
}
