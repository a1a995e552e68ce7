// Sites changed through the API across instances (docs/scaling.md, "Changes across instances"):
// in cluster mode a site created, replaced, imported or deleted through this instance is announced
// by id; every other instance reads it back from the database and takes it into its own list,
// whose listeners (occupancy, allow-lists, the lease loop) then act as for a change of its own.
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../infra/config/app-config.js';
import { ChangeRelay } from '../infra/database/change-relay.js';
import { SitesRepository } from './sites.repository.js';
import { SitesService } from './sites.service.js';

export const SITE_CHANNEL = 'cantine_site_changes';

@Injectable()
export class SiteChangeBus implements OnApplicationBootstrap, OnModuleDestroy {
  private relay?: ChangeRelay;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly repository: SitesRepository,
    private readonly sites: SitesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.cluster || !this.config.databaseUrl) return;
    const relay = new ChangeRelay({
      url: this.config.databaseUrl,
      db: this.db,
      channel: SITE_CHANNEL,
      self: this.config.cluster.instanceId,
      what: 'site',
      reload: async (id) => this.sites.follow(id, await this.repository.find(id)),
      reloadAll: async () => {
        const stored = await this.repository.list();
        for (const site of stored) await this.sites.follow(site.id, site);
        const ids = new Set(stored.map((site) => site.id));
        for (const site of this.sites.list().filter((known) => !ids.has(known.id))) await this.sites.follow(site.id, null);
      },
    });
    this.relay = relay;
    this.sites.onChange((change) => {
      if (change.origin === 'local') relay.announce(change.site.id);
    });
    await relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}
