import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ConfigError } from '../config/config-error.js';
import { migrations } from './migrations/index.js';

/** The entity classes of every table, which the features own (apps/api/src/entities.ts gathers them). */
export type EntityList = ReadonlyArray<new () => object>;

export interface DatabaseSettings {
  databaseUrl?: string;
  dataDir: string;
}

export function dataSourceOptions(settings: DatabaseSettings, entities: EntityList): DataSourceOptions {
  const common = { entities: [...entities], migrations, migrationsRun: true as const, synchronize: false, logging: false };
  if (settings.databaseUrl) {
    return { ...common, type: 'postgres', url: settings.databaseUrl, connectTimeoutMS: 5000 };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: path.join(settings.dataDir, 'cantine.db'),
    // WAL lets the dashboard read while the audit log writes; foreign keys are off by default in SQLite.
    // secure_delete zeroes what a delete or an update frees, so an erased member's name and badge
    // UIDs do not linger in free pages (docs/security.md, "Erasure").
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('secure_delete = ON');
    },
  };
}

/** Connects and migrates, or fails with one line naming the variable to fix. */
export async function openDatabase(settings: DatabaseSettings, entities: EntityList): Promise<DataSource> {
  if (!settings.databaseUrl) fs.mkdirSync(settings.dataDir, { recursive: true });
  const dataSource = new DataSource(dataSourceOptions(settings, entities));
  try {
    return await dataSource.initialize();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw databaseError(settings, error);
  }
}

function databaseError(settings: DatabaseSettings, error: unknown): ConfigError {
  const reason = error instanceof Error ? (error as Error & { code?: string }).code ?? error.message : String(error);
  if (!settings.databaseUrl) return new ConfigError('DATA_DIR', `cannot open the embedded database in ${settings.dataDir} (${reason})`);
  const url = new URL(settings.databaseUrl);
  return new ConfigError('DATABASE_URL', `cannot use PostgreSQL at ${url.host}${url.pathname} (${reason})`);
}
