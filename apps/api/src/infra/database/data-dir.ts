// The data folder holds the database, the key file, queues and spools: readable by the service's
// user only (docs/security.md, "Secrets at rest"). Files the service creates from now on are 0600
// and folders 0700 (umask), and an installation made before is tightened at start.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';

export function secureDataDir(dataDir: string): void {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the explicit modes below still apply.
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    tighten(dataDir);
  } catch (error) {
    throw new ConfigError('DATA_DIR', `cannot secure the data folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

function tighten(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) tighten(file);
    else if (entry.isFile()) fs.chmodSync(file, 0o600);
  }
}
