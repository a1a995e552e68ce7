// The features' entity list (apps/api/src/entities.ts) against the schema the migrations build: a
// table no feature registers would be left out by copy-database and unknown to repositories.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { entities } from '../../apps/api/src/entities.js';
import { openDatabase } from '../../apps/api/src/infra/database/data-source.js';

describe('the entity list', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-entities-'));
  let db: DataSource;
  beforeAll(async () => {
    db = await openDatabase({ dataDir }, entities);
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const tablesOfEntities = () => entities.map((entity) => db.getMetadata(entity).tableName);

  it('names every table the migrations create, once', async () => {
    const rows: Array<{ name: string }> = await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'`);
    expect([...tablesOfEntities()].sort()).toEqual(rows.map((row) => row.name).sort());
  });

  it('lists parents before children, the order copy-database inserts in', async () => {
    const tables = tablesOfEntities();
    for (const [index, table] of tables.entries()) {
      const parents: Array<{ table: string }> = await db.query(`PRAGMA foreign_key_list("${table}")`);
      for (const parent of parents) expect(tables.indexOf(parent.table), `${table} refers to ${parent.table}`).toBeLessThan(index);
    }
  });
});
