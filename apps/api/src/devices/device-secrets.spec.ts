import { describe, expect, it } from 'vitest';
import { SecretKeys } from '../infra/database/secret-keys.js';
import { legacyScryptHash } from './device-secret.js';
import { DeviceSecrets } from './device-secrets.js';

const secrets = (fill = 7) => new DeviceSecrets(SecretKeys.fromMaster(Buffer.alloc(32, fill)));
const secret = Buffer.from('Zq3v7bYVfR2wXJ0kPz9sN4tL1mQe8uHc');

describe('device secrets stored as a keyed HMAC', () => {
  it('stores an HMAC, never the secret, and accepts the right secret only', async () => {
    const mine = secrets();
    const stored = mine.hash(secret.toString());
    expect(stored).toMatch(/^hmac-sha256\$[A-Za-z0-9+/]{43}=$/);
    expect(stored).not.toContain(secret.toString());
    expect(await mine.check(secret, stored)).toEqual({ valid: true });
    expect(await mine.check(Buffer.from(`${secret.toString()}x`), stored)).toEqual({ valid: false });
    expect(await mine.check(Buffer.from(''), stored)).toEqual({ valid: false });
  });

  it('refuses with another master key: a copy of the database alone checks nothing', async () => {
    const stored = secrets(7).hash(secret.toString());
    expect(await secrets(8).check(secret, stored)).toEqual({ valid: false });
  });

  it('refuses an unknown device, even with the decoy secret', async () => {
    expect(await secrets().check(Buffer.from('decoy-secret-never-issued'), undefined)).toEqual({ valid: false });
    expect(await secrets().check(secret, undefined)).toEqual({ valid: false });
  });

  it('accepts an old scrypt row and gives the HMAC to store instead; a wrong secret gets nothing', async () => {
    const mine = secrets();
    const old = await legacyScryptHash(secret.toString());
    const check = await mine.check(secret, old);
    expect(check).toEqual({ valid: true, upgrade: mine.hash(secret.toString()) });
    expect(await mine.check(secret, check.valid ? check.upgrade! : '')).toEqual({ valid: true });
    expect(await mine.check(Buffer.from('wrong'), old)).toEqual({ valid: false });
  });

  it('keeps the Mosquitto hash alongside', async () => {
    const hashes = await secrets().forStorage(secret.toString());
    expect(hashes.secretHash).toMatch(/^hmac-sha256\$/);
    expect(hashes.mosquittoHash).toMatch(/^\$7\$101\$/);
  });
});
