#!/usr/bin/env node
// `npm start`: builds Cantine when the build is missing or older than its sources, then runs it
// in this process (so SIGINT/SIGTERM reach the service directly).
//   --only-build   build if needed, then exit
//   --mark-built   record that a build just finished (the end of `npm run build`)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const stamp = path.join(root, 'dist', '.build-stamp');
const sources = ['apps', 'libs', 'firmware-sim', 'bench', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
const skipped = new Set(['node_modules', 'dist', 'test', 'fixtures-out']);

function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (!skipped.has(name)) newest = Math.max(newest, newestChange(path.join(entry, name)));
  }
  return newest;
}

function buildIfStale() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changed = Math.max(...sources.map((entry) => newestChange(path.join(root, entry))));
  if (built >= changed) return;
  console.log(built ? 'Sources changed since the last build: building Cantine…' : 'First start: building Cantine (about a minute)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Cantine cannot start: the build failed (see above).');
    process.exit(1);
  }
}

if (process.argv.includes('--mark-built')) {
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
  process.exit(0);
}
buildIfStale();
if (!process.argv.includes('--only-build')) {
  await import(pathToFileURL(path.join(root, 'dist', 'apps', 'api', 'src', 'main.js')).href);
}
