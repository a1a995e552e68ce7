import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SitesService, type Seats } from './sites.service.js';

/** Public: layout and seats carry no personal data. */
@ApiTags('sites')
@Controller('api/sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get(':site')
  @ApiOperation({ summary: 'Public layout of a site: zones, doors, desks, hours, time zone' })
  layout(@Param('site') siteId: string) {
    const { id, name, timezone, hours, closures, floorPlan, zones, doors, desks } = this.sites.get(siteId);
    return {
      id,
      name,
      timezone,
      hours,
      closures,
      floorPlan,
      zones,
      doors: doors.map(({ id: doorId, name: doorName, zone }) => ({ id: doorId, name: doorName, zone })),
      desks,
    };
  }

  @Get(':site/seats')
  @ApiOperation({ summary: 'Public seat availability of a site, no personal data' })
  seats(@Param('site') siteId: string): Seats {
    return this.sites.seats(siteId);
  }
}
