// Migration 1765140000000 on both engines: e-mails become unique (case-insensitive); members that
// already shared one are kept, the later ones flagged, and nothing else may take it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { PassLifecycle1765140000000 } from '../infra/database/migrations/1765140000000-pass-lifecycle.js';
import { MembersRepository } from './members.repository.js';

const member = (n: number, email: string) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, name: `M${n}`, email, adherent: true, active: true, createdAt: new Date(`2026-03-0${n}T08:00:00.000Z`) });

describe.each(await testDatabases())('unique e-mails on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let db: DataSource;
  let members: MembersRepository;

  beforeAll(async () => {
    database = makeDatabase();
    db = await database.open();
    members = new MembersRepository(db);
    // Back to the schema before the migration, with duplicates as older versions accepted them.
    const runner = db.createQueryRunner();
    await new PassLifecycle1765140000000().down(runner);
    for (const [n, email] of [[1, 'anne@example.org'], [2, 'Anne@Example.org'], [3, 'anne@example.org'], [4, 'yann@example.org']] as const) {
      const m = member(n, email);
      await runner.query(`INSERT INTO "member" ("id", "name", "email", "adherent", "active", "created_at") VALUES ($1, $2, $3, $4, $5, $6)`.replace(/\$\d/g, db.options.type === 'postgres' ? (s) => s : () => '?'), [m.id, m.name, m.email, true, true, m.createdAt.toISOString()]);
    }
    await new PassLifecycle1765140000000().up(runner);
    await runner.release();
  });
  afterAll(() => database.dispose());

  it('keeps every member; the oldest holds the e-mail, the later ones are flagged', async () => {
    const { members: rows } = await members.snapshot();
    expect(rows.map((m) => [m.name, m.email, m.emailDuplicate ?? false])).toEqual([
      ['M1', 'anne@example.org', false],
      ['M2', 'Anne@Example.org', true],
      ['M3', 'anne@example.org', true],
      ['M4', 'yann@example.org', false],
    ]);
  });

  it('refuses a new member or an edit taking a held e-mail, whatever its case', async () => {
    expect(await members.createMember({ ...member(5, 'YANN@example.org'), email: 'yann@example.org' })).toBe('email-taken');
    const m4 = member(4, 'anne@example.org');
    expect(await members.updateMember(m4, { at: new Date(), accountId: null, before: { email: 'yann@example.org' }, after: { email: 'anne@example.org' } })).toBe('email-taken');
    expect(await members.createMember(member(6, 'nolwenn@example.org'))).toBe('written');
  });

  it('lets a flagged member be edited, and given its own e-mail', async () => {
    const m2 = { ...member(2, 'Anne@Example.org'), emailDuplicate: true };
    expect(await members.updateMember({ ...m2, name: 'Anne B' }, { at: new Date(), accountId: null, before: { name: 'M2' }, after: { name: 'Anne B' } })).toBe('written');
    expect(await members.updateMember({ ...m2, name: 'Anne B', email: 'anne.b@example.org', emailDuplicate: false }, { at: new Date(), accountId: null, before: {}, after: { email: 'anne.b@example.org' } })).toBe('written');
    const { members: rows } = await members.snapshot();
    expect(rows.find((m) => m.id === m2.id)).toMatchObject({ name: 'Anne B', email: 'anne.b@example.org' });
    expect(rows.find((m) => m.id === m2.id)?.emailDuplicate).toBeUndefined();
  });
});
