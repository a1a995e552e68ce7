// Occupancy of each site: desk sensors and door counts through the domain reducer, out to the
// seats API, the retained MQTT summary, the /wall screens, the time series and the database.
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DevicesModule } from '../devices/devices.module.js';
import { MembersModule } from '../members/members.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { OccupancyClock } from './occupancy-clock.js';
import { OccupancyDeviceEvents } from './occupancy-device-events.js';
import { OccupancyPersistence } from './occupancy-persistence.js';
import { OccupancySeries } from './occupancy-series.js';
import { OccupancySnapshotRepository } from './occupancy-snapshot.repository.js';
import { OccupancyController } from './occupancy.controller.js';
import { OccupancyService } from './occupancy.service.js';
import { SeatFeed } from './seat-feed.js';
import { SeatsPublisher } from './seats-publisher.js';
import { WallGateway } from './wall.gateway.js';
import { WallInfoService } from './wall-info.service.js';

@Module({
  imports: [SitesModule, AuthModule, MembersModule, DevicesModule],
  controllers: [OccupancyController],
  providers: [
    OccupancyService,
    OccupancySnapshotRepository,
    OccupancyPersistence,
    OccupancyDeviceEvents,
    OccupancyClock,
    SeatsPublisher,
    OccupancySeries,
    SeatFeed,
    WallGateway,
    WallInfoService,
  ],
  // Access control records entries and exits through the service.
  exports: [OccupancyService],
})
export class OccupancyModule {}
