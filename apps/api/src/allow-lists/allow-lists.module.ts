// Offline allow-lists for native readers (docs/reader-firmware.md): built from the members view
// and the site rules, signed with each reader's decision key, published retained.
import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module.js';
import { LockdownModule } from '../lockdown/lockdown.module.js';
import { MembersModule } from '../members/members.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { AllowListPublisher } from './allow-list-publisher.js';

@Module({
  imports: [DevicesModule, LockdownModule, MembersModule, SitesModule],
  providers: [AllowListPublisher],
  exports: [AllowListPublisher],
})
export class AllowListsModule {}
