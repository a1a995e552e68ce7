// Saves each site's occupancy after it changes, at most once a second per site (a sensor storm
// must not become a write storm), and once more on shutdown so a restart picks up the last state.
// In a cluster, only the sites owned here, each with its fencing number (docs/scaling.md); taking
// a site over starts from its snapshot, and handing it over saves it one last time.
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { snapshotOccupancy } from '#domain';
import { Clock } from '../infra/clock.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { OccupancySnapshotRepository } from './occupancy-snapshot.repository.js';
import { OccupancyService } from './occupancy.service.js';

export const SAVE_DELAY_MS = 1_000;

@Injectable()
export class OccupancyPersistence implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Occupancy');
  private readonly dirty = new Set<string>();
  private timer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly occupancy: OccupancyService,
    private readonly snapshots: OccupancySnapshotRepository,
    private readonly clock: Clock,
    private readonly ownership: SiteOwnership,
  ) {}

  async onModuleInit(): Promise<void> {
    this.occupancy.onChange((change) => this.markDirty(change.site));
    this.ownership.onHandover({
      restore: (site) => this.occupancy.reload(site),
      stop: async (site, fence) => {
        this.dirty.delete(site);
        if (fence !== null) await this.save(site, fence);
      },
    });
    // The restored state may have had a missed closing applied, and a fresh site has none saved yet.
    for (const site of this.occupancy.siteIds()) this.dirty.add(site);
    await this.saveNow();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.saveNow();
  }

  /** Writes every site changed since the last save; one save at a time, never rejects. */
  saveNow(): Promise<void> {
    this.saving = this.saving.then(() => this.saveDirty());
    return this.saving;
  }

  private markDirty(site: string): void {
    this.dirty.add(site);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.saveNow();
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  private async saveDirty(): Promise<void> {
    // A site deleted since its change is not saved (its state is gone; retrying it failed every second).
    const known = new Set(this.occupancy.siteIds());
    const sites = [...this.dirty].filter((site) => known.has(site));
    this.dirty.clear();
    for (const site of sites) {
      if (!this.ownership.clustered) await this.save(site);
      else {
        const fence = this.ownership.fenceOf(site);
        if (fence !== undefined) await this.save(site, fence);
      }
    }
  }

  private async save(site: string, fence?: number): Promise<void> {
    try {
      const snapshot = snapshotOccupancy(this.occupancy.state(site));
      const saved = { snapshot, savedAt: this.clock.now(), closedAt: this.occupancy.closedAt(site) };
      if (fence === undefined) return await this.snapshots.save(site, saved);
      if (!(await this.snapshots.saveFenced(site, saved, fence))) {
        this.logger.warn(`Occupancy of "${site}" not saved: refused by fencing (fence ${fence}), a newer owner holds the site`);
      }
    } catch (error) {
      // Kept dirty: the next change or the shutdown tries again.
      this.dirty.add(site);
      this.logger.error(`Saving the occupancy of "${site}" failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}
