// Moves an installation from the embedded SQLite database to PostgreSQL:
//   npm run copy-database -- --to postgres://user:password@host:5432/cantine [--data-dir ./data]
// Stop the service first. infra/database/copy-database.ts does the copy; see docs/operations.md.
import { parseArgs } from 'node:util';
import { entities } from './entities.js';
import { copyDatabase } from './infra/database/copy-database.js';
import { openDatabase } from './infra/database/data-source.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { to: { type: 'string' }, 'data-dir': { type: 'string', default: './data' } } });
  if (!values.to) throw new Error('usage: npm run copy-database -- --to postgres://user:password@host:5432/cantine [--data-dir ./data]');
  const source = await openDatabase({ dataDir: values['data-dir'] }, entities);
  const target = await openDatabase({ databaseUrl: values.to, dataDir: values['data-dir'] }, entities);
  try {
    for (const { table, rows } of await copyDatabase(source, target, entities)) console.log(`${table.padEnd(20)} ${rows} rows`);
    console.log('Done: set DATABASE_URL to the target and start Cantine.');
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

if (process.argv[1]?.endsWith('copy-database-cli.js')) {
  main().catch((error: unknown) => {
    console.error(`copy-database: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
