// Mosquitto's accounts from the device registry, for an external broker:
//
//   npm run mosquitto-files -- --out /etc/mosquitto/cantine      password and ACL files (static)
//   npm run mosquitto-files -- --dynsec /var/lib/mosquitto/dynamic-security.json
//                                       devices into the dynamic security plugin's file, secrets kept
//   (or, after a build: node dist/apps/api/src/devices/mosquitto-files.js …; --help says the same)
//
// It reads the same DATABASE_URL / DATA_DIR as the service, and MQTT_USERNAME / MQTT_PASSWORD for
// the service's own account. With --out, run it again after provisioning devices, then make
// Mosquitto reload its files (SIGHUP, `systemctl reload mosquitto`). mosquitto.conf needs, besides
// its listener:
//   allow_anonymous false
//   password_file DIR/passwd
//   acl_file DIR/acl
//   use_username_as_clientid true     (a client cannot take over another device's session)
//   set_tcp_nodelay true
//   max_inflight_messages 0           (stack notes, pitfall 12)
// With --dynsec (once, Mosquitto stopped), the service then keeps accounts in step itself
// (MQTT_DYNSEC=1, docs/devices.md).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../infra/config/app-config.js';
import { ConfigError } from '../infra/config/config-error.js';
import { openDatabase } from '../infra/database/data-source.js';
import { deviceEntities } from './device.entity.js';
import { SERVICE_USERNAME } from '../infra/mqtt/broker.service.js';
import { deviceAcl } from './device-acl.js';
import { seedDynsec, type DynsecFile } from './dynsec-seed.js';
import { mosquittoHash } from './device-secret.js';
import { DevicesRepository, type StoredDevice } from './devices.repository.js';

export interface ServiceAccount {
  username: string;
  password: string;
}

/**
 * Mosquitto's files have no quoting: a line ends at a newline, `user` and `topic` values are
 * trimmed, and a password file line splits at the first `:`. A value it would read differently
 * is refused, never written (a pasted newline in a topic once injected ACL lines, issue 11).
 */
export function unquotable(value: string, what: 'username' | 'topic'): string | null {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) return 'a control character';
  if (value.trim() !== value || value === '') return 'leading or trailing blanks';
  if (what === 'username' && /[:\s]/.test(value)) return 'a ":" or a blank';
  return null;
}

/** Every line the files would hold that Mosquitto would read differently, named; empty when none. */
export function unwritable(devices: StoredDevice[], service: ServiceAccount, root: string): string[] {
  const problems: string[] = [];
  const check = (who: string, value: string, what: 'username' | 'topic') => {
    const problem = unquotable(value, what);
    if (problem) problems.push(`${who}: ${what} ${JSON.stringify(value)} has ${problem}`);
  };
  check('MQTT_USERNAME', service.username, 'username');
  for (const { device, hashes } of devices) {
    if (!hashes) continue;
    const who = `device ${JSON.stringify(device.id)}`;
    check(who, device.id, 'username');
    const rights = deviceAcl(device, root);
    for (const topic of [...rights.publish, ...rights.subscribe]) check(who, topic, 'topic');
  }
  return problems;
}

/** The two files' contents. Devices without credentials (Zigbee2MQTT sensors) get no entry. */
export async function mosquittoFiles(
  devices: StoredDevice[],
  service: ServiceAccount,
  root: string,
): Promise<{ passwd: string; acl: string }> {
  const problems = unwritable(devices, service, root);
  if (problems.length > 0) {
    throw new Error(`Refusing to write the Mosquitto files (nothing written): ${problems.join('; ')}. Fix or delete these devices first.`);
  }
  const passwd = [`${service.username}:${await mosquittoHash(service.password)}`];
  // The service reads and writes every topic (`#` never matches `$SYS` [MQTT-4.7.2-1]).
  const acl = ['# Written by `npm run mosquitto-files`: edits are lost on the next run.', '', `user ${service.username}`, 'topic readwrite #'];
  for (const { device, hashes } of devices) {
    if (!hashes) continue;
    passwd.push(`${device.id}:${hashes.mosquittoHash}`);
    const rights = deviceAcl(device, root);
    acl.push('', `user ${device.id}`, ...rights.publish.map((t) => `topic write ${t}`), ...rights.subscribe.map((t) => `topic read ${t}`));
  }
  return { passwd: `${passwd.join('\n')}\n`, acl: `${acl.join('\n')}\n` };
}

