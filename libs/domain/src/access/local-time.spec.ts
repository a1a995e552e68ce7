import { describe, it, expect, vi } from 'vitest';
import { localDateOf, localTime, startOfLocalDay, zonedInstant } from './local-time.js';

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

  it('localTime: the same instant asked again, or in another zone, gets that zone\'s answer (answers are remembered)', () => {
    const instant = new Date('2026-03-02T03:00:00Z');
    expect(localTime(instant, 'Europe/Paris')).toEqual({ date: '2026-03-02', weekday: 'monday', minutes: 240 });
    expect(localTime(instant, 'America/New_York')).toEqual({ date: '2026-03-01', weekday: 'sunday', minutes: 1320 });
    expect(localTime(new Date(instant), 'Europe/Paris')).toEqual({ date: '2026-03-02', weekday: 'monday', minutes: 240 });
  });

  it('localTime: a remembered answer cannot be changed by one caller for the next', () => {
    const instant = new Date('2026-03-02T08:00:00Z');
    const first = localTime(instant, 'Europe/Paris') as { minutes: number };
    expect(() => {
      first.minutes = 0;
    }).toThrow(TypeError);
    expect(localTime(instant, 'Europe/Paris').minutes).toBe(540);
  });

  it('localTime: right for every minute of two days, more instants than it remembers, asked twice', () => {
    const from = Date.parse('2026-03-28T23:00:00Z');
    for (const round of [1, 2]) {
      for (let i = 0; i < 2880; i++) {
        const local = localTime(new Date(from + i * 60_000), 'Europe/Paris');
        // 2026-03-29 00:00 CET; clocks jump from 02:00 to 03:00 at minute 120.
        const expected = i < 120 ? i : (i + 60) % 1440;
        expect([round, local.minutes]).toEqual([round, expected]);
      }
    }
  });

  it('localTime: a year of hours and 12 weeks of quarter hours, asked again, are answered from memory and still right', () => {
    const from = Date.parse('2025-06-01T00:00:00Z');
    const hours = Array.from({ length: 8760 }, (_, i) => new Date(from + i * 3_600_000));
    const quarters = Array.from({ length: 12 * 7 * 96 }, (_, i) => new Date(from + 300 * 86_400_000 + i * 900_000));
    const first = [...hours, ...quarters].map((at) => localTime(at, 'Europe/Paris'));
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const again = [...hours, ...quarters].map((at) => localTime(at, 'Europe/Paris'));
      expect(formatToParts).not.toHaveBeenCalled();
      expect(again).toEqual(first);
      // Right, not only remembered: the autumn change of 2025 (26 October, 01:00 UTC) is in the year.
      expect(localTime(new Date('2025-10-26T00:00:00Z'), 'Europe/Paris')).toEqual({ date: '2025-10-26', weekday: 'sunday', minutes: 120 });
      expect(localTime(new Date('2025-10-26T01:00:00Z'), 'Europe/Paris')).toEqual({ date: '2025-10-26', weekday: 'sunday', minutes: 120 });
    } finally {
      formatToParts.mockRestore();
    }
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

  it.each([
    ['a winter day in Paris: midnight CET', '2026-03-02', 'Europe/Paris', '2026-03-01T23:00:00Z'],
    ['the day Paris moves to summer time (at 02:00): midnight CET', '2026-03-29', 'Europe/Paris', '2026-03-28T23:00:00Z'],
    ['the day after: midnight CEST', '2026-03-30', 'Europe/Paris', '2026-03-29T22:00:00Z'],
    ['the day Paris moves back (at 03:00): midnight CEST', '2026-10-25', 'Europe/Paris', '2026-10-24T22:00:00Z'],
    ['New York moves to summer time at 02:00: midnight EST', '2026-03-08', 'America/New_York', '2026-03-08T05:00:00Z'],
    // Where the clock jumps from 00:00 to 01:00, the day starts at the jump, shown as 01:00.
    ['Santiago jumps over midnight: the day starts at 01:00 -03', '2026-09-06', 'America/Santiago', '2026-09-06T04:00:00Z'],
    ['Havana jumps over midnight: 01:00 CDT', '2026-03-08', 'America/Havana', '2026-03-08T05:00:00Z'],
    ['Beirut jumps over midnight: 01:00 EEST', '2026-03-29', 'Asia/Beirut', '2026-03-28T22:00:00Z'],
    ['Havana moves back at 01:00: midnight CDT', '2026-11-01', 'America/Havana', '2026-11-01T04:00:00Z'],
  ])('startOfLocalDay: %s', (_scenario, date, zone, expected) => {
    const start = startOfLocalDay(date, zone);
    expect(start.toISOString()).toBe(new Date(expected).toISOString());
    // The instant is on that date and the minute before is not.
    expect(localTime(start, zone).date).toBe(date);
    expect(localTime(new Date(start.getTime() - 60_000), zone).date).not.toBe(date);
  });

  it('localDateOf keeps a bare date west of UTC too (its UTC midnight is the evening before in New York)', () => {
    expect(localDateOf('2026-05-14', 'America/New_York')).toBe('2026-05-14');
  });

  it.each<[string, string, number, string, string]>([
    ['09:00 in winter (UTC+1)', '2026-03-02', 540, 'Europe/Paris', '2026-03-02T08:00:00.000Z'],
    ['09:00 in summer (UTC+2)', '2026-07-01', 540, 'Europe/Paris', '2026-07-01T07:00:00.000Z'],
    ['midnight of the spring-forward day', '2026-03-29', 0, 'Europe/Paris', '2026-03-28T23:00:00.000Z'],
    ['03:00 just after the spring change', '2026-03-29', 180, 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    ['02:30 skipped in spring maps past the gap (03:30 CEST)', '2026-03-29', 150, 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    ['New York 02:30 skipped maps past the gap too (03:30 EDT)', '2026-03-08', 150, 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['02:30 repeated in autumn maps to its first occurrence (CEST)', '2026-10-25', 150, 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
    ['New York 01:30 repeated: its first occurrence (EDT)', '2026-11-01', 90, 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['midnight of the autumn day', '2026-10-25', 0, 'Europe/Paris', '2026-10-24T22:00:00.000Z'],
    ['17:00 the day Paris moves back', '2026-10-25', 1020, 'Europe/Paris', '2026-10-25T16:00:00.000Z'],
    ['New York 09:00', '2026-03-02', 540, 'America/New_York', '2026-03-02T14:00:00.000Z'],
    ['Kolkata 09:00 (UTC+5:30)', '2026-03-02', 540, 'Asia/Kolkata', '2026-03-02T03:30:00.000Z'],
    ['Auckland 09:00, across the date line', '2026-03-02', 540, 'Pacific/Auckland', '2026-03-01T20:00:00.000Z'],
    ['Santiago jumps over midnight: 00:00 maps to the jump (01:00 -03)', '2026-09-06', 0, 'America/Santiago', '2026-09-06T04:00:00.000Z'],
    ['Santiago 00:30 skipped: 01:30 -03', '2026-09-06', 30, 'America/Santiago', '2026-09-06T04:30:00.000Z'],
    ['Santiago 09:00 that day', '2026-09-06', 540, 'America/Santiago', '2026-09-06T12:00:00.000Z'],
    ['Havana jumps over midnight: 00:00 maps to the jump (01:00 CDT)', '2026-03-08', 0, 'America/Havana', '2026-03-08T05:00:00.000Z'],
    ['Havana goes back over midnight: the first 00:00 (CDT)', '2026-11-01', 0, 'America/Havana', '2026-11-01T04:00:00.000Z'],
  ])('zonedInstant: %s', (_scenario, date, minutes, zone, expected) => {
    expect(zonedInstant(date, minutes, zone).toISOString()).toBe(expected);
  });

  it('zonedInstant refuses what is not a calendar date', () => {
    expect(() => zonedInstant('2026-13-45', 540, 'Europe/Paris')).toThrow(new RangeError('not a calendar date: 2026-13-45'));
  });

  it('zonedInstant keeps the seconds of a wall time', () => {
    expect(zonedInstant('2026-03-02', 540.5, 'Europe/Paris').toISOString()).toBe('2026-03-02T08:00:30.000Z');
  });
});
