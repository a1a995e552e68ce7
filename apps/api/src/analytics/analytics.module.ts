// Analytics of the occupancy and access series for the manager: the contract's occupancy series
// and the dashboard's reports, plus time-series retention. See docs/timeseries.md.
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SitesModule } from '../sites/sites.module.js';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsService } from './analytics.service.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [SitesModule, AuthModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, RetentionService],
})
export class AnalyticsModule {}
