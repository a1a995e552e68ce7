// POST /api/devices: checks the device against its site and the other devices, stores it with
// its secret hashed, and makes the broker and the ingestion pipeline aware of it at once.
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DEFAULT_ZIGBEE2MQTT_BASE, type DeviceCreateDto } from '#protocol';
import { AppConfig } from '../infra/config/app-config.js';
import { SitesService } from '../sites/sites.service.js';
import { deviceAcl, filtersOverlap } from './device-acl.js';
import { AccountTaken, DeviceAccounts, type IssuedSecret } from './device-accounts.js';
import { idProblem } from './device-fields.js';
import { DecisionKeys } from './decision-keys.js';
import { DeviceChanges } from './device-changes.js';
import { DeviceIngestion } from './device-ingestion.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceRegistry, TopicTaken } from './device-registry.js';
import { generateDeviceSecret } from './device-secret.js';
import { DeviceSecrets } from './device-secrets.js';
import type { Device } from './device.types.js';
import { DevicesRepository } from './devices.repository.js';

/** The answer to POST /api/devices; `mqtt` is null for Zigbee2MQTT sensors, which never connect. */
export interface ProvisionedDevice {
  id: string;
  mqtt: { username: string; password: string } | null;
}

/**
 * esp-rfid readers may share one topic when each says who it is (docs/devices.md): they get the
 * same namespace and their messages are told apart by `hostname`, else `doorName`. Same topic,
 * both named, and no name in common; anything else overlapping is a conflict.
 */
function sharesTopic(device: Device, other: Device): boolean {
  const reader = (d: Device) => d.protocol === 'esp-rfid' && d.kind === 'reader' && (d.hostname !== undefined || d.doorName !== undefined);
  if (!reader(device) || !reader(other) || device.topic !== other.topic) return false;
  const same = (a?: string, b?: string) => a !== undefined && a === b;
  return !same(device.hostname, other.hostname) && !same(device.doorName, other.doorName);
}

export const invalid = (field: string, message: string) => new BadRequestException({ message: `Champ ${field} invalide : ${message}`, errors: [{ field, message }] });
export const conflict = (field: string, message: string) => new ConflictException({ message, errors: [{ field, message }] });

