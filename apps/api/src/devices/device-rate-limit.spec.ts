import { describe, expect, it } from 'vitest';
import { DeviceRateLimit } from './device-rate-limit.js';

const rate = { burst: 3, perSecond: 2, uploadBurst: 5, uploadPerSecond: 1 };
const limiter = () => {
  const clock = { now: 0 };
  return { clock, limit: new DeviceRateLimit(rate, () => clock.now) };
};
const admitted = (limit: DeviceRateLimit, device: string, n: number, lane: 'live' | 'upload' = 'live') =>
  Array.from({ length: n }, () => limit.admit(device, lane)).filter(Boolean).length;

describe('device rate limit (token bucket per device and lane)', () => {
  it('admits the burst, then refills at the sustained rate', () => {
    const { clock, limit } = limiter();
    expect(admitted(limit, 'r1', 10)).toBe(3);
    clock.now = 1000;
    expect(admitted(limit, 'r1', 10)).toBe(2);
    clock.now = 60_000;
    expect(admitted(limit, 'r1', 10)).toBe(3);
  });

  it('keeps each device and lane apart: a flooding reader leaves the others their tokens', () => {
    const { limit } = limiter();
    expect(admitted(limit, 'r1', 100)).toBe(3);
    expect(admitted(limit, 'r2', 100)).toBe(3);
    expect(admitted(limit, 'r1', 100, 'upload')).toBe(5);
  });

  it('sums the drops per device for one summary, then starts a new period', () => {
    const { clock, limit } = limiter();
    clock.now = 500;
    admitted(limit, 'r1', 10);
    admitted(limit, 'r1', 4, 'upload');
    admitted(limit, 'r2', 3);
    expect(limit.takeSummaries()).toEqual([{ deviceId: 'r1', dropped: 7, since: 500 }]);
    expect(limit.takeSummaries()).toEqual([]);
  });
});
