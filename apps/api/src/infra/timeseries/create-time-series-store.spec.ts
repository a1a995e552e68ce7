import { describe, expect, it } from 'vitest';
import { createTimeSeriesStore } from './create-time-series-store.js';
import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';
import { InfluxTimeSeriesStore } from './influx-time-series-store.js';

describe('createTimeSeriesStore', () => {
  it('uses InfluxDB when INFLUX_URL is set', () => {
    const store = createTimeSeriesStore({ influxUrl: 'http://127.0.0.1:8086/cantine', dataDir: './data' });
    expect(store).toBeInstanceOf(InfluxTimeSeriesStore);
    expect(store.engine).toBe('influxdb');
  });

  it('uses the embedded store under DATA_DIR otherwise', () => {
    for (const influxUrl of [undefined, '']) {
      const store = createTimeSeriesStore({ influxUrl, dataDir: '/srv/cantine' });
      expect(store).toBeInstanceOf(EmbeddedTimeSeriesStore);
      expect((store as EmbeddedTimeSeriesStore).file).toBe('/srv/cantine/timeseries.db');
    }
  });

  it('pings false, without throwing, when the store cannot be reached or is not open', async () => {
    // Port 9 (discard) on loopback: refused at once on a machine without that service.
    await expect(new InfluxTimeSeriesStore('http://127.0.0.1:9/cantine', { pingTimeoutMs: 500 }).ping()).resolves.toBe(false);
    await expect(new EmbeddedTimeSeriesStore({ dataDir: '/nonexistent' }).ping()).resolves.toBe(false);
  });
});
