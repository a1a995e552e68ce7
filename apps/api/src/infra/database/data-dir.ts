// The data folder holds the database, the key file, queues and spools: readable by the service's
// user only (docs/security.md, "Secrets at rest"). Files the service creates from now on are 0600
// and folders 0700 (umask), and an installation made before is tightened at start.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';

/** Returns the entries it could not tighten (owned by another user, e.g. a mounted volume): to warn about. */
export function secureDataDir(dataDir: string): string[] {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the explicit modes below still apply.
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigError('DATA_DIR', `cannot create the data folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const untouched: string[] = [];
  tighten(dataDir, untouched);
  return untouched;
}

function tighten(dir: string, untouched: string[]): void {
  chmod(dir, 0o700, untouched);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) tighten(file, untouched);
    else if (entry.isFile()) chmod(file, 0o600, untouched);
  }
}

function chmod(file: string, mode: number, untouched: string[]): void {
  try {
    if ((fs.statSync(file).mode & 0o777) !== mode) fs.chmodSync(file, mode);
  } catch {
    untouched.push(file);
  }
}
