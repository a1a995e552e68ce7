import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('seeded randomness', () => {
  const draws = (seed: number | string) => Array.from({ length: 20 }, createRandom(seed).next);

  it('repeats for the same seed and differs for another', () => {
    expect(draws(42)).toEqual(draws(42));
    expect(draws('quimper')).toEqual(draws('quimper'));
    expect(draws(42)).not.toEqual(draws(43));
  });

  it('forks streams that do not shift when the parent draws more', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    b.next();
    expect(a.fork('day').next()).toBe(b.fork('day').next());
    expect(a.fork('day').next()).not.toBe(a.fork('load').next());
  });

  it('keeps every helper in its range', () => {
    const random = createRandom(1);
    for (let index = 0; index < 1000; index++) {
      expect(random.int(3, 5)).toBeGreaterThanOrEqual(3);
      expect(random.int(3, 5)).toBeLessThanOrEqual(5);
      const value = random.around(10, 5, 8, 12);
      expect(value).toBeGreaterThanOrEqual(8);
      expect(value).toBeLessThanOrEqual(12);
    }
    expect(random.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(() => random.pick([])).toThrow(RangeError);
  });
});
