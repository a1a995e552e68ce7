import { describe, expect, it } from 'vitest';
import { changesByDesk, clipIntervals, deskStays, overlapMs, type DeskOccupancyChange } from './desk-intervals.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 8, minute));
const ms = (minute: number) => at(minute).getTime();
const change = (desk: string, minute: number, occupied: boolean): DeskOccupancyChange => ({ desk, at: at(minute), occupied });

describe('changes by desk: each desk’s history in time order', () => {
  it('groups by desk and sorts each desk by time, keeping same-time changes in input order', () => {
    const late = change('a', 30, false);
    const early = change('a', 10, true);
    const same1 = change('b', 5, true);
    const same2 = change('b', 5, false);
    const grouped = changesByDesk([late, same1, early, same2]);
    expect([...grouped.keys()]).toEqual(['a', 'b']);
    expect(grouped.get('a')).toEqual([early, late]);
    expect(grouped.get('b')).toEqual([same1, same2]);
  });
});

describe('desk stays: occupied from a change to occupied until the next change to free', () => {
  it.each<[string, DeskOccupancyChange[], Array<{ start: number; end: number; open: boolean }>]>([
    ['one stay', [change('a', 0, true), change('a', 30, false)], [{ start: ms(0), end: ms(30), open: false }]],
    ['a repeated "occupied" does not start a new stay', [change('a', 0, true), change('a', 10, true), change('a', 30, false)], [{ start: ms(0), end: ms(30), open: false }]],
    ['a "free" first is no stay (the desk was free before it)', [change('a', 5, false), change('a', 20, true), change('a', 40, false)], [{ start: ms(20), end: ms(40), open: false }]],
    ['a repeated "free" ends nothing', [change('a', 0, true), change('a', 10, false), change('a', 20, false)], [{ start: ms(0), end: ms(10), open: false }]],
    ['an unended stay runs until `until`', [change('a', 0, true)], [{ start: ms(0), end: ms(50), open: true }]],
  ])('%s', (_scenario, changes, expected) => {
    expect(deskStays(changes, ms(50))).toEqual(expected);
  });

  it('an unended stay that started after `until` is empty, not negative', () => {
    expect(deskStays([change('a', 60, true)], ms(50))).toEqual([{ start: ms(60), end: ms(60), open: true }]);
  });
});

describe('clipping intervals to a period', () => {
  it('cuts what overhangs and drops what lies outside or only touches the period', () => {
    const intervals = [
      { start: 0, end: 10 }, // before
      { start: 5, end: 20 }, // ends where the period starts
      { start: 15, end: 30 }, // overhangs the start
      { start: 40, end: 50 }, // inside
      { start: 55, end: 70 }, // overhangs the end
      { start: 60, end: 80 }, // starts where the period ends
    ];
    expect(clipIntervals(intervals, 20, 60)).toEqual([{ start: 20, end: 30 }, { start: 40, end: 50 }, { start: 55, end: 60 }]);
  });
});

describe('overlap of two interval lists', () => {
  it('sums what they share, touching ends sharing nothing', () => {
    const a = [{ start: 0, end: 10 }, { start: 20, end: 40 }, { start: 50, end: 60 }];
    const b = [{ start: 10, end: 25 }, { start: 30, end: 55 }];
    expect(overlapMs(a, b)).toBe(5 + 10 + 5);
    expect(overlapMs(a, [])).toBe(0);
  });
});
