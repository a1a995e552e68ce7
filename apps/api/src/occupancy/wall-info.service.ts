// What the wall shows besides seats: the site's events from event passes and whether it is open.
// Both read the service clock (infra/clock.ts), so tests pick the time of day.
import { Injectable } from '@nestjs/common';
import { listSiteEvents, openingStatus } from '#domain';
import type { SiteEvent, SiteOpening } from '#protocol';
import { Clock } from '../infra/clock.js';
import { MemberDirectory } from '../members/member-directory.js';
import { SitesService } from '../sites/sites.service.js';

@Injectable()
export class WallInfoService {
  constructor(
    private readonly sites: SitesService,
    private readonly directory: MemberDirectory,
    private readonly clock: Clock,
  ) {}

  /** One entry per event, attendees grouped away (libs/domain site-events.ts). */
  events(siteId: string): SiteEvent[] {
    const site = this.sites.get(siteId);
    const zones = site.zones.map((zone) => zone.id);
    return listSiteEvents(
      this.directory.allPasses(),
      { timezone: site.timezone, zones },
      this.clock.now(),
    ).map(({ title, start, end, zone }) => ({
      title,
      start,
      end,
      zone,
    }));
  }

  opening(siteId: string): SiteOpening {
    const site = this.sites.get(siteId);
    const now = this.clock.now();
    const { open, todayHours, closesAt, nextOpening } = openingStatus(now, site);
    return {
      open,
      timezone: site.timezone,
      todayHours: todayHours.map(({ open: o, close }) => ({ open: o, close })),
      closesAt,
      nextOpening,
      now: now.toISOString(),
    };
  }
}
