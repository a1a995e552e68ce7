import { describe, it, expect } from 'vitest';
import { addDays, addMonths, daysBetween, isCalendarDate, lastDayOfMonth, parseClock, weekdayOf } from './calendar-date.js';

describe('calendar dates', () => {
  it.each([
    ['next day', '2026-03-02', 1, '2026-03-03'],
    ['across a month', '2026-01-31', 1, '2026-02-01'],
    ['across a year', '2026-12-31', 1, '2027-01-01'],
    ['into a leap day', '2028-02-28', 1, '2028-02-29'],
    ['backwards', '2026-03-01', -1, '2026-02-28'],
    ['over the spring DST change', '2026-03-28', 2, '2026-03-30'],
  ])('addDays: %s', (_scenario, date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['2026-03-02', 'monday'],
    ['2026-03-07', 'saturday'],
    ['2026-03-29', 'sunday'],
    ['2026-05-14', 'thursday'],
    ['2026-01-01', 'thursday'],
  ])('weekdayOf %s is %s', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it.each([
    ['2026-03-02', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-3-2', false],
    ['2026-03-02T10:00:00Z', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['same day next month', '2026-03-15', 1, '2026-04-15'],
    ['clamped to a short month', '2026-01-31', 1, '2026-02-28'],
    ['across a year', '2026-11-30', 3, '2027-02-28'],
  ])('addMonths: %s', (_scenario, date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['00:00', 0],
    ['09:00', 540],
    ['12:59', 779],
    ['23:59', 1439],
    ['24:00', null],
    ['9:00', null],
    ['09:60', null],
  ])('parseClock(%s) is %s', (value, expected) => {
    expect(parseClock(value)).toBe(expected);
  });

  it.each([
    ['2026-01', '2026-01-31'],
    ['2026-02', '2026-02-28'],
    ['2028-02', '2028-02-29'],
    ['2026-04', '2026-04-30'],
    ['2026-12', '2026-12-31'],
  ])('lastDayOfMonth(%s) is %s', (month, expected) => {
    expect(lastDayOfMonth(month)).toBe(expected);
  });

  it('arithmetic on something that is not a date is a RangeError naming it', () => {
    expect(() => addDays('garbage', 1)).toThrow(new RangeError('not a calendar date: garbage'));
    expect(() => daysBetween('2026-03-02', '02/03/2026')).toThrow(new RangeError('not a calendar date: 02/03/2026'));
  });

  it('daysBetween counts whole days either way', () => {
    expect([daysBetween('2026-03-28', '2026-03-30'), daysBetween('2026-03-30', '2026-03-28')]).toEqual([2, -2]);
  });
});
