// The stays summary from kept days (sorted durations) is the one summarizeStays gives over the
// same rows: what the store's `durations` answered before the days were kept sorted.
import { describe, expect, it } from 'vitest';
import { stayDay, summarizeStayDays, summarizeStays } from './stay-days.js';
import type { IntervalRow } from './time-series-store.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

/** `days` UTC days of stays on minute marks; the last day's later stays end after `to` or are open. */
function history(days: number, seed: number): IntervalRow[][] {
  const next = random(seed);
  return Array.from({ length: days }, (_, d) =>
    Array.from({ length: 20 + Math.floor(next() * 40) }, () => {
      const start = d * DAY + Math.floor(next() * 1_200) * MINUTE;
      return { start, end: start + (1 + Math.floor(next() * 600)) * MINUTE, open: false };
    }).sort((a, b) => a.start - b.start),
  );
}

describe('stays summary from kept days = over the rows', () => {
  it.each([
    ['every day kept, all ended', 30, 30 * DAY, (d: number) => d < 30],
    ['kept days and fresh rows mixed', 30, 30 * DAY, (d: number) => d % 3 !== 0],
    // Day 8's late stays end after `to` (2:00 of day 9): ongoing, so that kept day is taken as rows.
    ['a period ending while stays of a kept day run', 10, 9 * DAY + 2 * 60 * MINUTE, (d: number) => d < 9],
    ['an even count, no day kept', 2, 2 * DAY, () => false],
  ])('%s', (_name, count, to, kept) => {
    const days = history(count, count + to);
    const rows = days.flat().filter((s) => s.start < to);
    if (rows.length % 2 === 1 && count === 2) rows.pop();
    const parts = days.map((day, d) => (kept(d) ? stayDay(day) : day.filter((s) => s.start < to)));
    const expected = summarizeStays(rows, to);
    expect(summarizeStayDays(count === 2 ? [rows] : parts, to)).toEqual(expected);
    expect(expected.kind === 'durations' && expected.count).toBeGreaterThan(10);
  });

  it('an open stay and nothing ended: no median, one ongoing', () => {
    expect(summarizeStayDays([[{ start: 0, end: 10, open: true }]], 10)).toEqual({ kind: 'durations', count: 0, ongoing: 1, meanMs: null, medianMs: null, maxMs: null });
  });

  it('durations that are not whole ms are summed as rows, the same answer', () => {
    const rows = [{ start: 0, end: 0.5, open: false }, { start: 1, end: 2.25, open: false }, { start: 3, end: 4, open: false }];
    expect(summarizeStayDays([stayDay(rows)], 10)).toEqual(summarizeStays(rows, 10));
  });
});
