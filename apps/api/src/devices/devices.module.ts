// Devices: provisioning, broker access, ingestion of what devices say, answers to readers.
import { Injectable, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { DecisionKeys } from './decision-keys.js';
import { DeviceBrokerAccess } from './device-broker-access.js';
import { DeviceChanges } from './device-changes.js';
import { DeviceIngestion } from './device-ingestion.js';
import { DeviceMonitor } from './device-monitor.js';
import { DeviceProvisioning } from './device-provisioning.service.js';
import { DeviceRegistry } from './device-registry.js';
import { DevicesController } from './devices.controller.js';
import { DevicesRepository } from './devices.repository.js';
import { DevicesSettings } from './devices.settings.js';
import { ReaderAnswers } from './reader-answers.service.js';

/** Loads the registry and opens the broker to devices before anything else may use them. */
@Injectable()
class DevicesStartup implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly repository: DevicesRepository,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly access: DeviceBrokerAccess,
    private readonly ingestion: DeviceIngestion,
    private readonly keys: DecisionKeys,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.repository.list();
    // Bridges first: a Zigbee2MQTT sensor's topics are under its bridge's base topic.
    const ordered = [...stored].sort((a, b) => Number(b.device.kind === 'bridge') - Number(a.device.kind === 'bridge'));
    for (const { device, hashes, decisionKey } of ordered) {
      if (decisionKey) this.keys.remember(device.id, decisionKey);
      this.registry.add(device);
      if (hashes) this.access.remember(device.id, hashes.secretHash);
    }
    this.monitor.start(stored);
    this.access.install();
  }

  /** Subscribing last: retained messages then reach subscribers other modules registered at init. */
  async onApplicationBootstrap(): Promise<void> {
    await this.ingestion.start();
  }
}

@Module({
  imports: [AuthModule, SitesModule],
  controllers: [DevicesController],
  providers: [
    { provide: DevicesSettings, useFactory: () => new DevicesSettings() },
    DevicesRepository,
    DeviceRegistry,
    DecisionKeys,
    DeviceChanges,
    DeviceMonitor,
    DeviceBrokerAccess,
    DeviceIngestion,
    DeviceProvisioning,
    ReaderAnswers,
    DevicesStartup,
  ],
  exports: [ReaderAnswers, DeviceChanges, DeviceMonitor, DeviceRegistry, DecisionKeys],
})
export class DevicesModule {}
