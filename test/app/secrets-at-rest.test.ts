// Secrets at rest (docs/security.md): a copy of the database alone cannot forge a manager token or
// sign a reader's decisions; the data folder and the key file are readable by the owner only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveDecisionKey } from '#protocol';
import { SecretKeys } from '../../apps/api/src/infra/database/secret-keys.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';

describe('a copy of the database', () => {
  let cantine: TestCantine;
  let copy: string;
  let readerSecret: string;

  beforeAll(async () => {
    cantine = await startTestCantine();
    readerSecret = await provisioned(cantine.baseUrl, await managerHeaders(cantine.baseUrl), { id: 'entrance-reader', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' });
    // What a thief takes: the database file with its WAL, nothing else of the data folder.
    copy = fs.mkdtempSync(path.join(path.dirname(cantine.dataDir), 'stolen-'));
    for (const name of fs.readdirSync(cantine.dataDir).filter((file) => file.startsWith('cantine.db'))) fs.copyFileSync(path.join(cantine.dataDir, name), path.join(copy, name));
  });
  afterAll(async () => {
    await cantine.dispose();
    fs.rmSync(copy, { recursive: true, force: true });
  });

  const forge = (key: Uint8Array, managerId: string) =>
    new SignJWT({ role: 'manager', ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(managerId).setJti(randomUUID()).setIssuedAt().setExpirationTime('3650d').setIssuer('cantine').sign(key);
  const accepted = async (token: string) => (await fetch(`${cantine.baseUrl}/api/accounts`, { headers: { authorization: `Bearer ${token}` } })).status;

  it('forges no token the API accepts, whatever value of the copy is tried as the key', async () => {
    const db = new Database(path.join(copy, 'cantine.db'), { readonly: true });
    const managerId = (db.prepare(`SELECT id FROM manager WHERE role = 'manager'`).get() as { id: string }).id;
    const candidates = [
      ...(db.prepare('SELECT value FROM setting').all() as Array<{ value: string }>).map((row) => row.value),
      ...(db.prepare('SELECT decision_key AS value FROM device WHERE decision_key IS NOT NULL').all() as Array<{ value: string }>).map((row) => row.value),
    ];
    db.close();
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) {
      for (const key of [Buffer.from(candidate, 'base64'), Buffer.from(candidate)]) expect(await accepted(await forge(key, managerId))).toBe(401);
    }
    // The forging itself is right: with the key file, the same token is accepted.
    const real = SecretKeys.load({ dataDir: cantine.dataDir }).derive('token-signing');
    expect(await accepted(await forge(real, managerId))).toBe(200);
  });

  it('holds the reader’s decision key only encrypted', async () => {
    const key = deriveDecisionKey(readerSecret);
    const db = new Database(path.join(copy, 'cantine.db'), { readonly: true });
    const stored = (db.prepare(`SELECT decision_key FROM device WHERE id = 'entrance-reader'`).get() as { decision_key: string }).decision_key;
    db.close();
    expect(stored).toMatch(/^k1:/);
    const bytes = Buffer.concat(fs.readdirSync(copy).map((name) => fs.readFileSync(path.join(copy, name))));
    expect(bytes.includes(key)).toBe(false);
    expect(bytes.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(SecretKeys.load({ dataDir: cantine.dataDir }).open(stored)).toEqual(key);
  });

});

describe('the data folder', () => {
  it('is tightened to 0700, with every file in it 0600, even when it was world-readable before', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-open-'));
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'left-by-an-old-version.jsonl'), '{}\n', { mode: 0o644 });
    const cantine = await startTestCantine({ DATA_DIR: dataDir });
    try {
      await managerHeaders(cantine.baseUrl); // some writes
      const modes = (dir: string): Array<[string, number]> =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
          const file = path.join(dir, entry.name);
          const mode = fs.statSync(file).mode & 0o777;
          return entry.isDirectory() ? [[file, mode] as [string, number], ...modes(file)] : [[file, mode] as [string, number]];
        });
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      const found = modes(dataDir);
      expect(found.map(([file]) => path.basename(file))).toEqual(expect.arrayContaining(['cantine.db', 'secret.key', 'left-by-an-old-version.jsonl']));
      expect(found.filter(([, mode]) => mode & 0o077)).toEqual([]);
    } finally {
      await cantine.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
