import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '../infra/http/openapi-decorators.js';
import type { Response } from 'express';
import type { z } from 'zod';
import {
  NoticeHtmlSchema,
  SeatsSnapshotSchema,
  SiteDefinitionSchema,
  SiteImportedSchema,
  SiteLayoutSchema,
  SiteListSchema,
  type SiteImported,
  type SiteLayout,
  IdParam,
  NoticeLangQuery,
} from '#protocol';
import { AppConfig } from '../infra/config/app-config.js';
import { Responds } from '../infra/http/responds.js';
import { privacyNotice } from './privacy-notice.js';
import { SiteBodyPipe } from './site-body.pipe.js';
import type { Site } from './site.types.js';
import { SitesService, type Seats } from './sites.service.js';
import { ZodPipe } from '../infra/http/zod-body.pipe.js';

/** Public: layout and seats carry no personal data. Managers create, replace, import and delete sites. */
@ApiTags('sites')
@Controller('api/sites')
export class SitesController {
  constructor(
    private readonly sites: SitesService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every site, whole (manager)' })
  @Responds(200, SiteListSchema)
  list(): Site[] {
    return this.sites.list();
  }

  @Post()
  @ApiOperation({ summary: 'Creates a site from a site file\'s shape (manager); 409 when the id is taken' })
  @Responds(201, SiteDefinitionSchema)
  create(@Body(new SiteBodyPipe()) site: Site): Promise<Site> {
    return this.sites.create(site);
  }

  @Post('import')
  @ApiOperation({ summary: 'Imports a site file: creates the site (201) or replaces the one of the same id (200)' })
  @Responds(201, SiteImportedSchema)
  async import(@Body(new SiteBodyPipe()) site: Site, @Res({ passthrough: true }) response: Response): Promise<SiteImported> {
    const imported = await this.sites.import(site);
    response.status(imported.created ? 201 : 200);
    return imported;
  }

  @Put(':site')
  @ApiOperation({ summary: 'Replaces a site\'s whole definition (manager); in force at once, no restart' })
  @Responds(200, SiteDefinitionSchema)
  replace(@Param('site', new ZodPipe(IdParam)) siteId: string, @Body(new SiteBodyPipe()) site: Site): Promise<Site> {
    return this.sites.replace(siteId, site);
  }

  @Delete(':site')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a site (manager); 409 naming what still refers to it (devices)' })
  @Responds(204)
  remove(@Param('site', new ZodPipe(IdParam)) siteId: string): Promise<void> {
    return this.sites.remove(siteId);
  }

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
  seats(@Param('site', new ZodPipe(IdParam)) siteId: string): Promise<Seats> {
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
