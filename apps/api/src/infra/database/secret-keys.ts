// Secrets kept outside the database (docs/security.md, "Secrets at rest"): one master key, from
// CANTINE_SECRET_KEY or the file DATA_DIR/secret.key (created 0600 at first start). The token
// signing key, the key that encrypts readers' decision keys and the key of device secrets' HMACs are
// derived from it, so a copy of the database alone can neither forge a manager token, nor sign a
// reader's decisions, nor check a guessed device secret offline.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';

export const secretKeyFile = 'secret.key';
const sealedPrefix = 'k1:';

export type KeyPurpose = 'token-signing' | 'decision-key-encryption' | 'device-secret-mac';

export class SecretKeys {
  private constructor(private readonly master: Buffer) {}

  /** From CANTINE_SECRET_KEY (base64, 32 bytes or more), else from the key file, created if missing. */
  static load(settings: { dataDir: string; secretKey?: string }): SecretKeys {
    if (settings.secretKey) {
      const key = Buffer.from(settings.secretKey, 'base64');
      if (key.length < 32) throw new ConfigError('CANTINE_SECRET_KEY', 'must be at least 32 bytes in base64 (e.g. `openssl rand -base64 32`)');
      return new SecretKeys(key);
    }
    const file = path.join(settings.dataDir, secretKeyFile);
    fs.mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError('DATA_DIR', `cannot write the key file ${file} (${(error as NodeJS.ErrnoException).code})`);
    }
    fs.chmodSync(file, 0o600);
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length < 32) throw new ConfigError('DATA_DIR', `the key file ${file} is damaged (less than 32 bytes): restore it from the backup`);
    return new SecretKeys(key);
  }

  static fromMaster(master: Buffer): SecretKeys {
    return new SecretKeys(master);
  }

  derive(purpose: KeyPurpose): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `cantine ${purpose} v1`, 32));
  }

  /** AES-256-GCM: `k1:` + base64(iv | tag | ciphertext). */
  seal(plaintext: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.derive('decision-key-encryption'), iv);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return sealedPrefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plaintext of a sealed value; null when it was sealed with another key or altered. */
  open(sealed: string): Buffer | null {
    if (!isSealed(sealed)) return null;
    const raw = Buffer.from(sealed.slice(sealedPrefix.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.derive('decision-key-encryption'), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
    } catch {
      return null;
    }
  }
}

export const isSealed = (value: string): boolean => value.startsWith(sealedPrefix);
