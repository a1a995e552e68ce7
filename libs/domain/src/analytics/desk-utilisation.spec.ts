import { describe, expect, it } from 'vitest';
import { makeSite } from '../access/test-fixtures.js';
import type { DeskOccupancyChange } from './desk-intervals.js';
import { deskUtilisation } from './desk-utilisation.js';

const change = (desk: string, iso: string, occupied: boolean): DeskOccupancyChange => ({ desk, at: new Date(iso), occupied });
const site = makeSite(); // Europe/Paris, Monday–Friday 09:00–17:00

describe('desk utilisation: the share of opening hours a desk was occupied', () => {
  it('over a Monday and a Tuesday (2 × 480 open minutes)', () => {
    const changes = [
      change('a', '2026-03-01T20:00:00+01:00', true), // taken on Sunday evening: occupied at the start
      change('a', '2026-03-02T10:00:00+01:00', false), // 60 min of opening (09–10)
      change('a', '2026-03-02T16:30:00+01:00', true),
      change('a', '2026-03-02T18:00:00+01:00', false), // 30 min (16:30–17)
      change('a', '2026-03-03T08:00:00+01:00', true),
      change('a', '2026-03-03T12:00:00+01:00', false), // 180 min (09–12)
      change('c', '2026-03-03T13:00:00+01:00', true), // never freed: 13–17 = 240 min
      change('d', '2026-03-02T09:00:00+01:00', true),
      change('d', '2026-03-02T11:00:00+01:00', true), // a repeat, not a new stay
      change('d', '2026-03-02T12:00:00+01:00', false), // 180 min
    ];
    const result = deskUtilisation({
      changes,
      from: new Date('2026-03-02T00:00:00+01:00'),
      to: new Date('2026-03-04T00:00:00+01:00'),
      site,
      desks: ['a', 'b', 'c', 'd'],
    });
    expect(result).toEqual([
      { desk: 'a', occupiedMinutes: 270, openMinutes: 960, ratio: 270 / 960 },
      { desk: 'b', occupiedMinutes: 0, openMinutes: 960, ratio: 0 },
      { desk: 'c', occupiedMinutes: 240, openMinutes: 960, ratio: 0.25 },
      { desk: 'd', occupiedMinutes: 180, openMinutes: 960, ratio: 0.1875 },
    ]);
  });

  it.each<[string, string, string, DeskOccupancyChange[], { occupiedMinutes: number; openMinutes: number; ratio: number | null }]>([
    [
      'a public holiday is no opening time, even with the desk occupied',
      '2026-05-13T00:00:00+02:00',
      '2026-05-15T00:00:00+02:00',
      [
        change('a', '2026-05-13T10:00:00+02:00', true),
        change('a', '2026-05-13T11:00:00+02:00', false),
        change('a', '2026-05-14T10:00:00+02:00', true),
        change('a', '2026-05-14T12:00:00+02:00', false),
      ],
      { occupiedMinutes: 60, openMinutes: 480, ratio: 0.125 },
    ],
    [
      'the first summer Monday opens at 09:00 CEST (07:00Z)',
      '2026-03-30T00:00:00+02:00',
      '2026-03-31T00:00:00+02:00',
      [change('a', '2026-03-30T07:00:00Z', true), change('a', '2026-03-30T08:30:00Z', false)],
      { occupiedMinutes: 90, openMinutes: 480, ratio: 0.1875 },
    ],
    [
      'a weekend has no opening hours: ratio null',
      '2026-03-07T00:00:00+01:00',
      '2026-03-09T00:00:00+01:00',
      [change('a', '2026-03-07T10:00:00+01:00', true)],
      { occupiedMinutes: 0, openMinutes: 0, ratio: null },
    ],
  ])('%s', (_scenario, from, to, changes, expected) => {
    const [result] = deskUtilisation({ changes, from: new Date(from), to: new Date(to), site, desks: ['a'] });
    expect(result).toEqual({ desk: 'a', ...expected });
  });
});
