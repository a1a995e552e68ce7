import { describe, it, expect } from 'vitest';
import { easterSunday, frenchPublicHolidays, publicHolidayOn } from './public-holidays.js';

describe('French public holidays', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
    // Years where a slip in the algorithm shows (checked against python-dateutil's easter()):
    // 2033 has year % 19 = 0, 2021 a late-March full moon, 2049 and 2076 the "m = 1" correction.
    [2021, '2021-04-04'],
    [2033, '2033-04-17'],
    [2049, '2049-04-18'],
    [2076, '2076-04-19'],
  ])('easterSunday(%i) is %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it.each([
    ['Ascension 2026', '2026-05-14', 'fr', 'Ascension'],
    ['Whit Monday 2026', '2026-05-25', 'fr', 'Lundi de Pentecôte'],
    ['Easter Monday 2026', '2026-04-06', 'fr', 'Lundi de Pâques'],
    ['Bastille Day', '2026-07-14', 'fr', 'Fête nationale'],
    ['Armistice', '2026-11-11', 'fr', 'Armistice 1918'],
    ['the day before Ascension', '2026-05-13', 'fr', null],
    ['Easter Sunday itself is no extra closure', '2026-04-05', 'fr', null],
    ['Ascension on a site without holidays', '2026-05-14', 'none', null],
    ['Ascension 2027 moves with Easter', '2027-05-06', 'fr', 'Ascension'],
  ] as const)('publicHolidayOn: %s', (_scenario, date, calendar, expected) => {
    expect(publicHolidayOn(date, calendar)?.name ?? null).toBe(expected);
  });

  it('names the eleven days as the wall and the journal print them', () => {
    expect(frenchPublicHolidays(2026).map((h) => h.name)).toEqual([
      "Jour de l'an",
      'Lundi de Pâques',
      'Fête du Travail',
      'Victoire 1945',
      'Ascension',
      'Lundi de Pentecôte',
      'Fête nationale',
      'Assomption',
      'Toussaint',
      'Armistice 1918',
      'Noël',
    ]);
  });

  it('keeps date order when Ascension falls before 8 May (2027: 6 May)', () => {
    expect(frenchPublicHolidays(2027).slice(2, 5)).toEqual([
      { date: '2027-05-01', name: 'Fête du Travail' },
      { date: '2027-05-06', name: 'Ascension' },
      { date: '2027-05-08', name: 'Victoire 1945' },
    ]);
  });

  it('frenchPublicHolidays lists the eleven days in date order', () => {
    const dates = frenchPublicHolidays(2026).map((h) => h.date);
    expect(dates).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });
});
