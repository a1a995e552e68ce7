import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { parseSiteFile } from '../sites/site-file.js';
import { SitesRepository } from '../sites/sites.repository.js';
import type { Device } from './device.types.js';
import { DevicesRepository } from './devices.repository.js';

const quimper = parseSiteFile(fs.readFileSync('config/sites/quimper.json', 'utf8'), 'quimper.json');
const reader: Device = { id: 'entrance-reader', kind: 'reader', site: 'quimper', protocol: 'esp-rfid', door: 'entrance', topic: '/rfid', uidFormat: 'decimal', relay: 2, createdAt: new Date('2026-01-05T08:00:00.000Z') };
const sensor: Device = { id: 'desk-07-z', kind: 'desk-sensor', site: 'quimper', protocol: 'zigbee2mqtt', desk: 'desk-07', topic: 'desk-07', bridge: 'z2m', sensor: 'radar', createdAt: new Date('2026-01-05T08:01:00.000Z') };

describe.each(await testDatabases())('DevicesRepository on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let devices: DevicesRepository;

  beforeAll(async () => {
    database = makeDatabase();
    const db = await database.open();
    await new SitesRepository(db).save(quimper);
    devices = new DevicesRepository(db);
  });
  afterAll(() => database.dispose());

  it('stores devices with their hashes and decision key, and refuses a taken id', async () => {
    const decisionKey = Buffer.alloc(32, 7);
    expect(await devices.insert(reader, { secretHash: 'scrypt$x', mosquittoHash: '$7$y' }, decisionKey)).toBe(true);
    expect(await devices.insert(sensor, null)).toBe(true);
    expect(await devices.insert({ ...reader, createdAt: new Date() }, null)).toBe(false);
    expect(await devices.list()).toEqual([
      { device: sensor, hashes: null, decisionKey: null, state: { online: false } },
      { device: reader, hashes: { secretHash: 'scrypt$x', mosquittoHash: '$7$y' }, decisionKey, state: { online: false } },
    ]);
  });

  it('re-stores an old hash as its HMAC, unless a rotation changed the row meanwhile', async () => {
    const hashesOf = async () => (await devices.secretOf('entrance-reader')).hashes?.secretHash;
    await devices.upgradeSecretHash('entrance-reader', 'scrypt$other', 'hmac-sha256$stale');
    expect(await hashesOf()).toBe('scrypt$x');
    await devices.upgradeSecretHash('entrance-reader', 'scrypt$x', 'hmac-sha256$new');
    expect(await hashesOf()).toBe('hmac-sha256$new');
    await devices.replaceSecret('entrance-reader', { secretHash: 'scrypt$x', mosquittoHash: '$7$y' }, Buffer.alloc(32, 7));
  });

  it('saves states in one batch', async () => {
    const lastSeen = new Date('2026-01-05T09:00:00.000Z');
    await devices.saveStates([
      ['entrance-reader', { online: true, lastSeen, fw: '2.0', rssi: -61, ip: '10.0.0.7' }],
      ['desk-07-z', { online: false, battery: 87.4, linkquality: 120 }],
    ]);
    const states = Object.fromEntries((await devices.list()).map(({ device, state }) => [device.id, state]));
    expect(states).toEqual({
      'entrance-reader': { online: true, lastSeen, fw: '2.0', rssi: -61, ip: '10.0.0.7' },
      'desk-07-z': { online: false, battery: 87, linkquality: 120 },
    });
  });
});
