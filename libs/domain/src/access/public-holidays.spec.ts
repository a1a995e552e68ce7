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
