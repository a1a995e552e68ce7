// Desks keep their state across a restart (no flash to free): the occupancy snapshot is saved to the
// relational database and restored at start, on SQLite and PostgreSQL alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { entities } from '../../apps/api/src/entities.js';
import { openDatabase } from '../../apps/api/src/infra/database/data-source.js';
import { previousClosing } from '../../apps/api/src/occupancy/closing-times.js';
import { SitesService } from '../../apps/api/src/sites/sites.service.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { serviceAvailable } from '../support/services.js';
import { startTestCantine } from '../support/app.js';
import { getSeats, presence, sensorStatus, stateOf } from './helpers.js';

const engines: Array<[string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>]> = [['sqlite', async () => ({ env: {}, drop: async () => undefined })]];
if (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432)) {
  engines.push([
    'postgres',
    async () => {
      const database = await createPostgresDatabase();
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  ]);
}

describe.each(engines)('occupancy across a restart on %s', (_engine, makeDatabase) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-restart-'));
  let drop = async () => undefined as void;
  let env: Record<string, string> = {};
  afterAll(async () => {
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps occupied, free and offline desks with their since, and saves a snapshot row', async () => {
    const database = await makeDatabase();
    drop = database.drop;
    env = { ...database.env, DATA_DIR: dataDir };

    const first = await startTestCantine(env);
    presence(first, 'desk-01', true);
    presence(first, 'desk-02', true);
    sensorStatus(first, 'desk-03', true);
    const before = await getSeats(first);
    const rows = await first.app.get(DataSource).query(`SELECT "site_id" FROM "occupancy_snapshot"`);
    expect(rows).toEqual([{ site_id: 'quimper' }]);
    await first.close();

    const second = await startTestCantine(env);
    try {
      const after = await getSeats(second);
      expect(stateOf(after, 'desk-01')).toBe('occupied');
      expect(stateOf(after, 'desk-03')).toBe('free');
      expect(after).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it('applies a closing missed while stopped: the desks of that day are free when it starts again', async () => {
    const first = await startTestCantine(env);
    presence(first, 'desk-07', true);
    await first.close();
    // As if the service had been stopped since long before the last closing.
    const db = await openDatabase({ dataDir, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) }, entities);
    await db.query(`UPDATE "occupancy_snapshot" SET "closed_at" = '2020-01-01T00:00:00.000Z'`);
    await db.destroy();

    const second = await startTestCantine(env);
    try {
      const closing = previousClosing(new Date(), second.app.get(SitesService).get('quimper'));
      const seat = (await getSeats(second)).desks.find((desk) => desk.id === 'desk-07');
      expect(seat?.state).toBe('free');
      expect(Date.parse(seat!.since)).toBeGreaterThanOrEqual(closing!.getTime());
    } finally {
      await second.close();
    }
  });
});
