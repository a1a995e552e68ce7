import { describe, it, expect } from 'vitest';
import { siteRulesProblems, withSiteDefaults, type SiteRules } from './site-rules.js';
import { QUIMPER_HOURS, makeSite } from './test-fixtures.js';

describe('site rules', () => {
  it('withSiteDefaults fills closures, French holidays, 10 min early entry and a 13:00 split', () => {
    expect(withSiteDefaults({ timezone: 'Europe/Paris', hours: QUIMPER_HOURS })).toEqual({
      timezone: 'Europe/Paris',
      hours: QUIMPER_HOURS,
      closures: [],
      publicHolidays: 'fr',
      earlyEntryMinutes: 10,
      halfDaySplit: '13:00',
    });
  });

  it('withSiteDefaults keeps what the site file gives, including a zero grace', () => {
    const site = withSiteDefaults({ timezone: 'UTC', hours: QUIMPER_HOURS, earlyEntryMinutes: 0, publicHolidays: 'none' });
    expect([site.earlyEntryMinutes, site.publicHolidays]).toEqual([0, 'none']);
  });

  it.each<[string, Partial<SiteRules>, string[]]>([
    ['the Quimper site is sound', {}, []],
    ['unknown zone', { timezone: 'Europe/Quimper' }, ['timezone: unknown zone "Europe/Quimper"']],
    [
      'a range closing before it opens',
      { hours: { ...QUIMPER_HOURS, saturday: [{ open: '12:00', close: '10:00' }] } },
      ['hours.saturday[0]: expected HH:MM with open before close'],
    ],
    [
      'a malformed time',
      { hours: { ...QUIMPER_HOURS, monday: [{ open: '9h', close: '17:00' }] } },
      ['hours.monday[0]: expected HH:MM with open before close'],
    ],
    [
      'an inverted closure',
      { closures: [{ from: '2026-08-14', to: '2026-08-03' }] },
      ['closures[0]: expected dates YYYY-MM-DD with from on or before to'],
    ],
    ['a one-day closure, a zero grace and a one-minute range are sound', { closures: [{ from: '2026-08-14', to: '2026-08-14' }], earlyEntryMinutes: 0, hours: { ...QUIMPER_HOURS, saturday: [{ open: '09:00', close: '09:01' }] } }, []],
    [
      'a range closing as it opens',
      { hours: { ...QUIMPER_HOURS, sunday: [{ open: '10:00', close: '10:00' }] } },
      ['hours.sunday[0]: expected HH:MM with open before close'],
    ],
    [
      'a closure starting on an impossible date',
      { closures: [{ from: '2026-02-30', to: '2026-03-02' }] },
      ['closures[0]: expected dates YYYY-MM-DD with from on or before to'],
    ],
    [
      'a second closure ending on a malformed date',
      { closures: [{ from: '2026-08-03', to: '2026-08-14' }, { from: '2026-12-24', to: '31/12/2026' }] },
      ['closures[1]: expected dates YYYY-MM-DD with from on or before to'],
    ],
    ['negative grace', { earlyEntryMinutes: -5 }, ['earlyEntryMinutes: expected a whole number of minutes, 0 or more']],
    ['malformed split', { halfDaySplit: '1pm' }, ['halfDaySplit: expected HH:MM']],
  ])('siteRulesProblems: %s', (_scenario, overrides, expected) => {
    expect(siteRulesProblems(makeSite(overrides))).toEqual(expected);
  });
});
