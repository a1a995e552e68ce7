import { describe, expect, it } from 'vitest';
import { QUIMPER_HOURS, makeSite } from '../access/test-fixtures.js';
import type { TimeInterval } from './desk-intervals.js';
import { openingIntervals, openingOfDay } from './opening-intervals.js';

const site = makeSite(); // Europe/Paris, Monday–Friday 09:00–17:00
const hhmm = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)}Z`;
const show = (intervals: TimeInterval[]) => intervals.map((i) => `${hhmm(i.start)}-${hhmm(i.end)}`);
const withMonday = (monday: Array<{ open: string; close: string }>) => makeSite({ hours: { ...QUIMPER_HOURS, monday } });

describe('opening intervals: each opening day’s ranges on the wall clock', () => {
  const lunch = withMonday([{ open: '09:00', close: '12:00' }, { open: '14:00', close: '17:00' }]);
  it.each<[string, string, string, typeof site, string[]]>([
    ['a winter Monday', '2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00', site, ['08:00Z-16:00Z']],
    ['the first summer Monday', '2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00', site, ['07:00Z-15:00Z']],
    ['a Saturday', '2026-03-07T00:00:00+01:00', '2026-03-08T00:00:00+01:00', site, []],
    ['Ascension Thursday', '2026-05-14T00:00:00+02:00', '2026-05-15T00:00:00+02:00', site, []],
    ['a lunch break', '2026-03-02T00:00:00+01:00', '2026-03-03T00:00:00+01:00', lunch, ['08:00Z-11:00Z', '13:00Z-16:00Z']],
    ['clipped to the period', '2026-03-02T10:00:00+01:00', '2026-03-02T12:00:00+01:00', site, ['09:00Z-11:00Z']],
    // Monday's hours end where the period starts: nothing of Monday, not an empty interval.
    ['from a closing time to the next morning', '2026-03-02T17:00:00+01:00', '2026-03-03T10:00:00+01:00', site, ['08:00Z-09:00Z']],
    ['two days in a row', '2026-03-02T00:00:00+01:00', '2026-03-04T00:00:00+01:00', site, ['08:00Z-16:00Z', '08:00Z-16:00Z']],
    ['an empty period', '2026-03-02T10:00:00+01:00', '2026-03-02T10:00:00+01:00', site, []],
    ['a period ending before it starts', '2026-03-03T10:00:00+01:00', '2026-03-02T10:00:00+01:00', site, []],
  ])('%s', (_scenario, from, to, rules, expected) => {
    expect(show(openingIntervals(new Date(from), new Date(to), rules))).toEqual(expected);
  });
});

describe('the opening of one day', () => {
  it.each<[string, string, typeof site, string[]]>([
    ['a Monday', '2026-03-02', site, ['08:00Z-16:00Z']],
    ['a Saturday (no hours)', '2026-03-07', site, []],
    ['Ascension Thursday (a public holiday)', '2026-05-14', site, []],
    ['ranges listed afternoon first, in time order', '2026-03-02', withMonday([{ open: '14:00', close: '17:00' }, { open: '09:00', close: '12:00' }]), ['08:00Z-11:00Z', '13:00Z-16:00Z']],
    // The site file's parser reports these; the rule skips them and keeps the sound range.
    ['malformed ranges skipped', '2026-03-02', withMonday([
      { open: '9h', close: '12:00' },
      { open: '14:00', close: 'late' },
      { open: '15:00', close: '15:00' },
      { open: '16:00', close: '15:00' },
      { open: '09:00', close: '10:00' },
    ]), ['08:00Z-09:00Z']],
  ])('%s', (_scenario, date, rules, expected) => {
    expect(show(openingOfDay(date, rules))).toEqual(expected);
  });
});
