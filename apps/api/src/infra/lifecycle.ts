import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrokerService } from './mqtt/broker.service.js';
import { BufferedTimeSeriesWriter, TimeSeriesStore } from './timeseries/index.js';

/**
 * Closes the infrastructure in a safe order on SIGINT/SIGTERM: pending time-series points are
 * flushed first, then the broker stops taking messages, and the database closes last.
 */
@Injectable()
export class Lifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly writer: BufferedTimeSeriesWriter,
    private readonly store: TimeSeriesStore,
    private readonly broker: BrokerService,
    private readonly db: DataSource,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    if (signal) this.logger.log(`${signal} received, stopping…`);
    await this.step('time-series buffer', () => this.writer.close());
    await this.step('time-series store', () => this.store.close());
    await this.step('broker', () => this.broker.close());
    await this.step('database', () => (this.db.isInitialized ? this.db.destroy() : Promise.resolve()));
    this.logger.log('Cantine stopped');
  }

  private async step(what: string, close: () => Promise<unknown>): Promise<void> {
    try {
      await close();
    } catch (error) {
      this.logger.error(`Closing the ${what} failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}
