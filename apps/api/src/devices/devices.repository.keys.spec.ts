// Decision keys at rest: encrypted with the key file's key; keys stored in clear by earlier versions
// are encrypted at start (sealClearKeys), on both engines.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { SecretKeys } from '../infra/database/secret-keys.js';
import { parseSiteFile } from '../sites/site-file.js';
import { SitesRepository } from '../sites/sites.repository.js';
import type { Device } from './device.types.js';
import { DevicesRepository } from './devices.repository.js';
import type { DataSource } from 'typeorm';

const quimper = parseSiteFile(fs.readFileSync('config/sites/quimper.json', 'utf8'), 'quimper.json');
const reader = (id: string): Device => ({ id, kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', createdAt: new Date('2026-01-05T08:00:00.000Z') });

describe.each(await testDatabases())('decision keys at rest on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let db: DataSource;
  const keys = SecretKeys.fromMaster(Buffer.alloc(32, 3));
  const stored = async (id: string) => ((await db.query(`SELECT "decision_key" FROM "device" WHERE "id" = '${id}'`)) as Array<{ decision_key: string }>)[0]!.decision_key;

  beforeAll(async () => {
    database = makeDatabase();
    db = await database.open();
    await new SitesRepository(db).save(quimper);
  });
  afterAll(() => database.dispose());

  it('stores a new key encrypted and reads it back', async () => {
    const devices = new DevicesRepository(db, keys);
    await devices.insert(reader('r-new'), { secretHash: 'x', mosquittoHash: 'y' }, Buffer.alloc(32, 5));
    expect(await stored('r-new')).toMatch(/^k1:/);
    expect((await devices.list()).find((d) => d.device.id === 'r-new')?.decisionKey).toEqual(Buffer.alloc(32, 5));
    expect((await new DevicesRepository(db, SecretKeys.fromMaster(Buffer.alloc(32, 4))).list()).find((d) => d.device.id === 'r-new')?.decisionKey).toBeNull();
  });

  it('encrypts keys an earlier version stored in clear, once', async () => {
    await new DevicesRepository(db).insert(reader('r-old'), { secretHash: 'x', mosquittoHash: 'y' }, Buffer.alloc(32, 6));
    expect(await stored('r-old')).toBe(Buffer.alloc(32, 6).toString('base64'));
    const devices = new DevicesRepository(db, keys);
    expect(await devices.sealClearKeys()).toBe(1);
    expect(await stored('r-old')).toMatch(/^k1:/);
    expect(await devices.sealClearKeys()).toBe(0);
    expect((await devices.list()).find((d) => d.device.id === 'r-old')?.decisionKey).toEqual(Buffer.alloc(32, 6));
  });
});
