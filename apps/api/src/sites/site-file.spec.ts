import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../infra/config/config-error.js';
import { loadSiteFiles, parseSiteFile, sharedTimeZone } from './site-file.js';

const demoText = fs.readFileSync('config/sites/quimper.json', 'utf8');
const demo = JSON.parse(demoText);

function withChange(change: (site: any) => void): string {
  const site = structuredClone(demo);
  change(site);
  return JSON.stringify(site);
}

describe('the demo site file (contract §4)', () => {
  const site = parseSiteFile(demoText, 'quimper.json');

  it('describes Quimper in Europe/Paris, open Monday to Friday 09:00-17:00', () => {
    expect(site.id).toBe('quimper');
    expect(site.timezone).toBe('Europe/Paris');
    for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const) {
      expect(site.hours[day]).toEqual([{ open: '09:00', close: '17:00' }]);
    }
    expect(site.hours.saturday).toEqual([]);
    expect(site.hours.sunday).toEqual([]);
  });

  it('has the four zones, the three doors with their zones, and 24 open-space desks', () => {
    expect(site.zones.map((zone) => zone.id)).toEqual(['hall', 'open-space', 'event-room', 'meeting-room']);
    expect(site.doors.map((door) => [door.id, door.zone])).toEqual([
      ['entrance', 'hall'],
      ['open-space', 'open-space'],
      ['event-room', 'event-room'],
    ]);
    expect(site.desks).toHaveLength(24);
    expect(new Set(site.desks.map((desk) => desk.zone))).toEqual(new Set(['open-space']));
  });
});

describe('parseSiteFile refuses a bad site file, naming the file and the field', () => {
  it.each([
    ['not JSON', '{', /quimper\.json is not valid JSON/],
    ['an unknown time zone', withChange((s) => (s.timezone = 'Europe/Quimper')), /timezone: fuseau horaire IANA inconnu/],
    ['a bad id', withChange((s) => (s.desks[0].id = 'Desk 1')), /desks\.0\.id: de 1 à 64 caractères/],
    ['a duplicate desk', withChange((s) => (s.desks[1].id = s.desks[0].id)), /desks\.1\.id: identifiant "desk-01" en double/],
    ['a door into an unknown zone', withChange((s) => (s.doors[0].zone = 'garden')), /doors\.0\.zone: zone "garden" inconnue/],
    ['a desk in an unknown zone', withChange((s) => (s.desks[3].zone = 'roof')), /desks\.3\.zone: zone "roof" inconnue/],
    ['hours closing before opening', withChange((s) => (s.hours.monday = [{ open: '17:00', close: '09:00' }])), /hours\.monday\.0: l’ouverture doit précéder la fermeture/],
    ['a bad clock time', withChange((s) => (s.halfDaySplit = '25:00')), /halfDaySplit: une heure s’écrit HH:MM/],
    ['a missing floor plan', withChange((s) => delete s.floorPlan), /floorPlan/],
    ['an unknown desk sensor kind', withChange((s) => (s.desks[2].sensor = 'lidar')), /desks\.2\.sensor/],
    ['a hold for an unknown sensor kind', withChange((s) => (s.occupancy = { sensors: { sonar: { releaseAfterMs: 0 } } })), /occupancy\.sensors/],
    ['a negative hold', withChange((s) => (s.occupancy = { releaseAfterMs: -1 })), /occupancy\.releaseAfterMs/],
  ])('%s', (_case, text, message) => {
    const attempt = () => parseSiteFile(text, 'quimper.json');
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('fills defaults a manager may leave out', () => {
    const site = parseSiteFile(withChange((s) => {
      delete s.closures;
      delete s.earlyEntryMinutes;
      delete s.halfDaySplit;
      delete s.doors[0].unlockMs;
    }), 'quimper.json');
    expect(site.closures).toEqual([]);
    expect(site.earlyEntryMinutes).toBe(10);
    expect(site.halfDaySplit).toBe('13:00');
    expect(site.doors[0]!.unlockMs).toBe(5000);
  });

  it('takes a desk sensor kind and holds per kind', () => {
    const site = parseSiteFile(withChange((s) => {
      s.desks[0].sensor = 'radar';
      s.desks[1].sensor = 'contact';
      s.occupancy = { releaseAfterMs: 300_000, sensors: { pir: { releaseAfterMs: 900_000 }, pressure: { heartbeatTimeoutMs: 60_000 } } };
    }), 'quimper.json');
    expect(site.desks.slice(0, 3).map((desk) => desk.sensor)).toEqual(['radar', 'contact', undefined]);
    expect(site.occupancy).toEqual({
      releaseAfterMs: 300_000,
      sensors: { pir: { releaseAfterMs: 900_000 }, pressure: { heartbeatTimeoutMs: 60_000 } },
    });
  });
});

describe('loadSiteFiles', () => {
  const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sites-'));

  it('loads every site file of the folder in name order', () => {
    const dir = folder();
    fs.writeFileSync(path.join(dir, 'quimper.json'), demoText);
    fs.writeFileSync(path.join(dir, 'brest.json'), withChange((s) => (s.id = 'brest')));
    fs.writeFileSync(path.join(dir, 'README.txt'), 'not a site');
    expect(loadSiteFiles(dir).map((site) => site.id)).toEqual(['brest', 'quimper']);
  });

  it.each([
    ['a missing folder', () => '/nonexistent/sites', /SITES_DIR: cannot read the site folder/],
    ['an empty folder', folder, /SITES_DIR: no site file/],
    ['two files for one site', () => {
      const dir = folder();
      fs.writeFileSync(path.join(dir, 'a.json'), demoText);
      fs.writeFileSync(path.join(dir, 'b.json'), demoText);
      return dir;
    }, /two site files describe the site "quimper"/],
  ])('refuses %s', (_case, makeDir, message) => {
    expect(() => loadSiteFiles(makeDir())).toThrow(message);
  });
});

describe('sharedTimeZone (the pretty log\'s clock)', () => {
  const folder = (...sites: string[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sites-'));
    sites.forEach((text, index) => fs.writeFileSync(path.join(dir, `${index}.json`), text));
    return dir;
  };

  it.each([
    ['the demo site', [demoText], 'Europe/Paris'],
    ['two sites in one zone', [demoText, withChange((s) => (s.id = 'brest'))], 'Europe/Paris'],
    ['two sites in different zones', [demoText, withChange((s) => ((s.id = 'montreal'), (s.timezone = 'America/Toronto')))], undefined],
    ['no readable site file', [], undefined],
  ])('%s: %s', (_case, sites, zone) => {
    expect(sharedTimeZone(folder(...sites))).toBe(zone);
  });
});
