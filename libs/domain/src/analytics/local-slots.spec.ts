import { describe, expect, it } from 'vitest';
import { assertSlotMinutes, dayProfile, daySlotStarts, meanByLocalSlot, medianOf } from './local-slots.js';

const sample = (iso: string, value: number) => ({ at: new Date(iso), value });

describe('local slots', () => {
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
});
