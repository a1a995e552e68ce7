import { describe, it, expect } from 'vitest';
import { localDateOf, localTime } from './local-time.js';

describe('local time in the site zone', () => {
  it.each([
    ['winter, 09:00 CET', '2026-03-02T08:00:00Z', 'Europe/Paris', '2026-03-02', 'monday', 540],
    ['local midnight is minute 0 of the new day', '2026-03-01T23:00:00Z', 'Europe/Paris', '2026-03-02', 'monday', 0],
    ['a minute before local midnight', '2026-03-01T22:59:00Z', 'Europe/Paris', '2026-03-01', 'sunday', 1439],
    ['new year in Paris while still 2025 in UTC', '2025-12-31T23:00:00Z', 'Europe/Paris', '2026-01-01', 'thursday', 0],
    ['spring change: last minute of CET (01:59)', '2026-03-29T00:59:00Z', 'Europe/Paris', '2026-03-29', 'sunday', 119],
    ['spring change: clocks jump to 03:00 CEST', '2026-03-29T01:00:00Z', 'Europe/Paris', '2026-03-29', 'sunday', 180],
    ['first Monday of summer time, 08:50 CEST', '2026-03-30T06:50:00Z', 'Europe/Paris', '2026-03-30', 'monday', 530],
    ['autumn change: first 02:30 (CEST)', '2026-10-25T00:30:00Z', 'Europe/Paris', '2026-10-25', 'sunday', 150],
    ['autumn change: second 02:30 (CET)', '2026-10-25T01:30:00Z', 'Europe/Paris', '2026-10-25', 'sunday', 150],
    ['autumn change: 03:00 CET', '2026-10-25T02:00:00Z', 'Europe/Paris', '2026-10-25', 'sunday', 180],
    ['first Monday of winter time, 08:49 CET', '2026-10-26T07:49:00Z', 'Europe/Paris', '2026-10-26', 'monday', 529],
    ['another zone: New York is still on the previous day', '2026-03-02T03:00:00Z', 'America/New_York', '2026-03-01', 'sunday', 1320],
    ['UTC itself', '2026-03-02T00:00:00Z', 'UTC', '2026-03-02', 'monday', 0],
  ])('localTime: %s', (_scenario, instant, zone, date, weekday, minutes) => {
    expect(localTime(new Date(instant), zone)).toEqual({ date, weekday, minutes });
  });

  it('localTime: an unknown zone is a RangeError, not a wrong answer', () => {
    expect(() => localTime(new Date('2026-03-02T08:00:00Z'), 'Europe/Quimper')).toThrow(RangeError);
  });

  it.each([
    ['a bare date is kept', '2026-05-14', '2026-05-14'],
    ['an instant late in UTC is the next Paris day', '2026-05-13T22:30:00Z', '2026-05-14'],
    ['an instant with offset', '2026-05-14T23:30:00+02:00', '2026-05-14'],
    ['garbage', 'tomorrow', null],
  ])('localDateOf: %s', (_scenario, value, expected) => {
    expect(localDateOf(value, 'Europe/Paris')).toBe(expected);
  });
});
