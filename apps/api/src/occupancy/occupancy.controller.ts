import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SiteEvent } from '#protocol';
import { SitesService } from '../sites/sites.service.js';
import { OccupancyService, type CrossChecks } from './occupancy.service.js';

@ApiTags('occupancy')
@Controller('api/sites')
export class OccupancyController {
  constructor(
    private readonly occupancy: OccupancyService,
    private readonly sites: SitesService,
  ) {}

  /** Signed-in accounts (roles per route: auth/route-roles.ts): it names members, so it never reaches the wall. */
  @Get(':site/occupancy/cross-checks')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Desks in use in zones nobody badged into today, and members badged in while no desk of their zone is in use' })
  crossChecks(@Param('site') siteId: string): CrossChecks {
    return this.occupancy.crossChecks(siteId);
  }

  /**
   * Public: today's and upcoming events the wall shows (title, times, zone; never attendees).
   * Always empty until event passes carry their titles here; the wall hides the section meanwhile.
   */
  @Get(':site/events')
  @ApiOperation({ summary: "Public: today's and upcoming events of a site, for the wall screen (empty for now)" })
  events(@Param('site') siteId: string): SiteEvent[] {
    this.sites.get(siteId);
    return [];
  }
}
