import { Injectable, Logger, NotFoundException, ServiceUnavailableException, type OnModuleInit } from '@nestjs/common';
import type { SeatsSnapshot } from '#protocol';
import { AppConfig } from '../infra/config/app-config.js';
import { loadSiteFiles } from './site-file.js';
import { SitesRepository } from './sites.repository.js';
import type { Site } from './site.types.js';

/** The seats body (contract §3), filled by the occupancy feature. */
export type Seats = SeatsSnapshot;
export type SeatsSource = (siteId: string) => Seats;

/** Sites as their files describe them, applied to the database at every start. */
@Injectable()
export class SitesService implements OnModuleInit {
  private readonly logger = new Logger('Sites');
  private sites = new Map<string, Site>();
  private seatsSource?: SeatsSource;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: SitesRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const site of loadSiteFiles(this.config.sitesDir)) {
      await this.repository.save(site);
      this.logger.log(`Site "${site.id}" loaded: ${site.zones.length} zones, ${site.doors.length} doors, ${site.desks.length} desks`);
    }
    this.sites = new Map((await this.repository.list()).map((site) => [site.id, site]));
  }

  list(): Site[] {
    return [...this.sites.values()];
  }

  /** The site named, or a 404 naming it. */
  get(siteId: string): Site {
    const site = this.sites.get(siteId);
    if (!site) throw new NotFoundException(`Unknown site "${siteId}"`);
    return site;
  }

  /** The occupancy feature plugs its live seats in here (it depends on sites, not the reverse). */
  useSeatsSource(source: SeatsSource): void {
    this.seatsSource = source;
  }

  /** Live seat availability of a known site. */
  seats(siteId: string): Seats {
    this.get(siteId);
    if (!this.seatsSource) throw new ServiceUnavailableException('Occupancy is starting, try again shortly');
    return this.seatsSource(siteId);
  }
}
