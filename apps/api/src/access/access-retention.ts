// Purges audit entries older than ACCESS_LOG_RETENTION_DAYS (default 92 days, about 3 months):
// once shortly after start, then daily. A failed purge is logged and retried the next day.
import { Clock } from '../infra/clock.js';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AccessEventsRepository } from './access-events.repository.js';
import { AccessSettings } from './access-settings.js';

const DAY_MS = 86_400_000;

@Injectable()
export class AccessRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditLog');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: AccessEventsRepository,
    private readonly settings: AccessSettings,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.purge();
    this.timer = setInterval(() => void this.purge(), this.settings.purgeEveryMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many entries went; 0 when the database could not be reached. */
  async purge(now = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * DAY_MS);
    try {
      const removed = await this.repository.purgeBefore(cutoff);
      if (removed > 0) this.logger.log(`Purged ${removed} audit entries older than ${this.settings.retentionDays} days`);
      return removed;
    } catch (error) {
      this.logger.warn(`Audit log purge failed, retried tomorrow: ${error instanceof Error ? error.message : error}`);
      return 0;
    }
  }
}
