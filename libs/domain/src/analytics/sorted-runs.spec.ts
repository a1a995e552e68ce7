import { describe, expect, it } from 'vitest';
import { kthOfSortedRuns, medianOfSortedRuns } from './sorted-runs.js';

const runs = (...lists: number[][]) => lists.map((list) => Float64Array.from(list));

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

/** The reference: everything merged and sorted. */
function merged(lists: Float64Array[]): number[] {
  return lists.flatMap((run) => [...run]).sort((a, b) => a - b);
}

describe('k-th smallest of sorted runs', () => {
  it.each([
    ['one run', runs([1, 2, 3]), [1, 2, 3]],
    ['interleaved runs', runs([1, 5, 9], [2, 3, 10]), [1, 2, 3, 5, 9, 10]],
    ['repeated values across runs', runs([4, 4, 7], [4], [], [0, 4]), [0, 4, 4, 4, 4, 7]],
    ['negative values and zero', runs([-3, 0], [-5, 2]), [-5, -3, 0, 2]],
  ])('%s: every k as in the merged list', (_name, lists, expected) => {
    expect(expected.map((_, k) => kthOfSortedRuns(lists, k))).toEqual(expected);
  });

  it('undefined past the end or for a negative or fractional k, and with no values', () => {
    expect(kthOfSortedRuns(runs([1, 2]), 2)).toBeUndefined();
    expect(kthOfSortedRuns(runs([1, 2]), -1)).toBeUndefined();
    expect(kthOfSortedRuns(runs([1, 2]), 0.5)).toBeUndefined();
    expect(kthOfSortedRuns(runs([], []), 0)).toBeUndefined();
  });

  it('refuses values that are not whole numbers (the search is over whole values)', () => {
    expect(() => kthOfSortedRuns(runs([0.5, 1]), 0)).toThrow(RangeError);
  });

  it('90 days of ~1,600 stays in ms: the median equals the merged list\'s', () => {
    const next = random(3);
    const day = () => Float64Array.from({ length: 1200 + Math.floor(next() * 800) }, () => Math.floor(next() * 9 * 3_600_000)).sort();
    const days = Array.from({ length: 90 }, day);
    const all = merged(days);
    const n = all.length;
    const median = n % 2 === 1 ? all[(n - 1) / 2]! : (all[n / 2 - 1]! + all[n / 2]!) / 2;
    expect(medianOfSortedRuns(days)).toBe(median);
    expect(kthOfSortedRuns(days, 0)).toBe(all[0]);
    expect(kthOfSortedRuns(days, n - 1)).toBe(all[n - 1]);
  });
});

describe('median of sorted runs', () => {
  it.each([
    ['odd count: the middle value', runs([1, 9], [5]), 5],
    ['even count: the mean of the two middle values', runs([1, 2], [3, 10]), 2.5],
    ['empty', runs([], []), null],
  ])('%s', (_name, lists, expected) => {
    expect(medianOfSortedRuns(lists)).toBe(expected);
  });
});
