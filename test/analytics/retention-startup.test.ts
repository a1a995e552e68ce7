// At startup the service sets time-series retention up (docs/timeseries.md); on InfluxDB that is
// visible on the server: policies `raw` (default, 90 days) and `rollup` (3 years), one continuous query.
import { randomUUID } from 'node:crypto';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { hasInflux, influxServer } from '../support/time-series.js';


describe.skipIf(!hasInflux)('retention on InfluxDB at startup', () => {
  const database = `cantine_boot_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let cantine: TestCantine;
  let admin: InfluxDB;

  beforeAll(async () => {
    admin = new InfluxDB({ host: new URL(influxServer!).hostname, port: Number(new URL(influxServer!).port || 8086) });
    cantine = await startTestCantine({ INFLUX_URL: `${influxServer}/${database}` });
  });
  afterAll(async () => {
    await cantine?.dispose();
    await admin.dropDatabase(database);
  });

  it('creates the policies and the hourly rollup of zone_occupancy', async () => {
    const policies = await admin.showRetentionPolicies(database);
    expect(policies.find((p) => p.name === 'raw')).toMatchObject({ duration: '2160h0m0s', default: true });
    expect(policies.find((p) => p.name === 'rollup')).toMatchObject({ duration: '26280h0m0s' });
    const queries = await admin.showContinousQueries(database);
    expect(queries.map((q) => q.name)).toEqual(['cq_zone_occupancy_hourly']);
    expect(queries[0]!.query).toContain('INTO');
    expect(queries[0]!.query).toContain('zone_occupancy_hourly');
  });

  it('answers the occupancy series from InfluxDB', async () => {
    const response = await fetch(`${cantine.baseUrl}/api/sites/quimper/occupancy?every=15m`, { headers: await managerHeaders(cantine.baseUrl) });
    expect(response.status).toBe(200);
    expect((await json(response)).every).toBe('15m');
  });
});
