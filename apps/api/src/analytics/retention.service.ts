// Retention at run time. At start: the store sets its policies up (InfluxDB: retention policies
// and continuous queries). Then every hour: roll the last closed hours up and expire old points.
// On InfluxDB the continuous queries and policies already do both; the hourly roll-up repeats the
// continuous query's work (idempotent) and so also covers hours the server missed while down.
import { Clock } from '../infra/clock.js';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TimeSeriesStore } from '../infra/timeseries/index.js';
import { RETENTION_PLAN } from './series-schema.js';

const HOUR_MS = 3_600_000;

@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: TimeSeriesStore,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.store.configureRetention(RETENTION_PLAN);
    } catch (error) {
      // A read-only InfluxDB user cannot create policies: analytics still work, only retention is off.
      this.logger.warn(`Retention not configured: ${error instanceof Error ? error.message : error}`);
    }
    void this.maintain(this.clock.now());
    this.timer = setInterval(() => void this.maintain(this.clock.now()), HOUR_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Rolls up the last three closed hours (a late point still lands) and expires what is too old. */
  async maintain(now: Date): Promise<void> {
    try {
      await this.store.rollUp(RETENTION_PLAN, new Date(now.getTime() - 3 * HOUR_MS), now);
      const expired = await this.store.expire(RETENTION_PLAN, now);
      if (expired > 0) this.logger.log(`Expired ${expired} time-series points`);
    } catch (error) {
      this.logger.warn(`Time-series maintenance failed, retried in an hour: ${error instanceof Error ? error.message : error}`);
    }
  }
}
