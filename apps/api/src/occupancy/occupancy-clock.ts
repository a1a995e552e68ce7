// The passing of time for occupancy: a tick lets holds run out and silent sensors go offline, and
// each site's day closes at its last closing time, on its own wall clock.
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../infra/clock.js';
import { SitesService } from '../sites/sites.service.js';
import { previousClosing } from './closing-times.js';
import { OccupancyService } from './occupancy.service.js';

/** Holds last minutes and heartbeats half an hour: a quarter-minute of clock time is precise enough for both. */
export const TICK_MS = 15_000;
/** A demo clock runs faster: ticks follow it, but no faster than this many real milliseconds. */
export const MIN_TICK_REAL_MS = 100;

@Injectable()
export class OccupancyClock implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('Occupancy');

  constructor(
    private readonly occupancy: OccupancyService,
    private readonly sites: SitesService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    // The service clock, read at each tick: a demo clock or a test's moves the day along with it.
    this.tick(this.clock.now());
    // Holds, heartbeat timeouts and the close of day are clock times: a faster demo clock ticks faster.
    this.timer = setInterval(() => this.tick(this.clock.now()), this.clock.realMs(TICK_MS, MIN_TICK_REAL_MS));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Closes the day of every site whose closing time has passed since its last close, then ticks. */
  tick(now: Date): void {
    const known = new Map(this.sites.list().map((site) => [site.id, site]));
    for (const siteId of this.occupancy.siteIds()) {
      // A site just deleted leaves the sites first and occupancy a moment later (listeners run in
      // turn): asking for it in between threw from this timer and ended the process (a cluster
      // instance died so when a site was deleted through another instance).
      const site = known.get(siteId);
      if (!site) continue;
      try {
        const closing = previousClosing(now, site);
        const closedAt = this.occupancy.closedAt(siteId);
        // At the tick's time, not the closing's: a freed desk's `since` must not go back before changes already shown.
        if (closing && (!closedAt || closing > closedAt)) this.occupancy.apply(siteId, { type: 'close-of-day', at: now });
        this.occupancy.apply(siteId, { type: 'tick', at: now });
      } catch (error) {
        // One site's failure must not stop the others' clock, nor the process.
        this.logger.error(`Tick of site ${JSON.stringify(siteId)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  }
}
