// Device accounts as docker-compose.yml's `cluster` profile gives them to EMQX: its PostgreSQL
// authenticator and authorizer run the queries written in docker-compose.yml against the service's
// database (MQTT_ACL_TABLE=1). No EMQX here (no Docker engine, no Debian package), so the test runs
// those very queries on a real PostgreSQL and checks the answers as EMQX does (emqx_passwd.erl:
// `hex(pbkdf2(MacFun, Password, Salt, Iterations, DKLength))` compared with `password_hash`; the
// `salt` column taken as bytes). The service itself talks to a real Mosquitto meanwhile.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerAclRows } from '../../apps/api/src/devices/broker-acl-table.js';
import { deviceAcl } from '../../apps/api/src/devices/device-acl.js';
import { DeviceRegistry } from '../../apps/api/src/devices/device-registry.js';
import { mosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { provisioned } from '../support/devices.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { serviceAvailable } from '../support/services.js';

const available = mosquittoAvailable() && (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432));

/** EMQX's `query = "…"` strings in docker-compose.yml, as EMQX gets them (`$$` is compose's `$`). */
function emqxQueries(): { authn: string; authz: string } {
  const compose = fs.readFileSync('docker-compose.yml', 'utf8');
  const queries = [...compose.matchAll(/query = "([^"]+)"/g)].map((match) => match[1]!.replaceAll('$$', '$'));
  const authn = queries.find((query) => /password_hash/.test(query));
  const authz = queries.find((query) => /broker_acl/.test(query));
  expect(authn, 'the PostgreSQL authenticator query').toBeDefined();
  expect(authz, 'the PostgreSQL authorizer query').toBeDefined();
  // EMQX sends `${username}` as a prepared statement's parameter.
  return { authn: authn!.replaceAll('${username}', '$1'), authz: authz!.replaceAll('${username}', '$1') };
}

/** The authenticator's PBKDF2 settings, as written in docker-compose.yml. */
function pbkdf2Settings(): { macFun: string; iterations: number; dkLength: number } {
  const compose = fs.readFileSync('docker-compose.yml', 'utf8');
  const match = /name = pbkdf2, mac_fun = (\w+), iterations = (\d+), dk_length = (\d+)/.exec(compose);
  expect(match).not.toBeNull();
  return { macFun: match![1]!, iterations: Number(match![2]), dkLength: Number(match![3]) };
}

