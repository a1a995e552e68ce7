// The same service on real engines: PostgreSQL (DATABASE_URL), InfluxDB (INFLUX_URL) and Mosquitto
// (MQTT_URL) at once. Each engine is required in CI and skipped, saying so, when absent elsewhere.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { serviceAvailable } from '../support/services.js';
import { influxServer } from '../support/time-series.js';

const ready =
  (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432)) &&
  (await serviceAvailable('InfluxDB', 'TEST_INFLUX_URL', influxServer, 8086)) &&
  mosquittoAvailable();

describe.skipIf(!ready)('Cantine on PostgreSQL, InfluxDB and Mosquitto', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-external-'));
  const influxDatabase = `cantine_boot_${randomBytes(4).toString('hex')}`;
  const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let mosquitto: RunningMosquitto;
  let cantine: TestCantine;

  beforeAll(async () => {
    postgres = await createPostgresDatabase();
    const files = await mosquittoFiles([], service, 'cantine');
    fs.writeFileSync(path.join(dir, 'passwd'), files.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'acl'), files.acl);
    mosquitto = await startMosquitto(dir);
    cantine = await startTestCantine({
      DATABASE_URL: postgres.url,
      INFLUX_URL: `${influxServer}/${influxDatabase}`,
      MQTT_URL: mosquitto.url,
      MQTT_USERNAME: service.username,
      MQTT_PASSWORD: service.password,
    });
  });
  afterAll(async () => {
    await cantine?.dispose();
    await mosquitto?.stop();
    await postgres?.drop();
    await new InfluxDB(`${influxServer}/${influxDatabase}`).dropDatabase(influxDatabase).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says in its ready line that every engine is external', () => {
    expect(cantine.readyLine).toMatch(/broker external, database PostgreSQL, time series InfluxDB/);
    expect(cantine.readyLine).toContain(mosquitto.url);
  });

  it('is healthy, with every check up', async () => {
    const response = await fetch(`${cantine.baseUrl}/health`);
    expect(await json(response)).toMatchObject({ status: 'ok', checks: { database: 'up', broker: 'up', timeseries: 'up' } });
  });

  it('has created the InfluxDB database and migrated PostgreSQL', async () => {
    expect(await new InfluxDB(`${influxServer}/${influxDatabase}`).getDatabaseNames()).toContain(influxDatabase);
    const seats = await json(await fetch(`${cantine.baseUrl}/api/sites/quimper/seats`));
    expect(seats.total).toBe(24);
    expect(await managerHeaders(cantine.baseUrl)).toHaveProperty('authorization');
  });
});
