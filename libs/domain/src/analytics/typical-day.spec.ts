import { describe, expect, it } from 'vitest';
import { makeSite } from '../access/test-fixtures.js';
import { typicalDay, type TypicalDayInput } from './typical-day.js';

const sample = (iso: string, value: number) => ({ at: new Date(iso), value });

// Target: Monday 2026-03-30, the first Monday of summer time; the Mondays before are UTC+1.
const samples = [
  sample('2026-03-30T09:00:00+02:00', 50), // the target date itself: never used
  sample('2026-03-23T09:00:00+01:00', 10),
  sample('2026-03-23T10:00:00+01:00', 12),
  sample('2026-03-24T09:00:00+01:00', 99), // a Tuesday
  sample('2026-03-16T09:00:00+01:00', 6),
  sample('2026-03-16T10:00:00+01:00', 12),
  sample('2026-03-09T09:00:00+01:00', 8), // no 10:00 that week: skipped for that slot
  sample('2026-03-02T09:00:00+01:00', 20),
  sample('2026-03-02T10:00:00+01:00', 3),
  sample('2026-02-23T09:00:00+01:00', 100), // five weeks back
];

const slot = (day: ReturnType<typeof typicalDay>, minutes: number) => day.slots.find((s) => s.minutes === minutes);

describe('typical day: per slot, the median of the same weekday over the last N weeks', () => {
  it.each<[string, Partial<TypicalDayInput>, { nine: [number | null, number]; ten: [number | null, number]; basedOn: string[] }]>([
    [
      'four weeks: 09:00 median of 6, 8, 10, 20 = 9; 10:00 median of 3, 12, 12 = 12 (a missing week skipped)',
      { weeks: 4 },
      { nine: [9, 4], ten: [12, 3], basedOn: ['2026-03-23', '2026-03-16', '2026-03-09', '2026-03-02'] },
    ],
    [
      'eight weeks (default) reach the fifth Monday: 09:00 median of 6, 8, 10, 20, 100 = 10',
      {},
      { nine: [10, 5], ten: [12, 3], basedOn: ['2026-03-23', '2026-03-16', '2026-03-09', '2026-03-02', '2026-02-23'] },
    ],
    [
      'a closed Monday is no typical Monday: without 03-16, 09:00 median of 8, 10, 20 = 10; 10:00 of 3, 12 = 7.5',
      { weeks: 4, site: makeSite({ closures: [{ from: '2026-03-16', to: '2026-03-16' }] }) },
      { nine: [10, 3], ten: [7.5, 2], basedOn: ['2026-03-23', '2026-03-09', '2026-03-02'] },
    ],
    ['one week only', { weeks: 1 }, { nine: [10, 1], ten: [12, 1], basedOn: ['2026-03-23'] }],
  ])('%s', (_scenario, overrides, expected) => {
    const day = typicalDay({ samples, timeZone: 'Europe/Paris', date: '2026-03-30', ...overrides });
    expect(day.weekday).toBe('monday');
    expect(slot(day, 540)).toEqual({ minutes: 540, value: expected.nine[0], weeks: expected.nine[1] });
    expect(slot(day, 600)).toEqual({ minutes: 600, value: expected.ten[0], weeks: expected.ten[1] });
    expect(slot(day, 660)).toEqual({ minutes: 660, value: null, weeks: 0 });
    expect(day.basedOn).toEqual(expected.basedOn);
    expect(day.slots).toHaveLength(24);
  });

  it('keeps the wall clock across DST: 09:00 CET weeks feed the 09:00 CEST slot, not 10:00', () => {
    const day = typicalDay({ samples: [sample('2026-03-23T08:00:00Z', 5)], timeZone: 'Europe/Paris', date: '2026-03-30' });
    expect(slot(day, 540)?.value).toBe(5);
    expect(slot(day, 480)?.value).toBeNull();
  });

  it('uses smaller slots when asked', () => {
    const day = typicalDay({ samples: [sample('2026-03-23T09:45:00+01:00', 4)], timeZone: 'Europe/Paris', date: '2026-03-30', slotMinutes: 15 });
    expect(day.slots).toHaveLength(96);
    expect(slot(day, 585)).toEqual({ minutes: 585, value: 4, weeks: 1 });
  });

  it('refuses a week count below one', () => {
    expect(() => typicalDay({ samples, timeZone: 'Europe/Paris', date: '2026-03-30', weeks: 0 })).toThrow(new RangeError('weeks must be a positive integer, got 0'));
  });
});
