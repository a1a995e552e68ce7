import { Module } from '@nestjs/common';
import { SiteChangeBus } from './site-change-bus.js';
import { SitesController } from './sites.controller.js';
import { SitesRepository } from './sites.repository.js';
import { SitesService } from './sites.service.js';

@Module({ controllers: [SitesController], providers: [SitesService, SitesRepository, SiteChangeBus], exports: [SitesService] })
export class SitesModule {}
