// Devices: provisioning, broker access, ingestion of what devices say, answers to readers.
import { Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { AuthModule } from '../auth/auth.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { SitesService } from '../sites/sites.service.js';
import { DecisionKeys } from './decision-keys.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import { DeviceSecrets } from './device-secrets.js';
import { DeviceChangeBus } from './device-change-bus.js';
import { DeviceChanges } from './device-changes.js';
import { DeviceEvents } from './device-events.js';
import { DeviceIngestion } from './device-ingestion.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceProvisioning } from './device-provisioning.service.js';
import { DeviceLifecycle } from './device-lifecycle.service.js';
import { DeviceRegistry } from './device-registry.js';
import { DevicesController } from './devices.controller.js';
import { DevicesRepository, type StoredDevice } from './devices.repository.js';
import { DeviceAccounts } from './device-accounts.js';
import { BrokerAclTable } from './broker-acl-table.js';
import { storedDeviceProblem } from './device-fields.js';
import { MosquittoDynsec } from './mosquitto-dynsec.js';
import { ReaderAnswers } from './reader-answers.service.js';

/** Loads the registry and opens the broker to devices before anything else may use them. */
@Injectable()
class DevicesStartup implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Devices');

  constructor(
    private readonly repository: DevicesRepository,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly access: DeviceBrokerAccess,
    private readonly ingestion: DeviceIngestion,
    private readonly keys: DecisionKeys,
    private readonly config: AppConfig,
    private readonly accounts: DeviceAccounts,
    private readonly sites: SitesService,
  ) {}

  async onModuleInit(): Promise<void> {
    const sealed = await this.repository.sealClearKeys();
    if (sealed > 0) this.logger.log(`${sealed} decision keys stored in clear are now encrypted with the key file`);
    const stored = await this.repository.list();
    // Bridges first: a Zigbee2MQTT sensor's topics are under its bridge's base topic.
    const ordered = [...stored].sort((a, b) => Number(b.device.kind === 'bridge') - Number(a.device.kind === 'bridge'));
    const loaded = ordered.filter((row) => this.load(row));
    this.monitor.start(loaded);
    this.access.install();
    await this.accounts.sync();
    this.sites.addReferences((siteId) => devicesAt(this.registry.all(), siteId));
  }

  /**
   * A bad row (written before the edge checks, or by hand) is skipped and reported, never fatal:
   * one device's pasted newline once kept the whole service from starting on Mosquitto.
   */
  private load({ device, hashes, decisionKey }: StoredDevice): boolean {
    const problem = storedDeviceProblem(device, this.config.mqtt.username) ?? (device.bridge && !this.registry.get(device.bridge) ? `its bridge ${JSON.stringify(device.bridge)} is not loaded` : null);
    try {
      if (problem) throw new Error(problem);
      this.registry.add(device);
    } catch (error) {
      this.registry.remove(device.id);
      this.logger.error(`Skipped device ${JSON.stringify(device.id)} stored in the database: ${error instanceof Error ? error.message : error}. Fix or delete its row; the other devices run.`);
      return false;
    }
    if (decisionKey) this.keys.remember(device.id, decisionKey);
    if (hashes) this.access.remember(device.id, hashes.secretHash);
    return true;
  }

  /** Subscribing last: retained messages then reach subscribers other modules registered at init. */
  async onApplicationBootstrap(): Promise<void> {
    await this.ingestion.start();
  }
}

/** A site with devices is not deleted: they would publish to a site nobody knows (`2 appareils : a, b`). */
function devicesAt(devices: Array<{ id: string; site: string }>, siteId: string): string | null {
  const ids = devices.filter((device) => device.site === siteId).map((device) => device.id);
  if (ids.length === 0) return null;
  const shown = ids.length > 10 ? `${ids.slice(0, 10).join(', ')}…` : ids.join(', ');
  return `${ids.length} appareil${ids.length > 1 ? 's' : ''} : ${shown}`;
}

@Module({
  imports: [AuthModule, SitesModule],
  controllers: [DevicesController],
  providers: [
    DeviceEvents,
    DevicesRepository,
    DeviceRegistry,
    DecisionKeys,
    DeviceChanges,
    DeviceMonitor,
    DeviceSecrets,
    DeviceBrokerAccess,
    DeviceAccounts,
    BrokerAclTable,
    MosquittoDynsec,
    DeviceIngestion,
    DeviceProvisioning,
    DeviceLifecycle,
    ReaderAnswers,
    DevicesStartup,
    DeviceChangeBus,
  ],
  exports: [DeviceEvents, ReaderAnswers, DeviceChanges, DeviceMonitor, DeviceRegistry, DecisionKeys],
})
export class DevicesModule {}
