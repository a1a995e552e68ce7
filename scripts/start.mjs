#!/usr/bin/env node
// `npm start`: builds Cantine when the build is missing or older than its sources, then runs it
// with the runtime settings of apps/api/src/runtime.ts. Node flags and glibc's environment must
// be set before a process starts: without them, this starts itself again with them, in its own
// process group, and passes signals on (so a Ctrl-C stops the service once, cleanly). package.json
// runs it with `exec`, so a SIGTERM to npm's PID reaches this process (no shell in between), and
// the service stops itself if this process dies without passing a signal on (SIGKILL).
//   --only-build   build if needed, then exit
//   --mark-built   record that a build just finished (the end of `npm run build`)
import { spawn, spawnSync } from 'node:child_process';
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
/** Runs this script again with the runtime settings; this process then exits as the child does. */
function restartTuned(flags, env) {
  const launcher = { CANTINE_LAUNCHER_PID: String(process.pid) };
  const child = spawn(process.execPath, [...flags, ...process.argv.slice(1)], { env: { ...env, ...process.env, ...launcher }, stdio: 'inherit', detached: true });
  child.on('error', (error) => {
    console.error(`Cantine cannot start: ${error.message}`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

/** In the restarted service: an orphan (its launcher killed outright) stops as on SIGTERM, once. */
function stopWithLauncher() {
  const launcher = Number(process.env.CANTINE_LAUNCHER_PID);
  delete process.env.CANTINE_LAUNCHER_PID;
  if (!launcher) return;
  const watch = setInterval(() => {
    if (process.ppid === launcher) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 500);
  watch.unref();
}

buildIfStale();
if (!process.argv.includes('--only-build')) {
  const dist = (file) => pathToFileURL(path.join(root, 'dist', 'apps', 'api', 'src', file)).href;
  const { RUNTIME_FLAGS, RUNTIME_ENV } = await import(dist('runtime.js'));
  const tuned = RUNTIME_FLAGS.every((flag) => process.execArgv.includes(flag))
    && Object.keys(RUNTIME_ENV).every((name) => name in process.env);
  if (tuned) {
    stopWithLauncher();
    await import(dist('main.js'));
  } else restartTuned(RUNTIME_FLAGS, RUNTIME_ENV);
}
