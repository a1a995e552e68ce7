// Granted badge-ins count people into a zone, exits (exit readers, exit-only doors) out of it. Occupancy is optional here: access control must
// decide doors even in a build without it, so its service is looked up, not injected.
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { OccupancyService } from '../occupancy/occupancy.service.js';

@Injectable()
export class OccupancyEntries implements OnModuleInit {
  private readonly logger = new Logger('Access');
  private occupancy?: Pick<OccupancyService, 'recordEntry' | 'recordExit'>;

  constructor(private readonly modules: ModuleRef) {}

  onModuleInit(): void {
    try {
      this.occupancy = this.modules.get(OccupancyService, { strict: false });
    } catch {
      this.occupancy = undefined;
    }
  }

  recordEntry(site: string, zone: string, memberId: string | undefined, at: Date): void {
    try {
      this.occupancy?.recordEntry(site, zone, memberId, at);
    } catch (error) {
      this.logger.error(`Recording an entry failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  recordExit(site: string, zone: string, memberId: string | undefined, at: Date): void {
    try {
      this.occupancy?.recordExit(site, zone, at, memberId);
    } catch (error) {
      this.logger.error(`Recording an exit failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}
