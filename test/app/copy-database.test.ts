// Moving from the embedded database to PostgreSQL: every row arrives, and the service then runs on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entities } from '../../apps/api/src/entities.js';
import { copyDatabase } from '../../apps/api/src/infra/database/copy-database.js';
import { openDatabase } from '../../apps/api/src/infra/database/data-source.js';
import { json, managerHeaders, startTestCantine } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { serviceAvailable } from '../support/services.js';

const hasPostgres = await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432);

describe.skipIf(!hasPostgres)('copy-database: embedded SQLite to PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-copy-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('copies every row, refuses a non-empty target, and the service starts on the copy with its members', async () => {
    const embedded = await startTestCantine({ DATA_DIR: dataDir });
    const headers = await managerHeaders(embedded.baseUrl);
    const member = await json(await fetch(`${embedded.baseUrl}/api/members`, { method: 'POST', headers, body: JSON.stringify({ name: 'Yann', email: 'yann@example.org', adherent: true }) }));
    await fetch(`${embedded.baseUrl}/api/members/${member.id}/badges`, { method: 'POST', headers, body: JSON.stringify({ uid: '04A224B2C31F80' }) });
    await embedded.dispose();

    const postgres = await createPostgresDatabase();
    try {
      const source = await openDatabase({ dataDir }, entities);
      const target = await openDatabase({ databaseUrl: postgres.url, dataDir }, entities);
      const report = await copyDatabase(source, target, entities);
      expect(report.find((r) => r.table === 'member')?.rows).toBe(1);
      expect(report.find((r) => r.table === 'badge')?.rows).toBe(1);
      expect(report.find((r) => r.table === 'desk')?.rows).toBe(24);
      await expect(copyDatabase(source, target, entities)).rejects.toThrow(/already has rows/);
      await source.destroy();
      await target.destroy();

      const moved = await startTestCantine({ DATABASE_URL: postgres.url });
      const members = await json(await fetch(`${moved.baseUrl}/api/members`, { headers: await managerHeaders(moved.baseUrl) }));
      expect(members.map((m: { name: string }) => m.name)).toEqual(['Yann']);
      await moved.dispose();
    } finally {
      await postgres.drop();
    }
  });
});
