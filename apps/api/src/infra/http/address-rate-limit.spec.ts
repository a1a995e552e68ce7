import { describe, expect, it } from 'vitest';
import { AddressRateLimit } from './address-rate-limit.js';

describe('rate limit per address', () => {
  it('lets a burst of perMinute through, then one more every 60/perMinute s', () => {
    const limit = new AddressRateLimit(6);
    const waits = Array.from({ length: 8 }, () => limit.take('10.0.0.1', 0));
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 10_000, 10_000]);
    expect(limit.take('10.0.0.1', 9_999)).toBeGreaterThan(0);
    expect(limit.take('10.0.0.1', 10_000)).toBe(0);
    expect(limit.take('10.0.0.1', 10_000)).toBe(10_000);
  });

  it('counts each address on its own', () => {
    const limit = new AddressRateLimit(1);
    expect(limit.take('10.0.0.1', 0)).toBe(0);
    expect(limit.take('10.0.0.1', 0)).toBeGreaterThan(0);
    expect(limit.take('10.0.0.2', 0)).toBe(0);
  });
});
