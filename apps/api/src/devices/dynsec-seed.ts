// Moves the devices already provisioned into Mosquitto's dynamic security file, keeping their
// secrets: `npm run mosquitto-files -- --dynsec FILE`, with Mosquitto stopped (the plugin reads its
// file at start and rewrites it on every change). The plugin's control topic takes passwords in
// clear only, and the service keeps none; but the file holds them as PBKDF2-SHA512 with salt and
// iterations, exactly the `$7$` hash stored at provisioning for Mosquitto's password file. Without
// this, every device provisioned before MQTT_DYNSEC=1 would have to be re-keyed.
import { deviceAcl } from './device-acl.js';
import type { StoredDevice } from './devices.repository.js';
import { DEVICE_TEXTNAME, deviceRole, dynsecAcls } from './mosquitto-dynsec.js';

interface DynsecClient {
  username: string;
  textName?: string;
  password?: string;
  salt?: string;
  iterations?: number;
  roles?: Array<{ rolename: string }>;
  [other: string]: unknown;
}

interface DynsecRole {
  rolename: string;
  acls?: unknown[];
  [other: string]: unknown;
}

export interface DynsecFile {
  clients?: DynsecClient[];
  roles?: DynsecRole[];
  [other: string]: unknown;
}

/** `$7$101$salt$hash` as the plugin's file keeps it, or null when the hash is not of that form. */
function fromMosquittoHash(hash: string): { password: string; salt: string; iterations: number } | null {
  const match = /^\$7\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  return match ? { iterations: Number(match[1]), salt: match[2]!, password: match[3]! } : null;
}

/**
 * The file with one client (secret kept) and one role (its ACL) per device with credentials, and
 * without the Cantine device clients whose device is gone. Other clients and roles (the admin,
 * accounts made by hand) are kept as they are.
 */
export function seedDynsec(
  file: DynsecFile,
  devices: StoredDevice[],
  root: string,
): { file: DynsecFile; seeded: string[]; skipped: string[] } {
  const withSecrets = devices.filter((stored) => stored.hashes);
  const ids = new Set(withSecrets.map((stored) => stored.device.id));
  const ours = (client: DynsecClient) => client.textName === DEVICE_TEXTNAME;
  const clients = (file.clients ?? []).filter((client) => !(ours(client) && !ids.has(client.username)));
  const gone = new Set((file.clients ?? []).filter((client) => !clients.includes(client)).map((client) => deviceRole(client.username)));
  const roles = (file.roles ?? []).filter((role) => !gone.has(role.rolename));
  const seeded: string[] = [];
  const skipped: string[] = [];
  for (const { device, hashes } of withSecrets) {
    const secret = fromMosquittoHash(hashes!.mosquittoHash);
    const taken = clients.find((client) => client.username === device.id && !ours(client));
    if (!secret || taken) {
      skipped.push(device.id);
      continue;
    }
    const rolename = deviceRole(device.id);
    const role: DynsecRole = { rolename, acls: dynsecAcls(deviceAcl(device, root)) };
    const client: DynsecClient = { username: device.id, textName: DEVICE_TEXTNAME, ...secret, roles: [{ rolename }] };
    replace(roles, (r) => r.rolename === rolename, role);
    replace(clients, (c) => c.username === device.id, client);
    seeded.push(device.id);
  }
  return { file: { ...file, clients, roles }, seeded, skipped };
}

function replace<T>(list: T[], same: (item: T) => boolean, item: T): void {
  const at = list.findIndex(same);
  if (at >= 0) list[at] = item;
  else list.push(item);
}
