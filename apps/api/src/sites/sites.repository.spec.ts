import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import type { AppConfig } from '../infra/config/app-config.js';
import { parseSiteFile, sameSite } from './site-file.js';
import { SitesRepository } from './sites.repository.js';
import { SitesService } from './sites.service.js';
import { DeskEntity, DoorEntity, SiteEntity, ZoneEntity } from './site.entity.js';
import type { Site } from './site.types.js';

const parsed = parseSiteFile(fs.readFileSync('config/sites/quimper.json', 'utf8'), 'quimper.json');
// With a desk sensor kind, holds per kind and door exits, so they round-trip too.
const doors = parsed.doors.map((door) => (door.id === 'entrance' ? { ...door, exitReaders: ['reader-entrance-out'] } : door.id === 'event-room' ? { ...door, exitOnly: true } : door));
const quimper: Site = { ...parsed, doors, desks: parsed.desks.map((desk, i) => (i === 0 ? { ...desk, sensor: 'radar' as const } : desk)), occupancy: { sensors: { pir: { releaseAfterMs: 900_000 } } } };

describe.each(await testDatabases())('SitesRepository on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let sites: SitesRepository;
  let db: DataSource;

  beforeAll(async () => {
    database = makeDatabase();
    db = await database.open();
    sites = new SitesRepository(db);
  });
  afterAll(() => database.dispose());

  it('gives back the site exactly as its file described it', async () => {
    await sites.save(quimper);
    expect(await sites.find('quimper')).toEqual(quimper);
  });

  it('applies an edited site file: changed rows updated, removed rows gone, new rows added', async () => {
    const edited: Site = {
      ...quimper,
      name: 'Cantine de Quimper',
      doors: quimper.doors.map((door) => (door.id === 'entrance' ? { ...door, unlockMs: 3000 } : door)),
      desks: [...quimper.desks.filter((desk) => desk.id !== 'desk-24'), { id: 'desk-25', label: '25', zone: 'hall', x: 50, y: 50 }],
    };
    await sites.save(edited);
    const stored = await sites.find('quimper');
    expect(stored?.name).toBe('Cantine de Quimper');
    expect(stored?.doors.find((door) => door.id === 'entrance')?.unlockMs).toBe(3000);
    expect(stored?.desks.map((desk) => desk.id)).not.toContain('desk-24');
    expect(stored?.desks.find((desk) => desk.id === 'desk-25')).toEqual({ id: 'desk-25', label: '25', zone: 'hall', x: 50, y: 50 });
    expect(stored?.desks).toHaveLength(24);
  });

  it('stores a site of 40,000 desks, then one of 35,000 of them, in statements the engine takes', async () => {
    // Ten bound values per desk: 40,000 desks in one statement is over SQLite's 32,766 and PostgreSQL's 65,535.
    const desks = Array.from({ length: 40_000 }, (_, i) => ({ id: `d-${i}`, label: String(i), zone: 'hall', x: i % 100, y: Math.floor(i / 100) % 100 }));
    const large: Site = { ...quimper, id: 'campus', name: 'Campus', doors: [], desks };
    await sites.save(large);
    expect((await sites.find('campus'))?.desks).toHaveLength(40_000);
    await sites.save({ ...large, desks: desks.slice(5_000) });
    const stored = await sites.find('campus');
    expect(stored?.desks).toHaveLength(35_000);
    expect(stored?.desks[0]?.id).toBe('d-5000');
    await sites.remove('campus');
  }, 120_000);

  it('keeps sites apart and lists them in id order', async () => {
    const other: Site = { ...quimper, id: 'brest', name: 'Brest', desks: [], doors: [] };
    await sites.save(other);
    expect((await sites.list()).map((site) => site.id)).toEqual(['brest', 'quimper']);
    expect((await sites.find('brest'))?.desks).toEqual([]);
    expect((await sites.find('quimper'))?.desks).toHaveLength(24);
  });

  it('removes a site with its zones, doors and desks, and no other site', async () => {
    await sites.save({ ...quimper, id: 'brest', name: 'Brest' });
    expect(await sites.remove('brest')).toBe(true);
    expect(await sites.find('brest')).toBeNull();
    expect((await sites.list()).map((site) => site.id)).toEqual(['quimper']);
    expect((await sites.find('quimper'))?.desks).toHaveLength(24);
    for (const entity of [ZoneEntity, DoorEntity, DeskEntity]) expect(await db.getRepository(entity).countBy({ siteId: 'brest' })).toBe(0);
    expect(await sites.remove('brest')).toBe(false);
  });

  it('reads a stored site back as the same site as its file, so an unchanged file is not written again at start', async () => {
    await sites.save(quimper);
    expect(sameSite((await sites.find('quimper'))!, quimper)).toBe(true);
    expect(sameSite((await sites.find('quimper'))!, { ...quimper, desks: quimper.desks.slice(1) })).toBe(false);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sites-'));
    const start = async (site: Site) => {
      fs.writeFileSync(path.join(dir, 'quimper.json'), JSON.stringify(site));
      await new SitesService({ sitesDir: dir } as AppConfig, sites).onModuleInit();
      return (await db.getRepository(SiteEntity).findOneByOrFail({ id: 'quimper' })).updatedAt.getTime();
    };
    try {
      const first = await start({ ...quimper, name: 'Quimper, avant' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await start({ ...quimper, name: 'Quimper, avant' })).toBe(first);
      expect(await start(quimper)).toBeGreaterThan(first);
      expect((await sites.find('quimper'))?.name).toBe(quimper.name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers null for an unknown site', async () => {
    expect(await sites.find('nowhere')).toBeNull();
  });
});
