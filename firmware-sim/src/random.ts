// Seeded randomness: the same --seed gives the same day, the same members and the same load, so a
// demo or a benchmark can be run again and compared. mulberry32: tiny, fast, good enough for a
// simulator (not for secrets).

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
  /** Roughly bell-shaped around `mean` (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min?: number, max?: number): number;
  /** An independent stream for one purpose, so adding draws elsewhere does not shift it. */
  fork(label: string): Random;
}

/** FNV-1a: turns a label or a seed string into 32 bits. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createRandom(seed: number | string): Random {
  const base = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  let state = base;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    between: (min, max) => min + next() * (max - min),
    int: (min, max) => Math.floor(min + next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    shuffle: (items) => {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1));
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy;
    },
    around: (mean, spread, min = -Infinity, max = Infinity) => {
      const value = mean + ((next() + next() + next()) / 3 - 0.5) * 2 * spread;
      return Math.min(max, Math.max(min, value));
    },
    fork: (label) => createRandom(hash32(`${base}:${label}`)),
  };
  return random;
}
