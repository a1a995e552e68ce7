import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config.js';
import { ConfigError } from './config-error.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.mqtt.port).toBe(1883);
    expect(config.mqtt.topicRoot).toBe('cantine');
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.engines).toEqual({ broker: 'embedded', database: 'embedded', timeseries: 'embedded' });
  });

  it('switches each engine to external when its URL is set', () => {
    const config = loadConfig({
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      DATABASE_URL: 'postgres://u:p@db:5432/cantine',
      INFLUX_URL: 'http://influx:8086/cantine',
    });
    expect(config.engines).toEqual({ broker: 'external', database: 'external', timeseries: 'external' });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['MQTT_PORT', '-1'],
    ['MQTT_URL', 'not a url'],
    ['MQTT_URL', 'http://host:1883'],
    ['DATABASE_URL', 'mysql://host/db'],
    ['INFLUX_URL', 'http://127.0.0.1:8086'],
    ['INFLUX_URL', '::'],
    ['CANTINE_ADMIN_EMAIL', 'not-an-email'],
    ['CANTINE_ADMIN_PASSWORD', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['DEVICE_OFFLINE_READER_S', '0'],
    ['DEVICE_STATE_FLUSH_S', 'soon'],
    ['MQTT_CONNECT_BURST', '-4'],
  ])('names %s when its value %s is bad', (variable, value) => {
    const attempt = () => loadConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  it('takes MQTT_DYNSEC only with the Mosquitto it manages and the admin account it logs in as', () => {
    const external = { MQTT_URL: 'mqtt://127.0.0.1:1883', MQTT_USERNAME: 'cantine-service', MQTT_PASSWORD: 'x' };
    expect(loadConfig(external).mqtt.dynsec).toBe(false);
    expect(loadConfig({ ...external, MQTT_DYNSEC: '1' }).mqtt.dynsec).toBe(true);
    expect(loadConfig({ ...external, MQTT_DYNSEC: 'false' }).mqtt.dynsec).toBe(false);
    expect(() => loadConfig({ ...external, MQTT_DYNSEC: 'yes' })).toThrow(/^MQTT_DYNSEC: /);
    expect(() => loadConfig({ MQTT_DYNSEC: '1' })).toThrow(/^MQTT_DYNSEC: needs MQTT_URL/);
    expect(() => loadConfig({ MQTT_URL: external.MQTT_URL, MQTT_DYNSEC: '1' })).toThrow(/^MQTT_DYNSEC: needs MQTT_USERNAME/);
  });

  it('takes MQTT_ACL_TABLE only with an external broker and PostgreSQL, where that broker reads it', () => {
    const external = { MQTT_URL: 'mqtt://127.0.0.1:1883', DATABASE_URL: 'postgres://cantine@127.0.0.1:5432/cantine' };
    expect(loadConfig(external).mqtt.aclTable).toBe(false);
    expect(loadConfig({ ...external, MQTT_ACL_TABLE: '1' }).mqtt.aclTable).toBe(true);
    expect(() => loadConfig({ ...external, MQTT_ACL_TABLE: 'yes' })).toThrow(/^MQTT_ACL_TABLE: /);
    expect(() => loadConfig({ MQTT_URL: external.MQTT_URL, MQTT_ACL_TABLE: '1' })).toThrow(/^MQTT_ACL_TABLE: needs MQTT_URL and DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: external.DATABASE_URL, MQTT_ACL_TABLE: '1' })).toThrow(/^MQTT_ACL_TABLE: needs/);
  });

  it('reads the devices\' timings and the connection rate in seconds, given as milliseconds', () => {
    expect(loadConfig({}).devices).toEqual({
      offlineAfterMs: { reader: 600_000, 'door-sensor': 1_800_000, 'desk-sensor': 1_800_000, bridge: 600_000 },
      zigbeeOfflineAfterMs: 90_000_000,
      flushEveryMs: 10_000,
    });
    const config = loadConfig({ DEVICE_OFFLINE_READER_S: '1', DEVICE_OFFLINE_BRIDGE_S: '2', DEVICE_OFFLINE_ZIGBEE_S: '3', DEVICE_STATE_FLUSH_S: '0.5', MQTT_CONNECT_BURST: '4', MQTT_CONNECT_PER_SECOND: '0.1' });
    expect(config.devices.offlineAfterMs).toMatchObject({ reader: 1000, bridge: 2000 });
    expect(config.devices.zigbeeOfflineAfterMs).toBe(3000);
    expect(config.devices.flushEveryMs).toBe(500);
    expect(config.mqtt.connectionRate).toEqual({ burst: 4, perSecond: 0.1 });
    expect(loadConfig({}).mqtt.connectionRate).toEqual({ burst: 50, perSecond: 5 });
  });

  it('takes CANTINE_CLUSTER only with PostgreSQL, an external broker and a shared key', () => {
    const engines = { DATABASE_URL: 'postgres://u:p@db:5432/cantine', MQTT_URL: 'mqtt://127.0.0.1:1883', CANTINE_SECRET_KEY: 'a'.repeat(44) };
    expect(loadConfig(engines).cluster).toBeUndefined();
    expect(loadConfig({ ...engines, CANTINE_CLUSTER: '1', CANTINE_INSTANCE_ID: 'node-a' }).cluster).toEqual({ instanceId: 'node-a' });
    expect(loadConfig({ ...engines, CANTINE_CLUSTER: 'true' }).cluster?.instanceId).toMatch(/^[A-Za-z0-9_.-]+-\d+-[0-9a-f]{6}$/);
    expect(() => loadConfig({ ...engines, DATABASE_URL: '', CANTINE_CLUSTER: '1' })).toThrow(/^CANTINE_CLUSTER: needs DATABASE_URL/);
    expect(() => loadConfig({ ...engines, MQTT_URL: '', CANTINE_CLUSTER: '1' })).toThrow(/^CANTINE_CLUSTER: needs MQTT_URL/);
    expect(() => loadConfig({ ...engines, CANTINE_SECRET_KEY: '', CANTINE_CLUSTER: '1' })).toThrow(/^CANTINE_CLUSTER: needs CANTINE_SECRET_KEY/);
    expect(() => loadConfig({ ...engines, CANTINE_CLUSTER: '1', CANTINE_INSTANCE_ID: 'a b' })).toThrow(/^CANTINE_INSTANCE_ID: /);
    expect(loadConfig({ ...engines, CANTINE_CLUSTER: '1', CANTINE_INSTANCE_ID: 'n', REDIS_URL: 'redis://r:6379' }).cluster).toEqual({ instanceId: 'n', redisUrl: 'redis://r:6379' });
    expect(() => loadConfig({ ...engines, REDIS_URL: 'redis://r:6379' })).toThrow(/^REDIS_URL: only used with CANTINE_CLUSTER/);
    expect(() => loadConfig({ ...engines, CANTINE_CLUSTER: '1', REDIS_URL: 'http://r' })).toThrow(/^REDIS_URL: /);
  });

  it('never echoes a password in the error', () => {
    expect(() => loadConfig({ CANTINE_ADMIN_PASSWORD: 'abc' })).toThrow(/^CANTINE_ADMIN_PASSWORD: [^"]*$/);
  });

  describe('demo clock (npm run demo only)', () => {
    it('is absent unless asked for: the service runs on the system clock', () => {
      expect(loadConfig({}).demoClock).toBeUndefined();
      expect(loadConfig({ NODE_ENV: 'production' }).demoClock).toBeUndefined();
    });

    it('takes a start with its offset and a speed, 1 when not given', () => {
      expect(loadConfig({ CANTINE_DEMO_CLOCK: '2026-12-07T08:45+01:00', CANTINE_DEMO_SPEED: '60' }).demoClock).toEqual({ start: new Date('2026-12-07T07:45:00Z'), speed: 60 });
      expect(loadConfig({ CANTINE_DEMO_CLOCK: '2026-12-07T08:45:00Z', NODE_ENV: 'development' }).demoClock).toEqual({ start: new Date('2026-12-07T08:45:00Z'), speed: 1 });
    });

    it.each([
      [{ CANTINE_DEMO_CLOCK: '2026-12-07T08:45+01:00', NODE_ENV: 'production' }, /^CANTINE_DEMO_CLOCK: refusé en production/],
      [{ CANTINE_DEMO_SPEED: '60', NODE_ENV: 'production' }, /^CANTINE_DEMO_SPEED: refusé en production/],
      [{ CANTINE_DEMO_SPEED: '60' }, /^CANTINE_DEMO_SPEED: n'a de sens qu'avec CANTINE_DEMO_CLOCK/],
      [{ CANTINE_DEMO_CLOCK: '2026-12-07T08:45' }, /^CANTINE_DEMO_CLOCK: attendu une date et heure avec décalage/],
      [{ CANTINE_DEMO_CLOCK: '2026-13-07T08:45+01:00' }, /^CANTINE_DEMO_CLOCK: date ou heure impossible/],
      [{ CANTINE_DEMO_CLOCK: '2026-12-07T08:45+01:00', CANTINE_DEMO_SPEED: '0' }, /^CANTINE_DEMO_SPEED: doit être supérieur à 0/],
      [{ CANTINE_DEMO_CLOCK: '2026-12-07T08:45+01:00', CANTINE_DEMO_SPEED: 'vite' }, /^CANTINE_DEMO_SPEED: attendu un nombre/],
    ])('refuses %o with a French line naming the variable', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });
  });
});
