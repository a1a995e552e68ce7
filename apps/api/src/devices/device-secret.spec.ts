import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password.js';
import { generateDeviceSecret, legacyScryptHash, mosquittoHash } from './device-secret.js';

describe('device secrets', () => {
  it('are 32 URL-safe characters, different every time', () => {
    const [a, b] = [generateDeviceSecret(), generateDeviceSecret()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a).not.toBe(b);
  });

  it('were hashed by earlier versions with cheap scrypt in the format manager passwords use', async () => {
    const hash = await legacyScryptHash('s3cret');
    expect(hash).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(await verifyPassword('s3cret', hash)).toBe(true);
    expect(await verifyPassword('s3cret!', hash)).toBe(false);
  });

  it('hash for Mosquitto as mosquitto_passwd 2 does ($7$, PBKDF2-SHA512, 101 iterations)', async () => {
    const hash = await mosquittoHash('s3cret');
    const [, scheme, iterations, salt, key] = hash.split('$');
    expect([scheme, iterations]).toEqual(['7', '101']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(12);
    expect(pbkdf2Sync('s3cret', Buffer.from(salt!, 'base64'), 101, 64, 'sha512').toString('base64')).toBe(key);
  });

  it('checks a line mosquitto_passwd wrote', () => {
    // `mosquitto_passwd -b pw alice secret`, Mosquitto 2.0.11.
    const line = '$7$101$8aNQDM3urx5xdezp$K39xLnj4nK5wExEN85MVLxu52aNxBGbkTTpyqF2QDoY0rFkNeu2C1EPoSzgdxNzdi63Olxz8pngIqB/BRFKMsQ==';
    const [, , iterations, salt, key] = line.split('$');
    expect(pbkdf2Sync('secret', Buffer.from(salt!, 'base64'), Number(iterations), 64, 'sha512').toString('base64')).toBe(key);
  });
});
