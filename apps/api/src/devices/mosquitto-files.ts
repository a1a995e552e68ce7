// Writes Mosquitto's password file and ACL file from the device registry, for an external broker:
//
//   npm run mosquitto-files -- --out /etc/mosquitto/cantine
//   (or, after a build: node dist/apps/api/src/devices/mosquitto-files.js --out DIR)
//
// It reads the same DATABASE_URL / DATA_DIR as the service, and MQTT_USERNAME / MQTT_PASSWORD for
// the service's own account. Run it again after provisioning devices, then make Mosquitto reload
// its files (SIGHUP, `systemctl reload mosquitto`). mosquitto.conf needs, besides its listener:
//   allow_anonymous false
//   password_file DIR/passwd
//   acl_file DIR/acl
//   use_username_as_clientid true     (a client cannot take over another device's session)
//   set_tcp_nodelay true
//   max_inflight_messages 0           (stack notes, pitfall 12)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../infra/config/app-config.js';
import { ConfigError } from '../infra/config/config-error.js';
import { openDatabase } from '../infra/database/data-source.js';
import { SERVICE_USERNAME } from '../infra/mqtt/broker.service.js';
import { deviceAcl } from './device-acl.js';
import { mosquittoHash } from './device-secret.js';
import { DevicesRepository, type StoredDevice } from './devices.repository.js';

export interface ServiceAccount {
  username: string;
  password: string;
}

/** The two files' contents. Devices without credentials (Zigbee2MQTT sensors) get no entry. */
export async function mosquittoFiles(devices: StoredDevice[], service: ServiceAccount, root: string): Promise<{ passwd: string; acl: string }> {
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
export async function writeMosquittoFiles(db: DataSource, dir: string, service: ServiceAccount, root: string): Promise<{ passwd: string; acl: string }> {
  const files = await mosquittoFiles(await new DevicesRepository(db).list(), service, root);
  fs.mkdirSync(dir, { recursive: true });
  const paths = { passwd: path.join(dir, 'passwd'), acl: path.join(dir, 'acl') };
  fs.writeFileSync(paths.passwd, files.passwd, { mode: 0o600 });
  fs.writeFileSync(paths.acl, files.acl, { mode: 0o644 });
  return paths;
}

export function parseArguments(argv: string[]): { out: string } {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : undefined;
  if (!out || out.startsWith('--')) throw new Error('usage: mosquitto-files --out DIR');
  return { out };
}

async function main(): Promise<void> {
  const { out } = parseArguments(process.argv.slice(2));
  const config = loadConfig(process.env);
  if (!config.mqtt.password) throw new ConfigError('MQTT_PASSWORD', 'the service account needs a password in the Mosquitto file');
  const service = { username: config.mqtt.username ?? SERVICE_USERNAME, password: config.mqtt.password };
  const db = await openDatabase(config);
  try {
    const paths = await writeMosquittoFiles(db, out, service, config.mqtt.topicRoot);
    console.log(`Wrote ${paths.passwd} and ${paths.acl}; reload Mosquitto (SIGHUP) to apply them.`);
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