describe.skipIf(!available)('device accounts for EMQX in PostgreSQL (MQTT_ACL_TABLE=1)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-emqx-'));
  const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let mosquitto: RunningMosquitto;
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let db: pg.Client;
  const queries = emqxQueries();
  const settings = pbkdf2Settings();
  const start = () => startTestCantine({ MQTT_URL: mosquitto.url, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password, DATABASE_URL: database.url, MQTT_ACL_TABLE: '1', DATA_DIR: dir });

  /** What EMQX's authenticator concludes for this username and password. */
  const emqxAuthenticates = async (username: string, password: string): Promise<'allow' | 'deny' | 'ignore'> => {
    const { rows } = await db.query<{ password_hash: string; salt: Buffer; is_superuser: boolean }>(queries.authn, [username]);
    if (rows.length === 0) return 'ignore'; // the next authenticator of the chain, then refusal
    const { password_hash: hash, salt } = rows[0]!;
    expect(Buffer.isBuffer(salt), 'salt comes as bytes (bytea), as Mosquitto uses it').toBe(true);
    const derived = pbkdf2Sync(password, salt, settings.iterations, settings.dkLength, settings.macFun).toString('hex');
    return derived === hash ? 'allow' : 'deny';
  };
  const emqxRules = async (username: string) => {
    const { rows } = await db.query<{ permission: string; action: string; topic: string }>(queries.authz, [username]);
    return rows.map((row) => `${row.permission} ${row.action} ${row.topic}`).sort();
  };
  const expectedRules = (id: string) => {
    const device = cantine.app.get(DeviceRegistry).get(id)!;
    return brokerAclRows(id, deviceAcl(device, 'cantine')).map((row) => `${row.permission} ${row.action} ${row.topic}`).sort();
  };
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${cantine.baseUrl}/api/devices${route}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: response.status === 204 ? null : await json(response) };
  };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const files = await mosquittoFiles([], service, 'cantine');
    fs.writeFileSync(path.join(dir, 'passwd'), files.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'acl'), files.acl);
    mosquitto = await startMosquitto(dir);
    cantine = await start();
    headers = await managerHeaders(cantine.baseUrl);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await cantine?.close();
    await mosquitto?.stop();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lets a provisioned device in with its secret, and no other password", async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'emqx-reader', kind: 'reader', door: 'entrance' });
    expect(await emqxAuthenticates('emqx-reader', secret)).toBe('allow');
    expect(await emqxAuthenticates('emqx-reader', `${secret}x`)).toBe('deny');
    expect(await emqxAuthenticates('nobody', secret)).toBe('ignore');
    // The service's own account is EMQX's built-in database's (deploy/emqx/init.sh), never PostgreSQL's.
    expect(await emqxAuthenticates(service.username, service.password)).toBe('ignore');
  });

  it("gives each device exactly the topics its ACL allows, a Tasmota's included", async () => {
    await provisioned(cantine.baseUrl, headers, { id: 'emqx-tasmota', kind: 'reader', door: 'open-space', protocol: 'tasmota', topic: 'emqx-tasmota' });
    expect(await emqxRules('emqx-reader')).toContain('allow publish cantine/quimper/readers/emqx-reader/badge');
    expect(await emqxRules('emqx-reader')).toEqual(expectedRules('emqx-reader'));
    expect(await emqxRules('emqx-tasmota')).toEqual(['allow publish stat/emqx-tasmota/#', 'allow publish tele/emqx-tasmota/#', 'allow subscribe cmnd/emqx-tasmota/#']);
  });

  it('follows a sensor moved to another desk, and a new secret', async () => {
    const first = await provisioned(cantine.baseUrl, headers, { id: 'emqx-sensor', kind: 'desk-sensor', desk: 'desk-01' });
    expect((await emqxRules('emqx-sensor')).join('\n')).toContain('/desks/desk-01/');
    expect((await call('PATCH', '/emqx-sensor', { desk: 'desk-02' })).status).toBe(200);
    expect(await emqxRules('emqx-sensor')).toEqual(expectedRules('emqx-sensor'));
    expect((await emqxRules('emqx-sensor')).join('\n')).not.toContain('/desks/desk-01/');
    const rotated = await call('POST', '/emqx-sensor/rotate');
    expect(rotated.status).toBe(200);
    expect(await emqxAuthenticates('emqx-sensor', rotated.body.mqtt.password)).toBe('allow');
    expect(await emqxAuthenticates('emqx-sensor', first)).toBe('deny');
    expect(await emqxRules('emqx-sensor')).toEqual(expectedRules('emqx-sensor'));
  });

  it('shuts a deleted device out at its next check', async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'emqx-gone', kind: 'reader', door: 'entrance' });
    expect((await call('DELETE', '/emqx-gone')).status).toBe(204);
    expect(await emqxAuthenticates('emqx-gone', secret)).toBe('ignore');
    expect(await emqxRules('emqx-gone')).toEqual([]);
  });

  it('rebuilds the table at start: rows lost or left over are put right', async () => {
    await db.query(`DELETE FROM "broker_acl" WHERE "username" = 'emqx-reader'`);
    await db.query(`INSERT INTO "broker_acl" VALUES ('emqx-ghost', 'allow', 'publish', '#')`);
    await cantine.close();
    cantine = await start();
    headers = await managerHeaders(cantine.baseUrl);
    expect(await emqxRules('emqx-reader')).toEqual(expectedRules('emqx-reader'));
    expect(await emqxRules('emqx-ghost')).toEqual([]);
  });
});
