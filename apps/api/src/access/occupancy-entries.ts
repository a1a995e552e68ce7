// Granted badge-ins count people into a zone, exits (exit readers, exit-only doors) out of it.
// A failure in occupancy is logged, never allowed to break the door decision that reported it.
import { Injectable, Logger } from '@nestjs/common';
import { OccupancyService } from '../occupancy/occupancy.service.js';

@Injectable()
export class OccupancyEntries {
  private readonly logger = new Logger('Access');

  constructor(private readonly occupancy: OccupancyService) {}

  recordEntry(site: string, zone: string, memberId: string | undefined, at: Date): void {
    try {
      this.occupancy.recordEntry(site, zone, memberId, at);
    } catch (error) {
      this.logger.error(`Recording an entry failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  recordExit(site: string, zone: string, memberId: string | undefined, at: Date): void {
    try {
      this.occupancy.recordExit(site, zone, at, memberId);
    } catch (error) {
      this.logger.error(`Recording an exit failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}
