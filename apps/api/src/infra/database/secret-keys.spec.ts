import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretKeys } from './secret-keys.js';

describe('secret keys outside the database', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-keys-')), 'data');
    dirs.push(path.dirname(dir));
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('creates the key file 0600 in a 0700 folder once, and reads the same key afterwards', () => {
    const dataDir = tempDir();
    const first = SecretKeys.load({ dataDir });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(SecretKeys.load({ dataDir }).derive('token-signing')).toEqual(first.derive('token-signing'));
    expect(first.derive('token-signing')).not.toEqual(first.derive('decision-key-encryption'));
  });

  it('tightens a key file left readable by others', () => {
    const dataDir = tempDir();
    SecretKeys.load({ dataDir });
    fs.chmodSync(path.join(dataDir, 'secret.key'), 0o644);
    SecretKeys.load({ dataDir });
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('takes CANTINE_SECRET_KEY instead of a file, and refuses a short one', () => {
    const dataDir = tempDir();
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(SecretKeys.load({ dataDir, secretKey: key }).derive('token-signing')).toEqual(SecretKeys.fromMaster(Buffer.alloc(32, 9)).derive('token-signing'));
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
    expect(() => SecretKeys.load({ dataDir, secretKey: 'c2hvcnQ=' })).toThrow(/CANTINE_SECRET_KEY/);
  });

  it('seals a value that only the same master key opens, and detects tampering', () => {
    const keys = SecretKeys.fromMaster(Buffer.alloc(32, 1));
    const sealed = keys.seal(Buffer.from('decision key bytes'));
    expect(sealed).toMatch(/^k1:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain(Buffer.from('decision key bytes').toString('base64'));
    expect(keys.open(sealed)?.toString()).toBe('decision key bytes');
    expect(SecretKeys.fromMaster(Buffer.alloc(32, 2)).open(sealed)).toBeNull();
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAA=') ? 'BBB=' : 'AAA=');
    expect(keys.open(tampered)).toBeNull();
  });
});
