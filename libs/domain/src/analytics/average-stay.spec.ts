import { describe, expect, it } from 'vitest';
import { averageStay } from './average-stay.js';
import type { DeskOccupancyChange } from './desk-intervals.js';

const change = (desk: string, iso: string, occupied: boolean): DeskOccupancyChange => ({ desk, at: new Date(iso), occupied });
const from = new Date('2026-03-02T00:00:00+01:00');
const to = new Date('2026-03-03T00:00:00+01:00');

describe('average stay: desk occupied intervals started and ended in the period', () => {
  it.each<[string, DeskOccupancyChange[], ReturnType<typeof averageStay>]>([
    [
      'stays of 180, 60 and 150 min; one begun the day before; two still running at the end',
      [
        change('a', '2026-03-01T22:00:00+01:00', true), // begun before the period: not counted
        change('a', '2026-03-02T09:30:00+01:00', false),
        change('b', '2026-03-02T09:00:00+01:00', true),
        change('b', '2026-03-02T12:00:00+01:00', false), // 180
        change('c', '2026-03-02T10:00:00+01:00', true),
        change('c', '2026-03-02T11:00:00+01:00', false), // 60
        change('c', '2026-03-02T14:00:00+01:00', true),
        change('c', '2026-03-02T14:30:00+01:00', true), // a repeat inside the stay
        change('c', '2026-03-02T16:30:00+01:00', false), // 150
        change('d', '2026-03-02T17:00:00+01:00', true), // ongoing
        change('e', '2026-03-02T23:00:00+01:00', true),
        change('e', '2026-03-03T01:00:00+01:00', false), // ends after the period: ongoing
      ],
      { stays: 3, ongoing: 2, averageMinutes: 130, medianMinutes: 150, longestMinutes: 180 },
    ],
    ['nothing', [], { stays: 0, ongoing: 0, averageMinutes: null, medianMinutes: null, longestMinutes: null }],
    [
      'a free desk freed again is no stay',
      [change('a', '2026-03-02T09:00:00+01:00', false), change('a', '2026-03-02T10:00:00+01:00', false)],
      { stays: 0, ongoing: 0, averageMinutes: null, medianMinutes: null, longestMinutes: null },
    ],
    [
      'a stay begun at the start of the period counts; one begun at its end does not, even as ongoing',
      [change('a', '2026-03-02T00:00:00+01:00', true), change('a', '2026-03-02T01:00:00+01:00', false), change('b', '2026-03-03T00:00:00+01:00', true)],
      { stays: 1, ongoing: 0, averageMinutes: 60, medianMinutes: 60, longestMinutes: 60 },
    ],
    [
      'a stay ending at the end of the period is complete',
      [change('a', '2026-03-02T22:00:00+01:00', true), change('a', '2026-03-03T00:00:00+01:00', false)],
      { stays: 1, ongoing: 0, averageMinutes: 120, medianMinutes: 120, longestMinutes: 120 },
    ],
    [
      'a stay begun after the period is left out',
      [change('a', '2026-03-03T09:00:00+01:00', true), change('a', '2026-03-03T10:00:00+01:00', false)],
      { stays: 0, ongoing: 0, averageMinutes: null, medianMinutes: null, longestMinutes: null },
    ],
  ])('%s', (_scenario, changes, expected) => {
    expect(averageStay({ changes, from, to })).toEqual(expected);
  });
});
