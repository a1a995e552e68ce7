import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';
import { InfluxTimeSeriesStore } from './influx-time-series-store.js';
import type { TimeSeriesStore } from './time-series-store.js';

export interface TimeSeriesConfig {
  /** INFLUX_URL; unset or empty: the embedded store. */
  influxUrl?: string;
  /** DATA_DIR: the embedded store keeps `timeseries.db` there. */
  dataDir: string;
}

/** Picks the adapter; the caller still calls start(). */
export function createTimeSeriesStore(config: TimeSeriesConfig): TimeSeriesStore {
  if (config.influxUrl) return new InfluxTimeSeriesStore(config.influxUrl);
  return new EmbeddedTimeSeriesStore({ dataDir: config.dataDir });
}
