import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { SettingsRepository } from '../infra/database/settings.repository.js';
import { ManagersRepository } from './managers.repository.js';
import { hashPassword, verifyPassword } from './password.js';

describe.each(await testDatabases())('ManagersRepository and SettingsRepository on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let managers: ManagersRepository;
  let settings: SettingsRepository;

  beforeAll(async () => {
    database = makeDatabase();
    const db = await database.open();
    managers = new ManagersRepository(db);
    settings = new SettingsRepository(db);
  });
  afterAll(() => database.dispose());

  it('creates a manager found again by email, whatever its case', async () => {
    expect(await managers.count()).toBe(0);
    const created = await managers.create({ email: 'Anne@Example.org', passwordHash: await hashPassword('s3cret-pass'), role: 'manager' });
    const found = await managers.findByEmail('anne@EXAMPLE.org');
    expect(found).toEqual(created);
    expect(found?.email).toBe('anne@example.org');
    expect(await verifyPassword('s3cret-pass', found!.passwordHash)).toBe(true);
    expect(await managers.count()).toBe(1);
  });

  it('refuses a second manager with the same email', async () => {
    await expect(managers.create({ email: 'anne@example.org', passwordHash: 'x', role: 'staff' })).rejects.toThrow();
    expect(await managers.count()).toBe(1);
  });

  it('answers null for an unknown email', async () => {
    expect(await managers.findByEmail('nobody@example.org')).toBeNull();
  });

  it('raises the token version with each change, and revokes a token id once', async () => {
    const anne = (await managers.findByEmail('anne@example.org'))!;
    expect(await managers.update(anne.id, { disabledAt: new Date('2026-12-01T10:00:00Z') })).toBe(true);
    expect(await managers.findById(anne.id)).toMatchObject({ tokenVersion: anne.tokenVersion + 1, disabledAt: new Date('2026-12-01T10:00:00Z') });
    expect(await managers.update('no-such-id', { disabledAt: null })).toBe(false);
    const jti = '00000000-0000-4000-8000-000000000001';
    expect(await managers.isRevoked(jti)).toBe(false);
    expect(await managers.revokeToken(jti, new Date('2099-01-01T00:00:00Z'))).toBe(true);
    expect(await managers.revokeToken(jti, new Date('2099-01-01T00:00:00Z'))).toBe(false);
    expect(await managers.isRevoked(jti)).toBe(true);
  });

  it('keeps the first value of a setting: later calls get it back', async () => {
    expect(await settings.getOrCreate('token-signing-key', () => 'first')).toBe('first');
    expect(await settings.getOrCreate('token-signing-key', () => 'second')).toBe('first');
  });
});
