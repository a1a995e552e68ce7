// Real databases for repository tests: the embedded SQLite engine in a temporary folder, and a fresh
// PostgreSQL database per test file (created from TEST_DATABASE_URL, dropped afterwards).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { entities } from '../../apps/api/src/entities.js';
import { openDatabase } from '../../apps/api/src/infra/database/data-source.js';
import { serviceAvailable } from './services.js';

export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  open(): Promise<DataSource>;
  /** Closes the data source and removes the database. */
  dispose(): Promise<void>;
}

export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function sqliteDatabase(): TestDatabase {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sqlite-'));
  let source: DataSource | undefined;
  return {
    engine: 'sqlite',
    open: async () => (source = await openDatabase({ dataDir }, entities)),
    dispose: async () => {
      await source?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty PostgreSQL database and returns its URL; `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cantine_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

function postgresDatabase(): TestDatabase {
  let source: DataSource | undefined;
  let created: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  return {
    engine: 'postgres',
    open: async () => {
      created = await createPostgresDatabase();
      return (source = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir() }, entities));
    },
    dispose: async () => {
      await source?.destroy();
      await created?.drop();
    },
  };
}

/** The engines this machine offers: SQLite always, PostgreSQL when reachable (required in CI). */
export async function testDatabases(): Promise<Array<[string, () => TestDatabase]>> {
  const engines: Array<[string, () => TestDatabase]> = [['sqlite', sqliteDatabase]];
  if (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432)) {
    engines.push(['postgres', postgresDatabase]);
  }
  return engines;
}
