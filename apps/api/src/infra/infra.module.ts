// The shared infrastructure every feature uses: configuration, database, broker, time series.
import path from 'node:path';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { openDatabase, type EntityList } from './database/data-source.js';
import { SecretKeys } from './database/secret-keys.js';
import { SettingsRepository } from './database/settings.repository.js';
import { Clock, createClock } from './clock.js';
import { Lifecycle } from './lifecycle.js';
import { SiteOwnership } from './site-ownership.js';
import { BrokerService } from './mqtt/broker.service.js';
import { BufferedTimeSeriesWriter, CachingTimeSeriesStore, createTimeSeriesStore, TimeSeriesSpool, TimeSeriesStore } from './timeseries/index.js';

@Global()
@Module({})
export class InfraModule {
  /** `entities`: every feature's tables (apps/api/src/entities.ts); infra knows none of them. */
  static forRoot(config: AppConfig, entities: EntityList): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: SecretKeys, useFactory: () => SecretKeys.load(config) },
        { provide: DataSource, useFactory: () => startDatabase(config, entities) },
        { provide: BrokerService, useFactory: () => startBroker(config) },
        { provide: TimeSeriesStore, inject: [Clock], useFactory: (clock: Clock) => startTimeSeries(config, clock) },
        {
          provide: BufferedTimeSeriesWriter,
          inject: [TimeSeriesStore],
          useFactory: (store: TimeSeriesStore) => timeSeriesWriter(config, store),
        },
        SettingsRepository,
        Lifecycle,
        { provide: Clock, useFactory: () => createClock(config.demoClock) },
        SiteOwnership,
      ],
      exports: [
        AppConfig,
        SecretKeys,
        DataSource,
        BrokerService,
        TimeSeriesStore,
        BufferedTimeSeriesWriter,
        SettingsRepository,
        Clock,
        SiteOwnership,
      ],
    };
  }
}

const logger = new Logger('Cantine');

async function startDatabase(config: AppConfig, entities: EntityList) {
  const db = await openDatabase(config, entities);
  const where = config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : `SQLite in ${path.join(config.dataDir, 'cantine.db')}`;
  logger.log(`Database: ${where}, schema up to date`);
  return db;
}

async function startBroker(config: AppConfig): Promise<BrokerService> {
  const broker = new BrokerService(config);
  await broker.start();
  logger.log(`MQTT: ${broker.engine === 'embedded' ? 'embedded broker' : 'external broker'} at ${broker.endpoint}`);
  return broker;
}

/** The adapter behind the cache of finished days (caching-time-series-store.ts), on the service's clock. */
async function startTimeSeries(config: AppConfig, clock: Clock): Promise<TimeSeriesStore> {
  const store = new CachingTimeSeriesStore(createTimeSeriesStore(config), { now: () => clock.now().getTime() });
  try {
    await store.start();
  } catch (error) {
    await store.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    if (config.influxUrl) throw new ConfigError('INFLUX_URL', `cannot use InfluxDB at ${new URL(config.influxUrl).host} (${reason})`);
    throw new ConfigError('DATA_DIR', `cannot open the embedded time-series store in ${config.dataDir} (${reason})`);
  }
  logger.log(`Time series: ${config.influxUrl ? `InfluxDB at ${new URL(config.influxUrl).host}` : `SQLite in ${path.join(config.dataDir, 'timeseries.db')}`}`);
  return store;
}

/**
 * Points wait in memory, then on disk under DATA_DIR while the store is down (whichever engine),
 * and are written first when it answers again, even after a restart.
 */
function timeSeriesWriter(config: AppConfig, store: TimeSeriesStore): BufferedTimeSeriesWriter {
  const tsLogger = new Logger('TimeSeries');
  let lastLogged = 0;
  return new BufferedTimeSeriesWriter(store, {
    spool: new TimeSeriesSpool({ dir: path.join(config.dataDir, 'timeseries-buffer') }),
    onError: (error) => {
      // One line a minute at most: the writer retries with backoff and reports each failure.
      if (Date.now() - lastLogged < 60_000) return;
      lastLogged = Date.now();
      tsLogger.warn(`Time-series store unavailable, points buffered (memory, then disk): ${error.message}`);
    },
    onSpoolDrop: (points) => tsLogger.error(`Time-series buffer full: the ${points} oldest buffered points were dropped`),
  });
}
