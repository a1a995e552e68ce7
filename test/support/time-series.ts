// The two time-series stores for suites that run the same cases on both: the embedded store in a
// temporary folder, and real InfluxDB (TEST_INFLUX_URL) with a fresh database dropped afterwards.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfluxDB } from 'influx';
import { EmbeddedTimeSeriesStore } from '../../apps/api/src/infra/timeseries/embedded-time-series-store.js';
import { InfluxTimeSeriesStore } from '../../apps/api/src/infra/timeseries/influx-time-series-store.js';
import { serviceAvailable } from './services.js';

export interface StoreUnderTest<S> {
  store: S;
  dispose(): Promise<void>;
}

/**
 * The InfluxDB server (scheme, host, port) and whether a suite may use it; logs or throws as
 * services.ts says. A TEST_INFLUX_URL naming a database (an installation's INFLUX_URL, say
 * http://host:8086/cantine) is the same server: suites make their own databases there, never that one.
 */
export const influxServer = process.env.TEST_INFLUX_URL ? new URL(process.env.TEST_INFLUX_URL).origin : undefined;
export const hasInflux = await serviceAvailable('InfluxDB', 'TEST_INFLUX_URL', influxServer, 8086);

export async function embeddedStore(prefix = 'cantine-ts-'): Promise<StoreUnderTest<EmbeddedTimeSeriesStore>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
  await store.start();
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A started store on a new database of the test server; `database` lets a test look at it directly. */
export async function influxStore(prefix = 'cantine_test_'): Promise<StoreUnderTest<InfluxTimeSeriesStore> & { database: string; admin: InfluxDB }> {
  const database = `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const store = new InfluxTimeSeriesStore(`${influxServer}/${database}`);
  await store.start();
  const server = new URL(influxServer!);
  const admin = new InfluxDB({ host: server.hostname, port: Number(server.port || 8086) });
  return {
    store,
    database,
    admin,
    dispose: async () => {
      await store.close();
      await admin.dropDatabase(database);
    },
  };
}
