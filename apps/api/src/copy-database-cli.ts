// Moves an installation from the embedded SQLite database to PostgreSQL:
//   npm run copy-database -- --to postgres://user:password@host:5432/cantine [--data-dir ./data]
// Stop the service first. infra/database/copy-database.ts does the copy; see docs/operations.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { entities } from './entities.js';
import { copyDatabase } from './infra/database/copy-database.js';
import { openDatabase } from './infra/database/data-source.js';

export const USAGE = `usage: npm run copy-database -- --to postgres://user:password@host:5432/cantine [--data-dir ./data]

Copies every row of the embedded database (DATA_DIR/cantine.db) into an empty PostgreSQL database,
in one transaction. Stop the service first; then start it with DATABASE_URL set to the target.`;

/** The command, testable: prints what it copied; returns the exit code. */
export async function copyDatabaseCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let values: { to?: string; 'data-dir': string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { to: { type: 'string' }, 'data-dir': { type: 'string', default: './data' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    err(`copy-database: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) return (out(USAGE), 0);
  if (!values.to) return (err(USAGE), 2);
  // Opening SQLite in a mistyped folder would create an empty database and copy nothing (issue 13).
  const sqliteFile = path.resolve(values['data-dir'], 'cantine.db');
  if (!fs.existsSync(sqliteFile)) {
    err(`copy-database: no Cantine database at ${sqliteFile}: point --data-dir at the service's data folder`);
    return 1;
  }
  const source = await openDatabase({ dataDir: values['data-dir'] }, entities);
  try {
    const target = await openDatabase({ databaseUrl: values.to, dataDir: values['data-dir'] }, entities);
    try {
      for (const { table, rows } of await copyDatabase(source, target, entities)) out(`${table.padEnd(20)} ${rows} rows`);
    } finally {
      await target.destroy();
    }
  } finally {
    await source.destroy();
  }
  out(`Done: copied ${sqliteFile} into the target. Set DATABASE_URL to it and start Cantine.`);
  return 0;
}

if (process.argv[1]?.endsWith('copy-database-cli.js')) {
  copyDatabaseCommand(process.argv.slice(2), console.log, console.error).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`copy-database: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
