#!/usr/bin/env node
// `npm run demo`: Cantine plus firmware-sim playing a weekday at the Quimper cantine, for a newcomer
// to watch the wall screen fill up, whatever the hour. Builds when stale, seeds three weeks of
// history, starts the service on a demo clock (the next weekday 08:45 at the site, faster than real
// time), provisions the demo devices and members, then plays the day on the same clock. Ctrl-C
// stops everything. Other arguments go to firmware-sim, e.g. `npm run demo -- --protocol mixed`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoStart, localParts } from './demo-clock.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
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

const USAGE = `npm run demo: Cantine plus firmware-sim playing a weekday at the Quimper cantine.

Usage: npm run demo [-- options]

  Seeds three weeks of history (members, passes sold, badge-ins, desk occupancy), starts the
  service on a demo clock at the next weekday 08:45 at the site, running --speed times faster
  than real time, and plays the day: arrivals, the lunch dip, departures before 17:00 and the
  18:00 Pixel'péro in the event room. At ×60 the day takes about 11 minutes.

Options:
  --speed X      demo time per real time (default 60: an hour a minute)
  --now          start the demo clock at the present time of day instead of 08:45
  -h, --help     this help
  anything else goes to firmware-sim (npm run sim -- --help), e.g. --protocol mixed

Environment: PORT (${defaults.PORT}), MQTT_PORT (${defaults.MQTT_PORT}), DATA_DIR (${defaults.DATA_DIR}), CANTINE_ADMIN_EMAIL, CANTINE_ADMIN_PASSWORD.
The demo clock is refused when NODE_ENV=production.`;

/** --speed, --now and --help are the demo's; the rest goes to firmware-sim. */
function parseArgs(argv) {
  const options = { speed: 60, now: false, help: false, sim: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '--now') options.now = true;
    else if (arg === '--speed' || arg.startsWith('--speed=')) {
      const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      options.speed = Number(text);
      if (!(options.speed > 0 && options.speed <= 3600)) fail(`--speed must be a number above 0 and at most 3600, not "${text}"`);
    } else options.sim.push(arg);
  }
  return options;
}

/** The site's time zone, from its site file (the demo plays the first site, quimper). */
function siteTimezone() {
  try {
    const file = path.resolve(root, env.SITES_DIR || 'config/sites', 'quimper.json');
    return JSON.parse(fs.readFileSync(file, 'utf8')).timezone || 'Europe/Paris';
  } catch {
    return 'Europe/Paris';
  }
}

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

/** The service's own time (its demo clock), as the wall reads it. */
async function serviceNow(api) {
  const response = await fetch(`${api}/api/sites/quimper/opening`);
  if (!response.ok) fail(`could not read the service's clock (GET /api/sites/quimper/opening: ${response.status})`);
  return new Date((await response.json()).now);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  await checkPorts();
  const build = spawnSync(process.execPath, ['scripts/start.mjs', '--only-build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const timeZone = siteTimezone();
  const dayStart = demoStart(timeZone, new Date(), options.now);
  // The service's clock starts a little earlier (about 15 real seconds), so that the devices and
  // members are provisioned when the day starts at 08:45 and no arrival is missed.
  const leadMs = options.now ? 0 : Math.min(30 * 60_000, 15_000 * options.speed);
  const clockStart = localParts(new Date(Date.parse(dayStart) - leadMs), timeZone);
  env.CANTINE_DEMO_CLOCK = `${clockStart.date}T${clockStart.hhmm}${clockStart.offset}`;
  env.CANTINE_DEMO_SPEED = String(options.speed);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(dayStart));
  console.log(`Demo day: ${day} (${timeZone}), ×${options.speed}; the service's clock starts at ${clockStart.hhmm} (CANTINE_DEMO_CLOCK=${env.CANTINE_DEMO_CLOCK}, CANTINE_DEMO_SPEED=${options.speed})`);
  const seed = start(['dist/apps/api/src/demo/seed-main.js'], 'seed');
  const seeded = await exited(seed);
  if (stopping) return;
  if (seeded !== 0) fail('seeding the demo history failed (see above)');
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
  const common = ['--api', api, '--mqtt', mqttUrl, '--credentials', path.join(env.DATA_DIR, 'firmware-sim.json'), '--email', env.CANTINE_ADMIN_EMAIL, '--password', env.CANTINE_ADMIN_PASSWORD, ...options.sim];
  // firmware-sim plays from the service's own time, at its speed: both clocks agree.
  const provisioned = await exited(start([...sim, 'provision', ...common, '--clock', (await serviceNow(api)).toISOString()], 'firmware-sim provision'));
  if (stopping) return;
  if (provisioned !== 0) console.error('firmware-sim could not provision everything (see above); playing the day with what exists.');
  // Wait for the day's start on the service's clock, then play from there on both clocks.
  const ahead = Date.parse(dayStart) - (await serviceNow(api)).getTime();
  if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead / options.speed));
  if (stopping) return;
  const from = localParts(await serviceNow(api), timeZone).hhmm;
  await exited(start([...sim, 'day', ...common, '--speed', String(options.speed), '--start', from], 'firmware-sim day'));
  if (stopping) return;
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
