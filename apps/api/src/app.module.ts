import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AccessModule } from './access/access.module.js';
import { AllowListsModule } from './allow-lists/allow-lists.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { DevicesModule } from './devices/devices.module.js';
import { entities } from './entities.js';
import { AppConfig } from './infra/config/app-config.js';
import { HealthModule } from './infra/health/health.module.js';
import { InfraModule } from './infra/infra.module.js';
import { pinoHttpOptions } from './infra/logging.js';
import { MembersModule } from './members/members.module.js';
import { OccupancyModule } from './occupancy/occupancy.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { SitesModule } from './sites/sites.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(logger) }),
        InfraModule.forRoot(config, entities),
        HealthModule,
        AuthModule,
        SitesModule,
        OccupancyModule,
        DevicesModule,
        MembersModule,
        AccessModule,
        AllowListsModule,
        AnalyticsModule,
        PrivacyModule,
        // Cluster mode only (docs/scaling.md): site leases in PostgreSQL.
        ...(config.cluster ? [ClusterModule] : []),
      ],
    };
  }
}
