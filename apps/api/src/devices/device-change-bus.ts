// Device changes across instances (docs/scaling.md, "Changes across instances"): in cluster mode a
// device provisioned, moved, renamed, re-keyed or deleted through this instance's API is announced
// by id on a PostgreSQL channel; every other instance reads the device back from the database and
// applies it to its registry, keys and broker access as its own API would, then tells the same
// listeners (the allow-list publisher signs a new or re-keyed reader's list at once). The owner of
// the device's site thus refuses a deleted reader, answers a new one and signs with a new key.
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config.js';
import { ChangeRelay } from '../infra/database/change-relay.js';
import { DecisionKeys } from './decision-keys.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import { DeviceChanges } from './device-changes.js';
import { storedDeviceProblem } from './device-fields.js';
import { DeviceIngestion } from './device-ingestion.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceProvisioning } from './device-provisioning.service.js';
import { DeviceRegistry, TopicTaken } from './device-registry.js';
import type { Device } from './device.types.js';
import { DevicesRepository, type StoredDevice } from './devices.repository.js';

export const DEVICE_CHANNEL = 'cantine_device_changes';

@Injectable()
export class DeviceChangeBus implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeviceChanges');
  private relay?: ChangeRelay;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly repository: DevicesRepository,
    private readonly registry: DeviceRegistry,
    private readonly keys: DecisionKeys,
    private readonly access: DeviceBrokerAccess,
    private readonly monitor: DeviceMonitor,
    private readonly ingestion: DeviceIngestion,
    private readonly changes: DeviceChanges,
    private readonly provisioning: DeviceProvisioning,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.cluster || !this.config.databaseUrl) return;
    const relay = new ChangeRelay({
      url: this.config.databaseUrl,
      db: this.db,
      channel: DEVICE_CHANNEL,
      self: this.config.cluster.instanceId,
      what: 'device',
      // In the queue of this instance's own device changes: both read and write the registry.
      reload: (id) => this.provisioning.serially(async () => this.apply(id, await this.repository.find(id))),
      reloadAll: () => this.provisioning.serially(() => this.applyAll()),
    });
    this.relay = relay;
    this.changes.on((change) => {
      if (change.source === 'api') relay.announce(change.device.id);
    });
    await relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }

  /** After a lost LISTEN: every stored device applied (bridges before their sensors), the ones gone retired. */
  private async applyAll(): Promise<void> {
    const stored = await this.repository.list();
    const ordered = [...stored].sort((a, b) => Number(b.device.kind === 'bridge') - Number(a.device.kind === 'bridge'));
    for (const row of ordered) await this.apply(row.device.id, row);
    const ids = new Set(stored.map((row) => row.device.id));
    // Sensors before their bridge, as a deletion through the API must.
    const gone = this.registry.all().filter((device) => !ids.has(device.id));
    for (const device of gone.sort((a, b) => Number(a.kind === 'bridge') - Number(b.kind === 'bridge'))) this.retire(device);
  }

  /** The device as stored now, applied here: new, moved or renamed, re-keyed, or gone. */
  private async apply(id: string, stored: StoredDevice | null): Promise<void> {
    const before = this.registry.get(id);
    if (!stored) {
      if (before) this.retire(before);
      return;
    }
    if (!before) return this.add(stored);
    const after = stored.device;
    const moved = after.door !== before.door || after.desk !== before.desk;
    if (moved || after.name !== before.name) {
      this.registry.remove(id);
      this.registry.add(after);
      if (moved) this.monitor.moved(before, after);
      this.emit(moved ? 'moved' : 'updated', after);
    }
    const secretHash = stored.hashes?.secretHash;
    if (!this.keys.holds(id, stored.decisionKey) || this.access.hashOf(id) !== secretHash) {
      this.rekey(id, stored);
      this.emit('rotated', after);
    }
  }

  private async add(stored: StoredDevice): Promise<void> {
    const { device } = stored;
    const problem = storedDeviceProblem(device, this.config.mqtt.username) ?? (device.bridge && !this.registry.get(device.bridge) ? `its bridge ${JSON.stringify(device.bridge)} is not loaded` : null);
    if (problem) {
      this.logger.error(`Device ${JSON.stringify(device.id)} provisioned elsewhere not loaded: ${problem}`);
      return;
    }
    try {
      this.registry.add(device);
    } catch (error) {
      if (!(error instanceof TopicTaken)) throw error;
      this.logger.error(`Device ${JSON.stringify(device.id)} provisioned elsewhere not loaded: ${error.message}`);
      return;
    }
    this.rekey(device.id, stored);
    await this.ingestion.watch(device);
    this.emit('provisioned', device);
  }

  /** Its old secret stops and its sessions on an embedded broker are cut, as on the instance that rotated it. */
  private rekey(id: string, { hashes, decisionKey }: StoredDevice): void {
    if (decisionKey) this.keys.remember(id, decisionKey);
    else this.keys.forget(id);
    if (this.access.hashOf(id) !== undefined) this.access.forget(id);
    if (hashes) this.access.remember(id, hashes.secretHash);
  }

  /** As a deletion through this instance's API: its topics too, if its site is owned here. */
  private retire(device: Device): void {
    const view = this.monitor.view(device);
    this.registry.remove(device.id);
    this.ingestion.unwatch(device);
    this.keys.forget(device.id);
    this.access.forget(device.id);
    this.monitor.forget(device);
    this.changes.emit('deleted', () => view, 'remote');
  }

  private emit(type: 'provisioned' | 'updated' | 'moved' | 'rotated', device: Device): void {
    const view = this.monitor.view(device);
    this.changes.emit(type, () => view, 'remote');
  }
}
