// Device MQTT secrets: 192 random bits, shown once, stored only as hashes.
//
// Stored as `hmac-sha256$<base64>`: an HMAC-SHA256 of the secret keyed with a key derived from the
// master key (infra/database/secret-keys.ts, outside the database). A secret of 192 random bits
// cannot be guessed, so a slow password hash buys nothing; it cost ~9 ms of scrypt per first login
// and made 10,000 devices take about a minute to come back after a restart (issue 15). The key is
// what keeps a copy of the database alone from checking a guessed secret offline.
//
// Earlier versions stored `scrypt$N$r$p$salt$key` (auth/password.ts's format, N = 2^12): such a
// row still verifies, and DeviceSecrets returns its HMAC so the caller re-stores it.
//
// Mosquitto cannot read either: the `$7$` PBKDF2-SHA512 hash its password file takes (Mosquitto
// 2.0's mosquitto_passwd default, 101 iterations, 12-byte salt) is computed at provisioning too.
import { createHmac, pbkdf2, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: ScryptOptions) => Promise<Buffer>;

export const DEVICE_MAC_SCHEME = 'hmac-sha256';
const mosquittoIterations = 101;

/** 32 URL-safe characters: easy to paste into a firmware's web form. */
export function generateDeviceSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** `hmac-sha256$<base64>`: what is stored of a device secret. */
export function macDeviceSecret(secret: Buffer | string, key: Buffer): string {
  return `${DEVICE_MAC_SCHEME}$${createHmac('sha256', key).update(secret).digest('base64')}`;
}

/** The format earlier versions stored (`scrypt$4096$8$1$salt$key`); kept to test their rows. */
export async function legacyScryptHash(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, 32, { N: 2 ** 12, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 12, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

/** `$7$101$salt$hash`, as `mosquitto_passwd` 2.x writes it (the salt is used base64-decoded). */
export async function mosquittoHash(secret: string): Promise<string> {
  const salt = randomBytes(12);
  const hash = await pbkdf2Async(secret, salt, mosquittoIterations, 64, 'sha512');
  return `$7$${mosquittoIterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}
