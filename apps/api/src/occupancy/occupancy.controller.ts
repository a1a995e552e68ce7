import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import { z } from 'zod';
import { CrossChecksSchema, SiteEventSchema, SiteOpeningSchema, type CrossChecksBody, type SiteEvent, type SiteOpening, IdParam } from '#protocol';
import { Responds } from '../infra/http/responds.js';
import { OccupancyService } from './occupancy.service.js';
import { WallInfoService } from './wall-info.service.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';

@ApiTags('occupancy')
@Controller('api/sites')
export class OccupancyController {
  constructor(
    private readonly occupancy: OccupancyService,
    private readonly wallInfo: WallInfoService,
  ) {}

  /** Signed-in accounts (roles per route: auth/route-roles.ts): it names members, so it never reaches the wall. */
  @Get(':site/occupancy/cross-checks')
  @ApiOperation({ summary: 'Desks in use in zones nobody badged into today, and members badged in while no desk of their zone is in use' })
  @Responds(200, CrossChecksSchema)
  crossChecks(@Param('site', new ZodPipe(IdParam)) siteId: string): CrossChecksBody {
    return this.occupancy.crossChecks(siteId);
  }

  /** Public: today's and upcoming events the wall shows, one per event (title, times, room; never an attendee). */
  @Get(':site/events')
  @ApiOperation({ summary: "Public: today's and upcoming events of a site from event passes, for the wall screen" })
  @Responds(200, z.array(SiteEventSchema))
  events(@Param('site', new ZodPipe(IdParam)) siteId: string): SiteEvent[] {
    return this.wallInfo.events(siteId);
  }

  /** Public: whether the site is open by its hours, today's hours and the next opening. */
  @Get(':site/opening')
  @ApiOperation({ summary: "Public: open or closed now by the site's hours, today's hours, the next opening" })
  @Responds(200, SiteOpeningSchema)
  opening(@Param('site', new ZodPipe(IdParam)) siteId: string): SiteOpening {
    return this.wallInfo.opening(siteId);
  }
}
