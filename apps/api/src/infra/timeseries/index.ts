export * from './time-series-store.js';
export { BufferedTimeSeriesWriter, type BufferedWriterOptions, type BufferedWriterStats } from './buffered-time-series-writer.js';
export { CachingTimeSeriesStore, type CachingStoreOptions } from './caching-time-series-store.js';
export { createTimeSeriesStore, type TimeSeriesConfig } from './create-time-series-store.js';
export { EmbeddedTimeSeriesStore, type EmbeddedTimeSeriesStoreOptions } from './embedded-time-series-store.js';
export { InfluxTimeSeriesStore, type InfluxTimeSeriesStoreOptions } from './influx-time-series-store.js';
export { parseInfluxUrl, type InfluxConnection } from './influx-url.js';
export { MAX_BUCKETS, MAX_POINT_ROWS, pointProblem } from './point-validation.js';
export { TimeSeriesSpool, type SpoolOptions } from './time-series-spool.js';
