// POST /api/devices: checks the device against its site and the other devices, stores it with
// its secret hashed, and makes the broker and the ingestion pipeline aware of it at once.
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DEFAULT_ZIGBEE2MQTT_BASE } from '#protocol';
import { SitesService } from '../sites/sites.service.js';
import { deviceAcl, filtersOverlap } from './device-acl.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import { DecisionKeys } from './decision-keys.js';
import { DeviceChanges } from './device-changes.js';
import { DeviceIngestion } from './device-ingestion.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceRegistry } from './device-registry.js';
import { generateDeviceSecret, hashForStorage } from './device-secret.js';
import type { Device } from './device.types.js';
import { DevicesRepository } from './devices.repository.js';
import type { DeviceCreateDto } from './dto/device-create.dto.js';

/** The answer to POST /api/devices; `mqtt` is null for Zigbee2MQTT sensors, which never connect. */
export interface ProvisionedDevice {
  id: string;
  mqtt: { username: string; password: string } | null;
}

const invalid = (field: string, message: string) => new BadRequestException({ message: `Invalid ${field}: ${message}`, errors: [{ field, message }] });
const conflict = (field: string, message: string) => new ConflictException({ message, errors: [{ field, message }] });

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
    private readonly access: DeviceBrokerAccess,
    private readonly changes: DeviceChanges,
    private readonly keys: DecisionKeys,
  ) {}

  provision(body: DeviceCreateDto): Promise<ProvisionedDevice> {
    const result = this.queue.then(() => this.provisionNow(body));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async provisionNow(body: DeviceCreateDto): Promise<ProvisionedDevice> {
    const device = this.checked(body);
    const secret = device.protocol === 'zigbee2mqtt' && device.kind !== 'bridge' ? null : generateDeviceSecret();
    const hashes = secret ? await hashForStorage(secret) : null;
    const decisionKey = DecisionKeys.forNewDevice(device, secret);
    if (!(await this.repository.insert(device, hashes, decisionKey))) throw conflict('id', `A device "${device.id}" already exists`);
    if (decisionKey) this.keys.remember(device.id, decisionKey);
    this.registry.add(device);
    if (hashes) this.access.remember(device.id, hashes.secretHash);
    await this.ingestion.watch(device);
    const view = this.monitor.view(device);
    this.changes.emit('provisioned', () => view);
    return { id: device.id, mqtt: secret ? { username: device.id, password: secret } : null };
  }

  private checked(body: DeviceCreateDto): Device {
    const site = this.sites.list().find((candidate) => candidate.id === body.site);
    if (!site) throw invalid('site', `unknown site "${body.site}"`);
    if (this.registry.get(body.id)) throw conflict('id', `A device "${body.id}" already exists`);
    if (body.door && !site.doors.some((door) => door.id === body.door)) throw invalid('door', `site ${site.id} has no door "${body.door}"`);
    if (body.desk && !site.desks.some((desk) => desk.id === body.desk)) throw invalid('desk', `site ${site.id} has no desk "${body.desk}"`);
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
      createdAt: new Date(),
    };
    this.checkBindings(device);
    this.checkTopics(device);
    return device;
  }

  /** One sensor per desk and per door; a sensor's bridge is a Zigbee2MQTT bridge of the same site. */
  private checkBindings(device: Device): void {
    const deskSensor = device.kind === 'desk-sensor' && device.desk ? this.registry.deskSensor(device.site, device.desk) : undefined;
    if (deskSensor) throw conflict('desk', `Desk ${device.desk} already has sensor ${deskSensor.id}`);
    const doorSensor = device.kind === 'door-sensor' && device.door ? this.registry.doorSensor(device.site, device.door) : undefined;
    if (doorSensor) throw conflict('door', `Door ${device.door} already has sensor ${doorSensor.id}`);
    if (!device.bridge) return;
    const bridge = this.registry.get(device.bridge);
    if (!bridge || bridge.kind !== 'bridge' || bridge.site !== device.site) {
      throw invalid('bridge', `site ${device.site} has no Zigbee2MQTT bridge "${device.bridge}"`);
    }
  }

  /** A foreign device's topics stay out of the native tree and out of every other device's. */
  private checkTopics(device: Device): void {
    if (device.protocol === 'native') return;
    const claims = this.claims(device);
    const nativeTree = `${this.registry.root}/#`;
    if (claims.some((claim) => filtersOverlap(claim, nativeTree))) throw invalid('topic', `topics under ${nativeTree} are the native protocol's`);
    for (const other of this.registry.all()) {
      if (other.protocol === 'native' || other.id === device.bridge) continue;
      const clash = this.claims(other).find((theirs) => claims.some((ours) => filtersOverlap(ours, theirs)));
      if (clash) throw conflict('topic', `Topic ${device.topic} overlaps ${clash} of device ${other.id}`);
    }
  }

  /** The topics a device owns: its ACL (when it connects) and the topics read for it. */
  private claims(device: Device): string[] {
    const acl = deviceAcl(device, this.registry.root);
    return [...acl.publish, ...acl.subscribe, ...this.registry.topicsOf(device)];
  }
}
