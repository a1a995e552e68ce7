// A device after provisioning (contract §7): moved or renamed with the same credentials, re-keyed
// (a stolen or leaked secret), or deleted. The broker follows at once: a rotated or deleted
// device's live session is cut, and its old secret fails from the next login on.
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { SitesService } from '../sites/sites.service.js';
import { DeviceAccounts, type IssuedSecret } from './device-accounts.js';
import { DeviceChanges } from './device-changes.js';
import { DeviceIngestion } from './device-ingestion.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceProvisioning, invalid, type ProvisionedDevice } from './device-provisioning.service.js';
import { DeviceRegistry } from './device-registry.js';
import { generateDeviceSecret } from './device-secret.js';
import { DeviceSecrets } from './device-secrets.js';
import type { Device, DeviceView } from './device.types.js';
import { DecisionKeys } from './decision-keys.js';
import { DevicesRepository } from './devices.repository.js';
import type { DeviceUpdateDto } from '#protocol';

const notFound = (id: string) => new NotFoundException({ message: `Appareil « ${id} » inconnu`, errors: [{ field: 'id', message: `appareil « ${id} » inconnu` }] });
const conflict = (field: string, message: string) => new ConflictException({ message, errors: [{ field, message }] });

@Injectable()
export class DeviceLifecycle {
  constructor(
    private readonly provisioning: DeviceProvisioning,
    private readonly sites: SitesService,
    private readonly repository: DevicesRepository,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly accounts: DeviceAccounts,
    private readonly changes: DeviceChanges,
    private readonly keys: DecisionKeys,
    private readonly secrets: DeviceSecrets,
    private readonly ingestion: DeviceIngestion,
  ) {}

  update(id: string, body: DeviceUpdateDto): Promise<DeviceView> {
    return this.provisioning.serially(() => this.updateNow(this.existing(id), body));
  }

  rotate(id: string): Promise<ProvisionedDevice> {
    return this.provisioning.serially(() => this.rotateNow(this.existing(id)));
  }

  delete(id: string): Promise<void> {
    return this.provisioning.serially(() => this.deleteNow(this.existing(id)));
  }

  private existing(id: string): Device {
    const device = this.registry.get(id);
    if (!device) throw notFound(id);
    return device;
  }

  private async updateNow(before: Device, body: DeviceUpdateDto): Promise<DeviceView> {
    const after = this.moved(before, body);
    this.provisioning.checkBindings(after);
    await this.repository.updatePlacement(after);
    this.registry.remove(before.id);
    this.registry.add(after);
    const moved = after.door !== before.door || after.desk !== before.desk;
    if (moved) {
      this.monitor.moved(before, after);
      await this.accounts.retarget(after);
    }
    const view = this.monitor.view(after);
    this.changes.emit(moved ? 'moved' : 'updated', () => view, 'api');
    return view;
  }

  /** The device with its new door, desk or name, each checked against its kind and site. */
  private moved(device: Device, body: DeviceUpdateDto): Device {
    const site = this.sites.list().find((candidate) => candidate.id === device.site)!;
    const takesDoor = device.kind === 'reader' || device.kind === 'door-sensor';
    if (body.door !== undefined && !takesDoor) throw invalid('door', `un ${device.kind} n’a pas de porte`);
    if (body.desk !== undefined && device.kind !== 'desk-sensor') throw invalid('desk', `un ${device.kind} n’a pas de bureau`);
    if (body.door && !site.doors.some((door) => door.id === body.door)) throw invalid('door', `le site ${site.id} n’a pas de porte « ${body.door} »`);
    if (body.desk && !site.desks.some((desk) => desk.id === body.desk)) throw invalid('desk', `le site ${site.id} n’a pas de bureau « ${body.desk} »`);
    const { name: _name, ...rest } = device;
    const name = body.name === undefined ? device.name : body.name || undefined;
    return { ...rest, ...(body.door ? { door: body.door } : {}), ...(body.desk ? { desk: body.desk } : {}), ...(name ? { name } : {}) };
  }

  /**
   * A new secret (and, for a native reader, a new decision key and so a newly signed allow-list).
   * Stored first; if the broker cannot take it, the old secret and key are put back.
   */
  private async rotateNow(device: Device): Promise<ProvisionedDevice> {
    if (device.protocol === 'zigbee2mqtt' && device.kind !== 'bridge') {
      throw conflict('id', `un capteur Zigbee2MQTT n’a pas de secret : ce sont ceux de son pont ${device.bridge}`);
    }
    const previous = await this.repository.secretOf(device.id);
    const secret = generateDeviceSecret();
    const issued: IssuedSecret = { secret, hashes: await this.secrets.forStorage(secret) };
    const decisionKey = DecisionKeys.forNewDevice(device, secret);
    await this.repository.replaceSecret(device.id, issued.hashes, decisionKey);
    try {
      await this.accounts.rekey(device, issued);
    } catch (error) {
      if (previous.hashes) await this.repository.replaceSecret(device.id, previous.hashes, previous.decisionKey);
      throw error;
    }
    if (decisionKey) this.keys.remember(device.id, decisionKey);
    const view = this.monitor.view(device);
    this.changes.emit('rotated', () => view, 'api');
    return { id: device.id, mqtt: { username: device.id, password: secret } };
  }

  /** The broker account goes first (cut at once, retried safely); then the row, the memory and its topics. */
  private async deleteNow(device: Device): Promise<void> {
    const sensors = this.registry.sensorsOf(device.id);
    if (sensors.length > 0) throw conflict('id', `supprimez d’abord les capteurs de ce pont : ${sensors.map((s) => s.id).join(', ')}`);
    const view = this.monitor.view(device);
    await this.accounts.close(device);
    await this.repository.delete(device.id);
    this.registry.remove(device.id);
    this.ingestion.unwatch(device);
    this.keys.forget(device.id);
    this.monitor.forget(device);
    this.changes.emit('deleted', () => view, 'api');
  }
}