@Injectable()
export class DeviceProvisioning {
  // One provisioning at a time: the checks below read the registry the previous one wrote.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sites: SitesService,
    private readonly repository: DevicesRepository,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly ingestion: DeviceIngestion,
    private readonly accounts: DeviceAccounts,
    private readonly changes: DeviceChanges,
    private readonly keys: DecisionKeys,
    private readonly config: AppConfig,
    private readonly secrets: DeviceSecrets,
  ) {}

  provision(body: DeviceCreateDto): Promise<ProvisionedDevice> {
    return this.serially(() => this.provisionNow(body));
  }

  /** Runs device changes one after the other (provisioning, moves, rotations, deletions). */
  serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * The row is written first (the database settles a race for the id), and removed again if
   * anything after it fails: a device is either provisioned everywhere or nowhere.
   */
  private async provisionNow(body: DeviceCreateDto): Promise<ProvisionedDevice> {
    const device = this.checked(body);
    const secret = device.protocol === 'zigbee2mqtt' && device.kind !== 'bridge' ? null : generateDeviceSecret();
    const issued: IssuedSecret | null = secret ? { secret, hashes: await this.secrets.forStorage(secret) } : null;
    const decisionKey = DecisionKeys.forNewDevice(device, secret);
    const insert = () => this.repository.insert(device, issued?.hashes ?? null, decisionKey);
    // In a cluster this instance hears of another's devices only once they are provisioned: two
    // bridges of one base topic provisioned at once through two instances were both stored.
    const inserted = this.config.cluster && device.protocol !== 'native'
      ? await this.repository.withForeignDevices(async (stored) => {
          this.checkTopics(device, stored);
          return insert();
        })
      : await insert();
    if (!inserted) throw conflict('id', `l’appareil « ${device.id} » existe déjà`);
    let opened = false;
    try {
      if (decisionKey) this.keys.remember(device.id, decisionKey);
      this.registry.add(device);
      await this.accounts.open(device, issued);
      opened = true;
      await this.ingestion.watch(device);
    } catch (error) {
      await this.undo(device, opened);
      if (error instanceof AccountTaken) throw conflict('id', `le broker a déjà un compte « ${device.id} » qui n’est pas un appareil Cantine`);
      if (error instanceof TopicTaken) throw conflict('topic', `le sujet ${error.topic} est déjà lu pour l’appareil ${error.holder}`);
      throw error;
    }
    const view = this.monitor.view(device);
    this.changes.emit('provisioned', () => view, 'api');
    return { id: device.id, mqtt: secret ? { username: device.id, password: secret } : null };
  }

  /** Compensation: nothing of a failed provisioning stays, in memory, on the broker or stored. */
  private async undo(device: Device, opened: boolean): Promise<void> {
    this.registry.remove(device.id);
    this.keys.forget(device.id);
    if (opened) await this.accounts.close(device).catch(() => undefined);
    await this.repository.delete(device.id);
  }

  private checked(body: DeviceCreateDto): Device {
    const site = this.sites.list().find((candidate) => candidate.id === body.site);
    if (!site) throw invalid('site', `site « ${body.site} » inconnu`);
    const reserved = idProblem(body.id, this.config.mqtt.username);
    if (reserved) throw invalid('id', reserved);
    if (this.registry.get(body.id)) throw conflict('id', `l’appareil « ${body.id} » existe déjà`);
    if (body.door && !site.doors.some((door) => door.id === body.door)) throw invalid('door', `le site ${site.id} n’a pas de porte « ${body.door} »`);
    if (body.desk && !site.desks.some((desk) => desk.id === body.desk)) throw invalid('desk', `le site ${site.id} n’a pas de bureau « ${body.desk} »`);
    const device: Device = {
      id: body.id,
      kind: body.kind,
      site: body.site,
      protocol: body.protocol,
      ...(body.door ? { door: body.door } : {}),
      ...(body.desk ? { desk: body.desk } : {}),
      ...(body.topic || body.kind === 'bridge' ? { topic: body.topic ?? DEFAULT_ZIGBEE2MQTT_BASE } : {}),
      ...(body.bridge ? { bridge: body.bridge } : {}),
      ...(body.uidFormat ? { uidFormat: body.uidFormat } : {}),
      ...(body.relay !== undefined ? { relay: body.relay } : {}),
      ...(body.sensor !== undefined ? { sensor: body.sensor } : {}),
      ...(body.hostname !== undefined ? { hostname: body.hostname } : {}),
      ...(body.doorName !== undefined ? { doorName: body.doorName } : {}),
      createdAt: new Date(),
    };
    this.checkBindings(device);
    this.checkTopics(device);
    return device;
  }

  /** One sensor per desk and per door; a sensor's bridge is a Zigbee2MQTT bridge of the same site. */
  checkBindings(device: Device): void {
    const deskSensor = device.kind === 'desk-sensor' && device.desk ? this.registry.deskSensor(device.site, device.desk) : undefined;
    if (deskSensor && deskSensor.id !== device.id) throw conflict('desk', `le bureau ${device.desk} a déjà le capteur ${deskSensor.id}`);
    const doorSensor = device.kind === 'door-sensor' && device.door ? this.registry.doorSensor(device.site, device.door) : undefined;
    if (doorSensor && doorSensor.id !== device.id) throw conflict('door', `la porte ${device.door} a déjà le capteur ${doorSensor.id}`);
    if (!device.bridge) return;
    const bridge = this.registry.get(device.bridge);
    if (!bridge || bridge.kind !== 'bridge' || bridge.site !== device.site) {
      throw invalid('bridge', `le site ${device.site} n’a pas de pont Zigbee2MQTT « ${device.bridge} »`);
    }
  }

  /**
   * A foreign device's topics stay out of the native tree and out of every other device's: those
   * loaded here, and `stored` ones not heard of yet (a sensor among them counts through its bridge).
   */
  private checkTopics(device: Device, stored: readonly Device[] = []): void {
    if (device.protocol === 'native') return;
    const claims = this.claims(device);
    const nativeTree = `${this.registry.root}/#`;
    if (claims.some((claim) => filtersOverlap(claim, nativeTree))) throw invalid('topic', `les sujets sous ${nativeTree} sont ceux du protocole natif`);
    const unheard = stored.filter((other) => !this.registry.get(other.id) && (!other.bridge || this.registry.get(other.bridge)));
    for (const other of [...this.registry.all(), ...unheard]) {
      if (other.protocol === 'native' || other.id === device.bridge || other.id === device.id) continue;
      if (sharesTopic(device, other)) continue;
      const clash = this.claims(other).find((theirs) => claims.some((ours) => filtersOverlap(ours, theirs)));
      if (clash) throw conflict('topic', `le sujet ${device.topic} recouvre ${clash} de l’appareil ${other.id}`);
    }
  }

  /** The topics a device owns: its ACL (when it connects) and the topics read for it. */
  private claims(device: Device): string[] {
    const acl = deviceAcl(device, this.registry.root);
    return [...acl.publish, ...acl.subscribe, ...this.registry.topicsOf(device)];
  }
}
