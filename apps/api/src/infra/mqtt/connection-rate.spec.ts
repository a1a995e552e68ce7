import { describe, expect, it } from 'vitest';
import { ConnectionRateLimiter } from './connection-rate.js';

describe('connections per remote address', () => {
  it('allows a burst, then the sustained rate, per address', () => {
    let now = 0;
    const limiter = new ConnectionRateLimiter({ burst: 3, perSecond: 2 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.admit('10.0.0.1'))).toEqual([true, true, true, false]);
    expect(limiter.admit('10.0.0.2')).toBe(true);
    now = 499;
    expect(limiter.admit('10.0.0.1')).toBe(false);
    now = 500;
    expect(limiter.admit('10.0.0.1')).toBe(true);
    now = 60_000;
    expect([1, 2, 3, 4].map(() => limiter.admit('10.0.0.1'))).toEqual([true, true, true, false]);
  });
});
