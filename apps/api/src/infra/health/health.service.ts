import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BrokerService } from '../mqtt/broker.service.js';
import { BufferedTimeSeriesWriter, TimeSeriesStore } from '../timeseries/index.js';

export type CheckState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'error';
  checks: { database: CheckState; broker: CheckState; timeseries: CheckState };
  /** Which checks are down, in words, when any is. */
  message?: string;
  /** Counters of the stores' buffers; features add theirs with `addDetails`. */
  details: { timeseriesPending: number; timeseriesDropped: number } & Record<string, number>;
}

const checkTimeoutMs = 2000;

export type HealthDetailsSource = () => Record<string, number>;

@Injectable()
export class HealthService {
  private readonly detailSources: HealthDetailsSource[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly broker: BrokerService,
    private readonly store: TimeSeriesStore,
    private readonly writer: BufferedTimeSeriesWriter,
  ) {}

  /** A feature's own counters, shown under `details` (e.g. the audit log's on-disk queue). */
  addDetails(source: HealthDetailsSource): void {
    this.detailSources.push(source);
  }

  async check(): Promise<HealthReport> {
    const [database, broker, timeseries] = await Promise.all([
      probe(() => this.db.query('SELECT 1').then(() => true)),
      probe(() => this.broker.healthy()),
      probe(() => this.store.ping()),
    ]);
    const checks = { database, broker, timeseries };
    const down = Object.entries(checks).filter(([, state]) => state === 'down').map(([name]) => name);
    const stats = this.writer.stats;
    return {
      status: down.length ? 'error' : 'ok',
      checks,
      ...(down.length ? { message: `${down.join(', ')} down` } : {}),
      details: Object.assign(
        { timeseriesPending: stats.pending, timeseriesDropped: stats.dropped },
        ...this.detailSources.map((source) => source()),
      ),
    };
  }
}

async function probe(check: () => Promise<boolean>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), checkTimeoutMs)));
  try {
    return (await Promise.race([check(), timeout])) ? 'up' : 'down';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
