import { describe, expect, it, vi } from 'vitest';
import { localTime } from '../access/local-time.js';
import { WEEKDAYS } from '../access/calendar-date.js';
import { occupancyHeatmap } from './occupancy-heatmap.js';

// The real localTime, counted: the heatmap must ask the zone per day, not per sample.
vi.mock('../access/local-time.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../access/local-time.js')>();
  return { ...real, localTime: vi.fn(real.localTime) };
});

const sample = (iso: string, value: number) => ({ at: new Date(iso), value });

const samples = [
  sample('2026-03-02T09:00:00+01:00', 4), // Monday 09h
  sample('2026-03-09T09:30:00+01:00', 6), // Monday 09h, a week later
  sample('2026-03-03T14:15:00+01:00', 3), // Tuesday 14h
  sample('2026-10-25T02:15:00+02:00', 2), // Sunday 02h, before the autumn change
  sample('2026-10-25T02:15:00+01:00', 4), // Sunday 02h again, after it
  sample('2026-03-29T01:00:00Z', 1), // Sunday 03:00 CEST, just after the spring change
];

describe('weekday × hour heatmap: the mean of the samples of each wall-clock hour', () => {
  it.each<[string, number | undefined, Array<[number, number, number]>]>([
    ['in desks', undefined, [[0, 9, 5], [1, 14, 3], [6, 2, 3], [6, 3, 1]]],
    ['as a ratio of 24 desks', 24, [[0, 9, 5 / 24], [1, 14, 3 / 24], [6, 2, 3 / 24], [6, 3, 1 / 24]]],
  ])('%s', (_scenario, capacity, expected) => {
    const heatmap = occupancyHeatmap({ samples, timeZone: 'Europe/Paris', ...(capacity === undefined ? {} : { capacity }) });
    expect(heatmap.unit).toBe(capacity === undefined ? 'desks' : 'ratio');
    expect(heatmap.weekdays[0]).toBe('monday');
    expect(heatmap.cells).toHaveLength(7);
    const filled: Array<[number, number, number]> = [];
    heatmap.cells.forEach((row, weekday) => {
      expect(row).toHaveLength(24);
      row.forEach((value, hour) => {
        if (value !== null) filled.push([weekday, hour, value]);
      });
    });
    expect(filled).toEqual(expected);
  });

  it('is all null without samples, and refuses a capacity of 0', () => {
    expect(occupancyHeatmap({ samples: [], timeZone: 'Europe/Paris' }).cells.flat().every((v) => v === null)).toBe(true);
    expect(() => occupancyHeatmap({ samples, timeZone: 'Europe/Paris', capacity: 0 })).toThrow(new RangeError('capacity must be positive'));
  });
});

describe('heatmap hours are the wall clock of each sample, whatever the zone', () => {
  // Every quarter hour of a year, its value its own index: a sample put in the wrong cell moves a mean.
  // Lord Howe changes by 30 minutes at a half hour UTC; Kathmandu is +05:45; St John's −03:30 with DST.
  it.each(['Europe/Paris', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns'])('%s', (timeZone) => {
    const start = Date.UTC(2026, 0, 1);
    const samples = Array.from({ length: 366 * 96 }, (_, i) => ({ at: new Date(start + i * 900_000), value: i }));
    const expected = WEEKDAYS.map(() => Array.from({ length: 24 }, () => ({ sum: 0, n: 0 })));
    for (const s of samples) {
      const local = localTime(s.at, timeZone);
      const cell = expected[WEEKDAYS.indexOf(local.weekday)]![Math.floor(local.minutes / 60)]!;
      cell.sum += s.value;
      cell.n += 1;
    }
    expect(occupancyHeatmap({ samples, timeZone }).cells).toEqual(expected.map((row) => row.map((c) => (c.n === 0 ? null : c.sum / c.n))));
  });
});

describe('heatmap cost: the zone is asked per UTC day, not per sample', () => {
  it('twice a day, and for each sample only on the day the offset changes', () => {
    // Twelve weeks of quarter hours (8,064 samples) over the spring change of 2026-03-29.
    const start = Date.UTC(2026, 2, 2);
    const samples = Array.from({ length: 84 * 96 }, (_, i) => ({ at: new Date(start + i * 900_000), value: 1 }));
    vi.mocked(localTime).mockClear();

    occupancyHeatmap({ samples, timeZone: 'Europe/Paris' });

    expect(vi.mocked(localTime)).toHaveBeenCalledTimes(84 * 2 + 96);
  });
});
