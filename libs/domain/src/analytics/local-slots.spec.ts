import { describe, expect, it } from 'vitest';
import { assertSlotMinutes, dayProfile, daySlotStarts, meanByLocalSlot, medianOf, zonedInstant } from './local-slots.js';

const sample = (iso: string, value: number) => ({ at: new Date(iso), value });

describe('local slots', () => {
  it.each<[string, string, number, string, string]>([
    ['09:00 in winter (UTC+1)', '2026-03-02', 540, 'Europe/Paris', '2026-03-02T08:00:00.000Z'],
    ['09:00 in summer (UTC+2)', '2026-07-01', 540, 'Europe/Paris', '2026-07-01T07:00:00.000Z'],
    ['midnight of the spring-forward day', '2026-03-29', 0, 'Europe/Paris', '2026-03-28T23:00:00.000Z'],
    ['03:00 just after the spring change', '2026-03-29', 180, 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    ['02:30 skipped in spring maps past the gap', '2026-03-29', 150, 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    ['02:30 repeated in autumn maps to its second occurrence', '2026-10-25', 150, 'Europe/Paris', '2026-10-25T01:30:00.000Z'],
    ['midnight of the autumn day', '2026-10-25', 0, 'Europe/Paris', '2026-10-24T22:00:00.000Z'],
    ['New York 09:00', '2026-03-02', 540, 'America/New_York', '2026-03-02T14:00:00.000Z'],
    ['Kolkata 09:00 (UTC+5:30)', '2026-03-02', 540, 'Asia/Kolkata', '2026-03-02T03:30:00.000Z'],
  ])('zonedInstant: %s', (_scenario, date, minutes, zone, expected) => {
    expect(zonedInstant(date, minutes, zone).toISOString()).toBe(expected);
  });

  it('dayProfile: the mean of each wall-clock slot of one local date, null elsewhere', () => {
    const samples = [
      sample('2026-03-02T09:00:00+01:00', 2),
      sample('2026-03-02T09:30:00+01:00', 4),
      sample('2026-03-02T10:15:00+01:00', 5),
      sample('2026-03-03T09:00:00+01:00', 100), // another date
    ];
    const hourly = dayProfile(samples, 'Europe/Paris', '2026-03-02');
    expect(hourly).toHaveLength(24);
    expect(hourly.filter((s) => s.value !== null)).toEqual([
      { minutes: 540, value: 3 },
      { minutes: 600, value: 5 },
    ]);
    const halfHourly = dayProfile(samples, 'Europe/Paris', '2026-03-02', 30);
    expect(halfHourly.filter((s) => s.value !== null)).toEqual([
      { minutes: 540, value: 2 },
      { minutes: 570, value: 4 },
      { minutes: 600, value: 5 },
    ]);
  });

  it('dayProfile: the hour repeated by the autumn change gathers both occurrences', () => {
    const samples = [sample('2026-10-25T02:15:00+02:00', 2), sample('2026-10-25T02:15:00+01:00', 4)];
    expect(dayProfile(samples, 'Europe/Paris', '2026-10-25')[2]).toEqual({ minutes: 120, value: 3 });
  });

  it.each<[number[], number]>([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])('medianOf(%j) = %d', (values, expected) => {
    expect(medianOf(values)).toBe(expected);
  });

  it('refuses an empty median', () => {
    expect(() => medianOf([])).toThrow(new RangeError('median of an empty list'));
  });

  it.each([7, 0, -60, 7.5, 1441])('refuses slots of %d minutes (not a whole divisor of a day)', (slotMinutes) => {
    const refused = new RangeError(`slotMinutes must divide 1440, got ${slotMinutes}`);
    expect(() => assertSlotMinutes(slotMinutes)).toThrow(refused);
    expect(() => daySlotStarts(slotMinutes)).toThrow(refused);
    expect(() => meanByLocalSlot([], 'Europe/Paris', slotMinutes)).toThrow(refused);
  });

  it.each([1, 15, 1440])('takes slots of %d minutes', (slotMinutes) => {
    expect(() => assertSlotMinutes(slotMinutes)).not.toThrow();
  });

  it('dayProfile: a day without samples is all null', () => {
    const profile = dayProfile([sample('2026-03-02T09:00:00+01:00', 4)], 'Europe/Paris', '2026-03-03');
    expect(profile).toHaveLength(24);
    expect(profile.every((slot) => slot.value === null)).toBe(true);
  });

  it('zonedInstant refuses what is not a calendar date', () => {
    expect(() => zonedInstant('2026-13-45', 540, 'Europe/Paris')).toThrow(new RangeError('not a calendar date: 2026-13-45'));
  });

  it('zonedInstant keeps the seconds of a wall time', () => {
    expect(zonedInstant('2026-03-02', 540.5, 'Europe/Paris').toISOString()).toBe('2026-03-02T08:00:30.000Z');
  });
});
