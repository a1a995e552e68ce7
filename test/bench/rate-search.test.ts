// Scenario B's rate search (bench/rate-search.ts): doubling to a first miss, then bisection until the
// bracket is within the precision asked, and both systems taking turns within a time budget.
import { describe, expect, it } from 'vitest';
import { RateSearch, searchBoth, type SearchLimits } from '../../bench/rate-search.js';

const limits: SearchLimits = { first: 500, max: 128_000, min: 50, precision: 0.1 };

/** Runs a search against a system that keeps up with every rate up to `capacity`. */
function searchUpTo(capacity: number, over: Partial<SearchLimits> = {}): RateSearch {
  const search = new RateSearch({ ...limits, ...over });
  for (let rate = search.next(); rate !== undefined; rate = search.next()) search.record(rate, rate <= capacity);
  return search;
}

describe('rate search', () => {
  it.each([
    ['just above the first rate', 510],
    ['between two doublings', 3_300],
    ['just below a doubling', 3_990],
    ['far up', 77_000],
    ['below the first rate', 180],
  ])('brackets a capacity %s within 10 %', (_, capacity) => {
    const search = searchUpTo(capacity);
    expect(search.low).toBeLessThanOrEqual(capacity);
    expect(search.high).toBeGreaterThan(capacity);
    expect(search.high!).toBeLessThanOrEqual(search.low * 1.1);
    // One step per doubling (or halving) to the first miss, then four bisections at most (2^-4 < 10 %).
    expect(search.tried.length).toBeLessThanOrEqual(Math.ceil(Math.abs(Math.log2(capacity / 500))) + 1 + 4);
  });

  it('stops at the highest rate it may try, the bracket left open', () => {
    const search = searchUpTo(1_000_000, { max: 4000 });
    expect(search.tried).toEqual([500, 1000, 2000, 4000]);
    expect([search.low, search.high]).toEqual([4000, undefined]);
  });

  it('gives no figure for a system that misses even the lowest rate', () => {
    const search = searchUpTo(10);
    expect(search.tried).toEqual([500, 250, 125, 63]);
    expect([search.low, search.high]).toEqual([0, 63]);
  });

  it('stops at a coarser precision when asked', () => {
    expect(searchUpTo(3_300, { precision: 0.25 }).tried).toEqual([500, 1000, 2000, 4000, 3000, 3500]);
  });

  it('lets both systems take turns, each until its own bracket is narrow enough', async () => {
    const order: string[] = [];
    const system = (name: string, capacity: number) => ({
      search: new RateSearch(limits),
      step: async (rate: number) => {
        order.push(`${name} ${rate}`);
        return rate <= capacity;
      },
    });
    const both = { bare: system('bare', 1100), service: system('service', 600) };
    expect(await searchBoth(both, 60_000, () => 0)).toEqual({ outOfTime: false });
    expect(order.slice(0, 4)).toEqual(['bare 500', 'service 500', 'bare 1000', 'service 1000']);
    expect(both.service.search.high!).toBeLessThanOrEqual(both.service.search.low * 1.1);
    expect(both.bare.search.high!).toBeLessThanOrEqual(both.bare.search.low * 1.1);
  });

  it('stops when the time budget is spent, with the brackets as they are', async () => {
    let now = 0;
    const search = new RateSearch(limits);
    const step = async () => {
      now += 10_000;
      return true;
    };
    expect(await searchBoth({ service: { search, step } }, 25_000, () => now)).toEqual({ outOfTime: true });
    expect(search.tried).toEqual([500, 1000, 2000]);
  });
});
