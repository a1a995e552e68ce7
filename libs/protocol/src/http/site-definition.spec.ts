// A site file, or a body of POST/PUT /api/sites (docs/site-file.md): its defaults, and the French
// message and path of each refusal, which the manager reads in the 400 or at start.
import { describe, expect, it } from 'vitest';
import { SiteDefinitionSchema } from './site-definition.js';
import { issuesOf, parsed } from './test-fixtures.js';

const site = {
  id: 'quimper',
  name: 'La Cantine Quimper',
  timezone: 'Europe/Paris',
  hours: { monday: [{ open: '08:30', close: '19:00' }] },
  floorPlan: { width: 40, height: 20 },
  zones: [{ id: 'open-space', name: 'Open space' }, { id: 'salle-1', name: 'Salle 1', area: { x: 0, y: 0, width: 10, height: 5 } }],
  doors: [{ id: 'entrance', name: 'Entrée', zone: 'open-space' }],
  desks: [{ id: 'd1', label: 'Bureau 1', zone: 'open-space', x: 1, y: 2 }],
};

describe('SiteDefinitionSchema: what a short site file stands for', () => {
  it('fills the defaults', () => {
    const parsedSite = parsed(SiteDefinitionSchema, site);
    expect(parsedSite.hours).toEqual({
      monday: [{ open: '08:30', close: '19:00' }],
      tuesday: [],
      wednesday: [],
      thursday: [],
      friday: [],
      saturday: [],
      sunday: [],
    });
    expect(parsedSite).toMatchObject({ closures: [], publicHolidays: 'fr', earlyEntryMinutes: 10, halfDaySplit: '13:00' });
    expect(parsedSite.doors[0]?.unlockMs).toBe(5000);
  });

  it.each([
    ['a time zone across the world', { timezone: 'America/Guadeloupe' }],
    ['UTC', { timezone: 'UTC' }],
    ['a closure with its reason', { closures: [{ from: '2026-12-24', to: '2027-01-01', reason: 'Fêtes' }] }],
    ['a day that ends at 23:59', { hours: { sunday: [{ open: '00:00', close: '23:59' }] } }],
    ['a door that lets people out', { doors: [{ id: 'entrance', name: 'Entrée', zone: 'open-space', exitReaders: ['reader-out'], exitOnly: false, unlockMs: 500 }] }],
    ['holds per sensor kind', { occupancy: { releaseAfterMs: 0, sensors: { radar: { heartbeatTimeoutMs: 86_400_000 } } } }],
    ['a privacy notice', { privacy: { controller: 'SCIC Cantine', contact: 'dpo@example.org' } }],
  ])('takes %s', (_, change) => {
    expect(issuesOf(SiteDefinitionSchema, { ...site, ...change })).toEqual([]);
  });
});

describe('SiteDefinitionSchema: each refusal says where and why', () => {
  it.each([
    ['an unknown time zone', { timezone: 'Europe/Quimper' }, ['timezone: fuseau horaire IANA inconnu']],
    ['an opening after its closing', { hours: { friday: [{ open: '19:00', close: '08:30' }] } }, ['hours.friday.0: l’ouverture doit précéder la fermeture']],
    ['an opening at its closing', { hours: { friday: [{ open: '12:00', close: '12:00' }] } }, ['hours.friday.0: l’ouverture doit précéder la fermeture']],
    ['an hour past 23', { hours: { friday: [{ open: '08:00', close: '24:00' }] } }, ['hours.friday.0.close: une heure s’écrit HH:MM']],
    ['an hour without its zero', { halfDaySplit: '9:00' }, ['halfDaySplit: une heure s’écrit HH:MM']],
    ['a closure on a French date', { closures: [{ from: '24/12/2026', to: '2027-01-01' }] }, ['closures.0.from: une date s’écrit AAAA-MM-JJ']],
    ['holidays of another country', { publicHolidays: 'de' }, ['publicHolidays: fr ou none']],
    ['an id in capitals', { id: 'Quimper' }, ['id: de 1 à 64 caractères parmi a-z, 0-9 et -']],
    ['no zone', { zones: [], doors: [], desks: [] }, ['zones: au moins une zone']],
    ['a door opening for 0.4 s', { doors: [{ id: 'entrance', name: 'Entrée', zone: 'open-space', unlockMs: 400 }] }, ['doors.0.unlockMs: Too small: expected number to be >=500']],
    ['a sensor kind nobody makes', { occupancy: { sensors: { laser: {} } } }, ['occupancy.sensors: Unrecognized key: "laser"']],
    ['a misspelt hold', { occupancy: { releaseAfter: 1000 } }, ['occupancy: Unrecognized key: "releaseAfter"']],
    ['a hold of more than a day', { occupancy: { heartbeatTimeoutMs: 86_400_001 } }, ['occupancy.heartbeatTimeoutMs: Too big: expected number to be <=86400000']],
  ])('%s', (_, change, issues) => {
    expect(issuesOf(SiteDefinitionSchema, { ...site, ...change })).toEqual(issues);
  });

  it('names each id given twice, at its second place', () => {
    expect(
      issuesOf(SiteDefinitionSchema, {
        ...site,
        zones: [...site.zones, { id: 'salle-1', name: 'Salle 1 bis' }],
        doors: [...site.doors, { id: 'entrance', name: 'Entrée bis', zone: 'salle-1' }],
        desks: [...site.desks, { id: 'd2', label: 'Bureau 2', zone: 'salle-1', x: 0, y: 0 }, { id: 'd1', label: 'Bureau 1 bis', zone: 'salle-1', x: 0, y: 0 }],
      }),
    ).toEqual(['zones.2.id: identifiant "salle-1" en double', 'doors.1.id: identifiant "entrance" en double', 'desks.2.id: identifiant "d1" en double']);
  });

  it('names each door and desk in a zone the site lacks', () => {
    expect(
      issuesOf(SiteDefinitionSchema, {
        ...site,
        doors: [{ id: 'entrance', name: 'Entrée', zone: 'cellar' }],
        desks: [...site.desks, { id: 'd2', label: 'Bureau 2', zone: 'attic', x: 0, y: 0 }],
      }),
    ).toEqual(['doors.0.zone: zone "cellar" inconnue', 'desks.1.zone: zone "attic" inconnue']);
  });
});
