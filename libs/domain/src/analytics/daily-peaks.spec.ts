import { describe, expect, it } from 'vitest';
import { dailyPeaks, peakDays } from './daily-peaks.js';
import type { DeskOccupancyChange } from './desk-intervals.js';

const change = (desk: string, iso: string, occupied: boolean): DeskOccupancyChange => ({ desk, at: new Date(iso), occupied });

describe('daily peak: most desks occupied at once in a local day, and when first', () => {
  const changes = [
    change('a', '2026-03-01T22:00:00+01:00', true), // occupied when the period starts
    change('a', '2026-03-02T09:30:00+01:00', false),
    change('b', '2026-03-02T09:00:00+01:00', true),
    change('b', '2026-03-02T12:00:00+01:00', false),
    change('d', '2026-03-02T09:30:00+01:00', true), // taken as a is freed: still 2, not 3
    change('d', '2026-03-02T10:30:00+01:00', false),
    change('c', '2026-03-02T10:00:00+01:00', true), // b, c, d: 3
    change('c', '2026-03-02T11:00:00+01:00', false),
    change('b', '2026-03-03T14:00:00+01:00', true),
    change('c', '2026-03-03T14:00:00+01:00', true),
    change('c', '2026-03-03T14:30:00+01:00', false),
    change('b', '2026-03-03T15:00:00+01:00', false),
  ];

  it.each<[string, string, string, Array<{ date: string; occupied: number; at: string | null }>]>([
    [
      'three days, the last one empty',
      '2026-03-02T00:00:00+01:00',
      '2026-03-05T00:00:00+01:00',
      [
        { date: '2026-03-02', occupied: 3, at: '2026-03-02T09:00:00.000Z' },
        { date: '2026-03-03', occupied: 2, at: '2026-03-03T13:00:00.000Z' },
        { date: '2026-03-04', occupied: 0, at: null },
      ],
    ],
    [
      'a period starting mid-morning carries the desks occupied then',
      '2026-03-02T10:45:00+01:00',
      '2026-03-02T13:00:00+01:00',
      [{ date: '2026-03-02', occupied: 2, at: '2026-03-02T09:45:00.000Z' }],
    ],
  ])('%s', (_scenario, from, to, expected) => {
    const peaks = dailyPeaks({ changes, from: new Date(from), to: new Date(to), timeZone: 'Europe/Paris' });
    expect(peaks.map((p) => ({ ...p, at: p.at?.toISOString() ?? null }))).toEqual(expected);
  });

  it.each(['2026-03-02T00:00:00+01:00', '2026-03-02T10:45:00+01:00'])('is empty for an empty period (at %s)', (iso) => {
    const at = new Date(iso);
    expect(dailyPeaks({ changes, from: at, to: at, timeZone: 'Europe/Paris' })).toEqual([]);
    expect(peakDays(at, at, 'Europe/Paris')).toEqual([]);
  });

  it.each<[string, DeskOccupancyChange[], Array<{ date: string; occupied: number; at: string | null }>]>([
    [
      'a desk occupied over midnight makes the next day’s peak at its start',
      [change('a', '2026-03-02T22:00:00+01:00', true), change('a', '2026-03-03T10:00:00+01:00', false)],
      [{ date: '2026-03-02', occupied: 1, at: '2026-03-02T21:00:00.000Z' }, { date: '2026-03-03', occupied: 1, at: '2026-03-02T23:00:00.000Z' }],
    ],
    [
      'a desk taken at midnight counts for the new day only',
      [change('a', '2026-03-03T00:00:00+01:00', true), change('a', '2026-03-03T10:00:00+01:00', false)],
      [{ date: '2026-03-02', occupied: 0, at: null }, { date: '2026-03-03', occupied: 1, at: '2026-03-02T23:00:00.000Z' }],
    ],
    [
      'a peak reached twice is dated the first time',
      [change('a', '2026-03-02T09:00:00+01:00', true), change('a', '2026-03-02T10:00:00+01:00', false), change('b', '2026-03-02T11:00:00+01:00', true), change('b', '2026-03-02T12:00:00+01:00', false)],
      [{ date: '2026-03-02', occupied: 1, at: '2026-03-02T08:00:00.000Z' }, { date: '2026-03-03', occupied: 0, at: null }],
    ],
  ])('%s', (_scenario, dayChanges, expected) => {
    const peaks = dailyPeaks({ changes: dayChanges, from: new Date('2026-03-02T00:00:00+01:00'), to: new Date('2026-03-04T00:00:00+01:00'), timeZone: 'Europe/Paris' });
    expect(peaks.map((p) => ({ ...p, at: p.at?.toISOString() ?? null }))).toEqual(expected);
  });

  it('takes each local day of the period, clipped to it', () => {
    expect(peakDays(new Date('2026-03-02T10:45:00+01:00'), new Date('2026-03-03T13:00:00+01:00'), 'Europe/Paris')).toEqual([
      { date: '2026-03-02', start: Date.parse('2026-03-02T10:45:00+01:00'), end: Date.parse('2026-03-03T00:00:00+01:00') },
      { date: '2026-03-03', start: Date.parse('2026-03-03T00:00:00+01:00'), end: Date.parse('2026-03-03T13:00:00+01:00') },
    ]);
  });

  it('where the clock jumps over midnight (Santiago), a day ends and the next starts at the jump, not an hour before', () => {
    expect(peakDays(new Date('2026-09-05T12:00:00Z'), new Date('2026-09-06T12:00:00Z'), 'America/Santiago')).toEqual([
      { date: '2026-09-05', start: Date.parse('2026-09-05T12:00:00Z'), end: Date.parse('2026-09-06T04:00:00Z') },
      { date: '2026-09-06', start: Date.parse('2026-09-06T04:00:00Z'), end: Date.parse('2026-09-06T12:00:00Z') },
    ]);
  });
});
