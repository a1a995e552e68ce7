// Access control: badge decisions from the device bus, door alarms, lockdown and remote unlock,
// the audit log with its on-disk queue, and the `/manager` live feed.
import { Module } from '@nestjs/common';
import { AllowListsModule } from '../allow-lists/allow-lists.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { HealthModule } from '../infra/health/health.module.js';
import { LockdownModule } from '../lockdown/lockdown.module.js';
import { MembersModule } from '../members/members.module.js';
import { OccupancyModule } from '../occupancy/occupancy.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { AccessController } from './access.controller.js';
import { AccessEventsRepository } from './access-events.repository.js';
import { AccessFeed } from './access-feed.js';
import { AccessRecorder } from './access-recorder.js';
import { AccessRetention } from './access-retention.js';
import { AccessService } from './access.service.js';
import { AccessSettings } from './access-settings.js';
import { AuditLog } from './audit-log.js';
import { BadgeAnswerer, DevicesBadgeAnswerer } from './badge-answerer.js';
import { DoorMonitor } from './door-monitor.js';
import { EnrolmentController } from './enrolment.controller.js';
import { Enrolments } from './enrolments.js';
import { ManagerGateway } from './manager.gateway.js';
import { OccupancyEntries } from './occupancy-entries.js';
import { OfflineUploads } from './offline-uploads.js';
import { ReaderGuard } from './reader-guard.js';
import { SiteControls } from './site-controls.service.js';

@Module({
  imports: [MembersModule, SitesModule, AuthModule, HealthModule, DevicesModule, OccupancyModule, LockdownModule, AllowListsModule],
  controllers: [AccessController, EnrolmentController],
  providers: [
    AccessSettings,
    AccessEventsRepository,
    AuditLog,
    AccessRetention,
    AccessFeed,
    AccessRecorder,
    { provide: BadgeAnswerer, useClass: DevicesBadgeAnswerer },
    OccupancyEntries,
    ReaderGuard,
    DoorMonitor,
    SiteControls,
    Enrolments,
    AccessService,
    OfflineUploads,
    ManagerGateway,
  ],
  exports: [AccessFeed, AuditLog, BadgeAnswerer],
})
export class AccessModule {}
