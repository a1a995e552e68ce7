#!/usr/bin/env node
// `npm run demo`: Cantine plus firmware-sim playing a day at the Quimper cantine, for a newcomer to
// watch the wall screen fill up. Builds when stale, starts the service as a child process, waits
// for /health, provisions the demo devices and members, then plays the day. Ctrl-C stops both.
// Extra arguments go to firmware-sim, e.g. `npm run demo -- --protocol mixed --speed 120`.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`usage: npm run demo -- [firmware-sim day options, e.g. --speed 120 --protocol mixed]

Starts Cantine (data in DATA_DIR, default ./data/demo; PORT 3000, MQTT_PORT 1883) and firmware-sim
playing a day at the Quimper cantine; open the wall page it prints. Ctrl-C stops both.`);
  process.exit(0);
}
const defaults = {
  DATA_DIR: './data/demo',
  CANTINE_ADMIN_EMAIL: 'demo@example.org',
  CANTINE_ADMIN_PASSWORD: 'cantine-demo',
  PORT: '3000',
  MQTT_PORT: '1883',
  // The simulator narrates; the service only speaks up when something is wrong.
  LOG_LEVEL: 'error',
};
const env = { ...process.env };
for (const [name, value] of Object.entries(defaults)) if (!env[name]) env[name] = value;

const children = new Set();
let stopping = false;

function fail(message) {
  console.error(`npm run demo: ${message}`);
  process.exit(1);
}

/** Resolves true when nothing listens on the port yet (the service would fail on it otherwise). */
function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(Number(port), env.HOST || '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

async function checkPorts() {
  if (!(await portFree(env.PORT))) fail(`port ${env.PORT} (PORT) is already in use, by another Cantine perhaps. Try: PORT=${Number(env.PORT) + 1} npm run demo`);
  if (env.MQTT_URL) return;
  if (!(await portFree(env.MQTT_PORT))) {
    fail(
      `MQTT port ${env.MQTT_PORT} (MQTT_PORT) is already taken: another MQTT broker (Mosquitto?) or another Cantine is running.\n` +
        `  Try: MQTT_PORT=${env.MQTT_PORT === '1883' ? '1884' : Number(env.MQTT_PORT) + 1} npm run demo`,
    );
  }
}

/** Children get their own process group: Ctrl-C reaches only this script, which stops them in order. */
function start(args, name) {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit', detached: true });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.name = name;
  return child;
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode ?? 1)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function stop(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(-child.pid, 'SIGINT');
  const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid, 'SIGKILL'), timeoutMs);
  await exited(child);
  clearTimeout(timer);
}

async function waitForHealth(service, url) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) fail('the service stopped during startup (see above)');
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  fail(`the service did not become healthy at ${url}/health within 2 minutes`);
}

async function main() {
  await checkPorts();
  const build = spawnSync(process.execPath, ['scripts/start.mjs', '--only-build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const api = `http://127.0.0.1:${env.PORT}`;
  const mqttUrl = env.MQTT_URL || `mqtt://127.0.0.1:${env.MQTT_PORT}`;
  console.log(`Starting Cantine (data in ${env.DATA_DIR}, MQTT ${mqttUrl})…`);
  const service = start(['dist/apps/api/src/main.js'], 'service');
  service.once('exit', (code) => !stopping && fail(`the service stopped (exit ${code}); see above`));
  await waitForHealth(service, api);
  console.log(`
  Cantine demo is up.
    wall screen  http://localhost:${env.PORT}/wall/      ← open this and watch it fill up
    dashboard    http://localhost:${env.PORT}/dashboard/  (login ${env.CANTINE_ADMIN_EMAIL} / ${env.CANTINE_ADMIN_PASSWORD})
    API docs     http://localhost:${env.PORT}/api/docs
  Ctrl-C stops everything.
`);
  const sim = ['dist/firmware-sim/src/main.js'];
  const common = ['--api', api, '--mqtt', mqttUrl, '--credentials', path.join(env.DATA_DIR, 'firmware-sim.json'), '--email', env.CANTINE_ADMIN_EMAIL, '--password', env.CANTINE_ADMIN_PASSWORD, ...process.argv.slice(2)];
  for (const command of ['provision', 'day']) {
    const code = await exited(start([...sim, command, ...common], `firmware-sim ${command}`));
    if (stopping) return;
    if (code !== 0 && command === 'provision') console.error('firmware-sim could not provision everything (see above); playing the day with what exists.');
  }
  console.log(`\nThe simulated day is over. Cantine keeps running: http://localhost:${env.PORT}/wall/ — Ctrl-C to stop.`);
}

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping firmware-sim, then Cantine…`);
  // The simulator first: its devices say goodbye while the service still listens.
  const all = [...children];
  for (const child of [...all.filter((c) => c.name !== 'service'), ...all.filter((c) => c.name === 'service')]) await stop(child);
  process.exit(130);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
});

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
