// Cluster mode (CANTINE_CLUSTER=1, docs/scaling.md): site leases in PostgreSQL. Absent from the
// one-process default, which owns every site without asking anyone.
import { Module } from '@nestjs/common';
import { SitesModule } from '../sites/sites.module.js';
import { ClusterService } from './cluster.service.js';

@Module({
  imports: [SitesModule],
  providers: [ClusterService],
})
export class ClusterModule {}
