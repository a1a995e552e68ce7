// Moves an installation from the embedded SQLite database to PostgreSQL:
//   npm run copy-database -- --to postgres://user:password@host:5432/cantine [--data-dir ./data]
// Stop the service first. The target is migrated, must be empty, and receives every row in one
// transaction (parents before children), so a failed copy leaves it empty. See docs/operations.md.
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { openDatabase } from './data-source.js';
import { entities } from './entities.js';

const batchSize = 500;

export interface CopyReport {
  table: string;
  rows: number;
}

/** Copies every entity's rows from `source` into the empty `target`; returns the counts per table. */
export async function copyDatabase(source: DataSource, target: DataSource): Promise<CopyReport[]> {
  for (const entity of entities) {
    if ((await target.getRepository(entity).count()) > 0) {
      throw new Error(`the target already has rows in "${target.getMetadata(entity).tableName}": copy into an empty database`);
    }
  }
  return target.transaction(async (tx) => {
    const report: CopyReport[] = [];
    for (const entity of entities) {
      const rows = await source.getRepository(entity).find();
      for (let start = 0; start < rows.length; start += batchSize) {
        await tx.getRepository(entity).insert(rows.slice(start, start + batchSize) as never);
      }
      report.push({ table: source.getMetadata(entity).tableName, rows: rows.length });
    }
    return report;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { to: { type: 'string' }, 'data-dir': { type: 'string', default: './data' } } });
  if (!values.to) throw new Error('usage: npm run copy-database -- --to postgres://user:password@host:5432/cantine [--data-dir ./data]');
  const source = await openDatabase({ dataDir: values['data-dir'] });
  const target = await openDatabase({ databaseUrl: values.to, dataDir: values['data-dir'] });
  try {
    for (const { table, rows } of await copyDatabase(source, target)) console.log(`${table.padEnd(20)} ${rows} rows`);
    console.log('Done: set DATABASE_URL to the target and start Cantine.');
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

if (process.argv[1]?.endsWith('copy-database.js')) {
  main().catch((error: unknown) => {
    console.error(`copy-database: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
