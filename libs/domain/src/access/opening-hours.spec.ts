import { describe, it, expect } from 'vitest';
import { weekdayOf } from './calendar-date.js';
import { localTime } from './local-time.js';
import { halfDayPeriod, isWithinOpeningHours, openingDayStatus } from './opening-hours.js';
import type { SiteRules } from './site-rules.js';
import { QUIMPER_HOURS, makeSite } from './test-fixtures.js';

const summer = makeSite({ closures: [{ from: '2026-08-03', to: '2026-08-14', reason: "Congés d'été" }] });
const lunchBreak = makeSite({
  hours: { ...QUIMPER_HOURS, monday: [{ open: '09:00', close: '12:00' }, { open: '14:00', close: '17:00' }] },
});
const noGrace = makeSite({ earlyEntryMinutes: 0 });
const malformedMorning = makeSite({
  hours: { ...QUIMPER_HOURS, monday: [{ open: '9h', close: '12:00' }, { open: '14:00', close: '17:00' }] },
});
const mondayOnly = (open: string, close: string) => makeSite({ hours: { ...QUIMPER_HOURS, monday: [{ open, close }] } });

describe('opening hours', () => {
  it.each<[string, string, SiteRules, boolean]>([
    ['08:49 is before the early-entry grace', '2026-03-02T08:49:00+01:00', makeSite(), false],
    ['08:50 is inside the 10 min grace', '2026-03-02T08:50:00+01:00', makeSite(), true],
    ['09:00 opening', '2026-03-02T09:00:00+01:00', makeSite(), true],
    ['16:59 last minute', '2026-03-02T16:59:00+01:00', makeSite(), true],
    ['17:00 closing is exclusive', '2026-03-02T17:00:00+01:00', makeSite(), false],
    ['20:00 evening', '2026-03-02T20:00:00+01:00', makeSite(), false],
    ['midnight', '2026-03-03T00:00:00+01:00', makeSite(), false],
    ['Saturday', '2026-03-07T10:00:00+01:00', makeSite(), false],
    ['without grace, 08:59 is refused', '2026-03-02T08:59:00+01:00', noGrace, false],
    ['first Monday of summer time, 08:50 CEST', '2026-03-30T08:50:00+02:00', makeSite(), true],
    ['first Monday of summer time, 08:49 CEST', '2026-03-30T08:49:00+02:00', makeSite(), false],
    ['first Monday of winter time, 08:49 CET', '2026-10-26T08:49:00+01:00', makeSite(), false],
    ['first Monday of winter time, 08:50 CET', '2026-10-26T08:50:00+01:00', makeSite(), true],
    ['Ascension Thursday', '2026-05-14T10:00:00+02:00', makeSite(), false],
    ['Whit Monday', '2026-05-25T10:00:00+02:00', makeSite(), false],
    ['the Tuesday after Whit Monday', '2026-05-26T10:00:00+02:00', makeSite(), true],
    ['Ascension on a site without holidays', '2026-05-14T10:00:00+02:00', makeSite({ publicHolidays: 'none' }), true],
    ['inside a closure', '2026-08-10T10:00:00+02:00', summer, false],
    ['last day of a closure (inclusive)', '2026-08-14T10:00:00+02:00', summer, false],
    ['the Monday after a closure', '2026-08-17T10:00:00+02:00', summer, true],
    ['lunch break', '2026-03-02T12:30:00+01:00', lunchBreak, false],
    ['grace before the afternoon opening', '2026-03-02T13:50:00+01:00', lunchBreak, true],
    // The site file's parser reports a malformed range (siteRulesProblems); the rules skip it.
    ['a malformed morning range is skipped…', '2026-03-02T10:00:00+01:00', malformedMorning, false],
    ['…and the afternoon range still opens', '2026-03-02T15:00:00+01:00', malformedMorning, true],
  ])('isWithinOpeningHours: %s', (_scenario, instant, site, expected) => {
    expect(isWithinOpeningHours(localTime(new Date(instant), site.timezone), site)).toBe(expected);
  });

  it.each<[string, string, SiteRules, ReturnType<typeof openingDayStatus>]>([
    ['a weekday', '2026-03-02', makeSite(), { open: true }],
    ['Sunday', '2026-03-01', makeSite(), { open: false, because: 'weekly-hours' }],
    ['Ascension', '2026-05-14', makeSite(), { open: false, because: 'public-holiday', detail: 'Ascension' }],
    ['a closure with a reason', '2026-08-05', summer, { open: false, because: 'closure', detail: "Congés d'été" }],
    [
      'a closure without a reason',
      '2026-12-28',
      makeSite({ closures: [{ from: '2026-12-28', to: '2026-12-31' }] }),
      { open: false, because: 'closure' },
    ],
    ['a day whose only range has a malformed opening', '2026-03-02', mondayOnly('9h', '17:00'), { open: false, because: 'weekly-hours' }],
    ['…a malformed closing', '2026-03-02', mondayOnly('09:00', '5pm'), { open: false, because: 'weekly-hours' }],
    ['…closes before it opens', '2026-03-02', mondayOnly('17:00', '09:00'), { open: false, because: 'weekly-hours' }],
    ['…closes as it opens', '2026-03-02', mondayOnly('09:00', '09:00'), { open: false, because: 'weekly-hours' }],
    ['a one-minute day is a day', '2026-03-02', mondayOnly('09:00', '09:01'), { open: true }],
  ])('openingDayStatus: %s', (_scenario, date, site, expected) => {
    // Strict: a closure without a reason has no `detail` key at all (the audit log prints what is there).
    expect(openingDayStatus(date, weekdayOf(date), site)).toStrictEqual(expected);
  });

  it.each<[string, number, string, 'morning' | 'afternoon']>([
    ['08:50 early entry is morning', 530, '13:00', 'morning'],
    ['12:59 is morning', 779, '13:00', 'morning'],
    ['13:00 is afternoon', 780, '13:00', 'afternoon'],
    ['12:30 with a 12:30 split is afternoon', 750, '12:30', 'afternoon'],
    ['a malformed split falls back to 13:00', 779, 'noon', 'morning'],
  ])('halfDayPeriod: %s', (_scenario, minutes, split, expected) => {
    expect(halfDayPeriod(minutes, makeSite({ halfDaySplit: split }))).toBe(expected);
  });
});
