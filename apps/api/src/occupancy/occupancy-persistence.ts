// Saves each site's occupancy after it changes, at most once a second per site (a sensor storm
// must not become a write storm), and once more on shutdown so a restart picks up the last state.
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { snapshotOccupancy } from '#domain';
import { Clock } from '../infra/clock.js';
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
  ) {}

  async onModuleInit(): Promise<void> {
    this.occupancy.onChange((change) => this.markDirty(change.site));
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
    const sites = [...this.dirty];
    this.dirty.clear();
    for (const site of sites) {
      try {
        const snapshot = snapshotOccupancy(this.occupancy.state(site));
        await this.snapshots.save(site, { snapshot, savedAt: this.clock.now(), closedAt: this.occupancy.closedAt(site) });
      } catch (error) {
        // Kept dirty: the next change or the shutdown tries again.
        this.dirty.add(site);
        this.logger.error(`Saving the occupancy of "${site}" failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}
