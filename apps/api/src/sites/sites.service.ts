import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { loadSiteFiles } from './site-file.js';
import { SitesRepository } from './sites.repository.js';
import type { Site } from './site.types.js';

export type SeatState = 'free' | 'occupied' | 'offline';

export interface Seats {
  free: number;
  occupied: number;
  offline: number;
  total: number;
  desks: Array<{ id: string; label: string; zone: string; state: SeatState; since: string }>;
}

/** Sites as their files describe them, applied to the database at every start. */
@Injectable()
export class SitesService implements OnModuleInit {
  private readonly logger = new Logger('Sites');
  private sites = new Map<string, Site>();
  private readonly startedAt = new Date().toISOString();

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

  /** Seat availability; every desk is offline until its sensor reports (the occupancy feature fills this). */
  seats(siteId: string): Seats {
    const desks = this.get(siteId).desks.map((desk) => ({
      id: desk.id,
      label: desk.label,
      zone: desk.zone,
      state: 'offline' as SeatState,
      since: this.startedAt,
    }));
    return { free: 0, occupied: 0, offline: desks.length, total: desks.length, desks };
  }
}
