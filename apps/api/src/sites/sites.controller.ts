import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { NoticeHtmlSchema, SeatsSnapshotSchema, SiteLayoutSchema, type SiteLayout, IdParam, NoticeLangQuery } from '#protocol';
import { AppConfig } from '../infra/config/app-config.js';
import { Responds } from '../infra/http/responds.js';
import { privacyNotice } from './privacy-notice.js';
import { SitesService, type Seats } from './sites.service.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';

/** Public: layout and seats carry no personal data. */
@ApiTags('sites')
@Controller('api/sites')
export class SitesController {
  constructor(
    private readonly sites: SitesService,
    private readonly config: AppConfig,
  ) {}

  @Get(':site')
  @ApiOperation({ summary: 'Public layout of a site: zones, doors, desks, hours, time zone' })
  @Responds(200, SiteLayoutSchema)
  layout(@Param('site', new ZodPipe(IdParam)) siteId: string): SiteLayout {
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
  @Responds(200, SeatsSnapshotSchema)
  seats(@Param('site', new ZodPipe(IdParam)) siteId: string): Seats {
    return this.sites.seats(siteId);
  }

  @Get(':site/notice')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The information notice to post by the readers (GDPR), French or ?lang=en' })
  @Responds(200, NoticeHtmlSchema, undefined, 'text/html')
  notice(@Param('site', new ZodPipe(IdParam)) siteId: string, @Query('lang', new ZodPipe(NoticeLangQuery)) lang: z.infer<typeof NoticeLangQuery>): string {
    const settings = { accessLogRetentionDays: this.config.accessLogRetentionDays };
    return privacyNotice(this.sites.get(siteId), settings, lang === 'en' ? 'en' : 'fr');
  }
}
