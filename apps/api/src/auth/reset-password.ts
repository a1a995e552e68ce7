// Recovers a lost password on the server itself (docs/operations.md, "A lost manager password"):
//   npm run reset-password -- [--email manager@example.org]
// Reads DATA_DIR / DATABASE_URL like the service. Sets a new generated password, enables the account
// again and voids its tokens; prints the password once, on this terminal (not in the service log).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../infra/config/app-config.js';
import { openDatabase } from '../infra/database/data-source.js';
import { authEntities } from './manager.entity.js';
import { ManagersRepository } from './managers.repository.js';
import { generatePassword, hashPassword } from './password.js';

const usage = `usage: npm run reset-password -- [--email <account e-mail>]

Sets a new password for a Cantine account, from the server, when no manager can sign in.
Without --email, resets the only manager account (several: name one).
Uses the service's DATA_DIR (default ./data) or DATABASE_URL. Stop nothing: the new password works
at once and the account's earlier sessions end. The password is printed once, here.`;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** The command, testable: returns the exit code. */
export async function resetPasswordCommand(argv: string[], env: NodeJS.ProcessEnv, output: Output): Promise<number> {
  let values: { email?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { email: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    output.err(`reset-password: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const config = loadConfig(env);
  const sqliteFile = path.join(config.dataDir, 'cantine.db');
  // Never create an empty database by mistake (wrong folder): the account would not be the real one.
  if (!config.databaseUrl && !fs.existsSync(sqliteFile)) {
    output.err(`reset-password: no Cantine database in ${config.dataDir} (DATA_DIR): run it from the installation's folder or set DATA_DIR`);
    return 1;
  }
  const db = await openDatabase(config, authEntities);
  try {
    const managers = new ManagersRepository(db);
    const accounts = await managers.list();
    const candidates = values.email ? accounts.filter((account) => account.email === values.email!.toLowerCase()) : accounts.filter((account) => account.role === 'manager');
    if (candidates.length !== 1) {
      output.err(values.email ? `reset-password: no account ${values.email}` : `reset-password: ${candidates.length} manager accounts: name one with --email`);
      return 1;
    }
    const account = candidates[0]!;
    const password = generatePassword();
    await managers.update(account.id, { passwordHash: await hashPassword(password), disabledAt: null });
    output.out(`New password for ${account.email} (${account.role}): ${password}\nIt is shown only this once. Sign in and change it.`);
    return 0;
  } finally {
    await db.destroy();
  }
}

if (process.argv[1]?.endsWith('reset-password.js')) {
  resetPasswordCommand(process.argv.slice(2), process.env, { out: (line) => console.log(line), err: (line) => console.error(line) })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(`reset-password: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    });
}
