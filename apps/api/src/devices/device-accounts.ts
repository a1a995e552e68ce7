// A device's broker account: the secret it logs in with and what it may touch. On the embedded
// broker that is DeviceBrokerAccess's memory (the ACL is the registry's); on Mosquitto with
// MQTT_DYNSEC=1, a client and a role of the dynamic security plugin too. Every change takes
// effect at once, live sessions included. With Mosquitto's static files (mosquitto-files), the
// operator rewrites them instead.
import { Injectable, Logger } from '@nestjs/common';
import { BrokerAclTable } from './broker-acl-table.js';
import { deviceAcl } from './device-acl.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import { DeviceRegistry } from './device-registry.js';
import type { Device, DeviceSecretHashes } from './device.types.js';
import { DEVICE_TEXTNAME, deviceRole, dynsecAcls, MosquittoDynsec, type DynsecCommand } from './mosquitto-dynsec.js';

/** A new secret, in clear only for as long as the request that shows it once. */
export interface IssuedSecret {
  secret: string;
  hashes: DeviceSecretHashes;
}

/** The broker already has an account by that name that is not a Cantine device's. */
export class AccountTaken extends Error {
  constructor(readonly deviceId: string) {
    super(`Mosquitto already has an account named ${deviceId}`);
  }
}

/** Commands per message during a sync: a site has hundreds of devices, not thousands. */
const SYNC_CHUNK = 50;

@Injectable()
export class DeviceAccounts {
  private readonly logger = new Logger('Devices');

  constructor(
    private readonly access: DeviceBrokerAccess,
    private readonly dynsec: MosquittoDynsec,
    private readonly registry: DeviceRegistry,
    private readonly aclTable: BrokerAclTable,
  ) {}

  /** A provisioned device may log in (devices without credentials: nothing to do). */
  async open(device: Device, issued: IssuedSecret | null): Promise<void> {
    if (!issued) return;
    this.access.remember(device.id, issued.hashes.secretHash);
    await this.aclTable.write(device.id, this.aclOf(device));
    if (!this.dynsec.enabled) return;
    const role = deviceRole(device.id);
    const [, created] = await this.dynsec.run(
      [
        { command: 'createRole', rolename: role, acls: dynsecAcls(this.aclOf(device)) },
        { command: 'createClient', username: device.id, password: issued.secret, textname: DEVICE_TEXTNAME, roles: [{ rolename: role }] },
      ],
      ['Client already exists'],
    );
    if (created?.error) {
      // Someone else's account on that broker (a dashboard, a bridge): never touched, only its role goes.
      await this.dynsec.run([{ command: 'deleteRole', rolename: role }], ['Role not found']);
      throw new AccountTaken(device.id);
    }
  }

  /** The old secret stops at once and every session opened with it is cut. */
  async rekey(device: Device, issued: IssuedSecret): Promise<void> {
    if (this.dynsec.enabled) {
      // setClientPassword kicks the sessions the old secret opened (the plugin does, 2.0.11 here).
      // A device Mosquitto never had (provisioned before MQTT_DYNSEC) gets its account here.
      const role = deviceRole(device.id);
      await this.dynsec.run(
        [
          { command: 'createRole', rolename: role, acls: dynsecAcls(this.aclOf(device)) },
          { command: 'createClient', username: device.id, textname: DEVICE_TEXTNAME, roles: [{ rolename: role }] },
          { command: 'setClientPassword', username: device.id, password: issued.secret },
        ],
        ['Role already exists', 'Client already exists'],
      );
    }
    await this.aclTable.write(device.id, this.aclOf(device));
    this.access.forget(device.id);
    this.access.remember(device.id, issued.hashes.secretHash);
  }

  /** What the device may touch changed (a sensor moved to another desk or door). */
  async retarget(device: Device): Promise<void> {
    // The embedded broker reads each device's ACL from the registry at every publish.
    if (!this.hasAccount(device)) return;
    await this.aclTable.write(device.id, this.aclOf(device));
    if (!this.dynsec.enabled) return;
    await this.dynsec.run([{ command: 'modifyRole', rolename: deviceRole(device.id), acls: dynsecAcls(this.aclOf(device)) }]);
  }

  /** The account goes and its sessions are cut; deleting what is already gone is fine (a retry). */
  async close(device: Device): Promise<void> {
    if (this.dynsec.enabled && this.hasAccount(device)) {
      // deleteClient kicks the client's sessions itself.
      await this.dynsec.run(
        [
          { command: 'deleteClient', username: device.id },
          { command: 'deleteRole', rolename: deviceRole(device.id) },
        ],
        ['Client not found', 'Role not found'],
      );
    }
    await this.aclTable.remove(device.id);
    this.access.forget(device.id);
  }

  /**
   * At start, on Mosquitto with dynamic security: every device's role carries its current ACL,
   * clients of devices deleted meanwhile go, and a device Mosquitto has never heard of is named
   * (the control topic takes passwords in clear only, and the service keeps none: seed the file
   * with mosquitto-files --dynsec, or rotate it).
   */
  async sync(): Promise<void> {
    const withAccounts = this.registry.all().filter((device) => this.hasAccount(device));
    await this.aclTable.replaceAll(withAccounts.map((device) => [device.id, this.aclOf(device)]));
    if (!this.dynsec.enabled) return;
    await this.dynsec.start();
    const existing = await this.dynsec.clients();
    const known = new Map(existing.map((client) => [client.username, client]));
    const devices = this.registry.all().filter((device) => this.hasAccount(device));
    const commands: DynsecCommand[] = [];
    for (const device of devices) {
      const role = deviceRole(device.id);
      commands.push({ command: 'createRole', rolename: role }, { command: 'modifyRole', rolename: role, acls: dynsecAcls(this.aclOf(device)) });
      const client = known.get(device.id);
      // Only when missing: changing a client's roles kicks its session.
      if (client && !client.roles.includes(role)) commands.push({ command: 'addClientRole', username: device.id, rolename: role });
      if (!client) {
        const fixes = `seed it with its secret (npm run mosquitto-files -- --dynsec FILE, Mosquitto stopped) or rotate it (POST /api/devices/${device.id}/rotate)`;
        this.logger.error(`Device ${JSON.stringify(device.id)} has no account on Mosquitto yet: ${fixes}`);
      }
    }
    const ids = new Set(devices.map((device) => device.id));
    for (const client of existing.filter((c) => c.textname === DEVICE_TEXTNAME && !ids.has(c.username))) {
      commands.push({ command: 'deleteClient', username: client.username }, { command: 'deleteRole', rolename: deviceRole(client.username) });
    }
    for (let start = 0; start < commands.length; start += SYNC_CHUNK) {
      await this.dynsec.run(commands.slice(start, start + SYNC_CHUNK), ['Role already exists', 'Role not found', 'Client not found']);
    }
    this.logger.log(`Mosquitto dynamic security in step: ${devices.length} device accounts`);
  }

  private hasAccount(device: Device): boolean {
    return !(device.protocol === 'zigbee2mqtt' && device.kind !== 'bridge');
  }

  private aclOf(device: Device) {
    return deviceAcl(device, this.registry.root);
  }
}