/** Writes `passwd` and `acl` into `dir` (the password file readable by its owner only); returns their paths. */
export async function writeMosquittoFiles(
  db: DataSource,
  dir: string,
  service: ServiceAccount,
  root: string,
): Promise<{ passwd: string; acl: string }> {
  const files = await mosquittoFiles(await new DevicesRepository(db).list(), service, root);
  fs.mkdirSync(dir, { recursive: true });
  const paths = { passwd: path.join(dir, 'passwd'), acl: path.join(dir, 'acl') };
  fs.writeFileSync(paths.passwd, files.passwd, { mode: 0o600 });
  fs.writeFileSync(paths.acl, files.acl, { mode: 0o644 });
  return paths;
}

export const USAGE = [
  'usage: mosquitto-files --out DIR      password and ACL files for a static Mosquitto (reload it after)',
  '       mosquitto-files --dynsec FILE  devices into the dynamic security file, secrets kept (Mosquitto stopped)',
  'Reads DATABASE_URL or DATA_DIR, MQTT_USERNAME, MQTT_PASSWORD and MQTT_TOPIC_ROOT like the service.',
].join('\n');

export type Command = { out: string } | { dynsec: string } | { help: true };

export function parseArguments(argv: string[]): Command {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    const given = at >= 0 ? argv[at + 1] : undefined;
    return given && !given.startsWith('--') ? given : undefined;
  };
  const out = value('--out');
  const dynsec = value('--dynsec');
  if (out && !dynsec) return { out };
  if (dynsec && !out) return { dynsec };
  throw new Error(USAGE);
}

/** The command: reads the registry named by the environment and writes both files; returns the line to print. */
export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const command = parseArguments(argv);
  if ('help' in command) return USAGE;
  const config = loadConfig(env);
  if ('dynsec' in command) return withDatabase(config, (db) => writeDynsecFile(db, command.dynsec, config.mqtt.topicRoot));
  const { out } = command;
  if (!config.mqtt.password) throw new ConfigError('MQTT_PASSWORD', 'the service account needs a password in the Mosquitto file');
  const service = { username: config.mqtt.username ?? SERVICE_USERNAME, password: config.mqtt.password };
  return withDatabase(config, async (db) => {
    const paths = await writeMosquittoFiles(db, out, service, config.mqtt.topicRoot);
    return `Wrote ${paths.passwd} and ${paths.acl}; reload Mosquitto (SIGHUP) to apply them.`;
  });
}

/** Seeds the plugin's file (created beforehand by `mosquitto_ctrl dynsec init`), written whole or not at all. */
async function writeDynsecFile(db: DataSource, file: string, root: string): Promise<string> {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: create it first with mosquitto_ctrl dynsec init ${file} <MQTT_USERNAME>`);
  const devices = await new DevicesRepository(db).list();
  const problems = unwritable(devices, { username: 'service', password: '' }, root);
  if (problems.length > 0) throw new Error(`Refusing to seed ${file} (nothing written): ${problems.join('; ')}. Fix or delete these devices first.`);
  const { file: seeded, seeded: ids, skipped } = seedDynsec(JSON.parse(fs.readFileSync(file, 'utf8')) as DynsecFile, devices, root);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  const notSeeded = skipped.length > 0 ? `; not seeded (another account has the name, or no $7$ hash): ${skipped.join(', ')}` : '';
  return `Seeded ${ids.length} device accounts into ${file}${notSeeded}. Start Mosquitto, then the service with MQTT_DYNSEC=1.`;
}

async function withDatabase(config: AppConfig, task: (db: DataSource) => Promise<string>): Promise<string> {
  // Opening SQLite in a mistyped folder would create an empty database and "succeed" (issue 13).
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'cantine.db'))) {
    throw new ConfigError('DATA_DIR', `no Cantine database in ${config.dataDir}: point DATA_DIR at the service's data folder (or set DATABASE_URL)`);
  }
  const db = await openDatabase(config, deviceEntities);
  try {
    return await task(db);
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  run(process.argv.slice(2), process.env).then(console.log, (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
