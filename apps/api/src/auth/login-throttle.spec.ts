import { describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';

const minute = 60_000;
const options: LoginThrottleOptions = {
  maxFailures: 3,
  windowMs: 10 * minute,
  lockMs: 15 * minute,
  freeAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
};
const anne = 'anne@example.org';
const home = '10.0.0.1';

/** Attempts that all fail (never `succeeded`), at the given times, from `home` on Anne's account. */
function failedAt(times: number[], throttle = new LoginThrottle(options)) {
  for (const at of times) expect(throttle.begin(anne, home, at).ok).toBe(true);
  return throttle;
}
const wait = (gate: ReturnType<LoginThrottle['begin']>) => (gate.ok ? 0 : gate.retryAfterMs);

describe('login throttle', () => {
  it.each([
    ['no attempt yet', [], 2 * minute, 0],
    ['two failures: still allowed', [0, minute], 2 * minute, 0],
    ['three failures: the pair is locked for 15 minutes', [0, minute, 2 * minute], 2 * minute, 15 * minute],
    ['the lock runs out', [0, minute, 2 * minute], 17 * minute + 1, 0],
    ['failures spread past the window do not lock', [0, 11 * minute, 22 * minute], 22 * minute, 0],
  ])('%s', (_case, failures, now, expected) => {
    expect(wait(failedAt(failures).begin(anne, home, now))).toBe(expected);
  });

  it('counts an attempt when it begins: a burst gets maxFailures tries, the rest are refused', () => {
    const throttle = new LoginThrottle(options);
    const gates = Array.from({ length: 300 }, () => throttle.begin(anne, home, 0));
    expect(gates.filter((gate) => gate.ok)).toHaveLength(3);
  });

  it('locks the pair only: the same account from another address still signs in', () => {
    const throttle = failedAt([0, 1, 2]);
    expect(throttle.begin(anne, home, 3).ok).toBe(false);
    expect(throttle.begin(anne, '10.0.0.2', 3).ok).toBe(true);
    expect(throttle.begin('ANNE@example.org', home, 3).ok).toBe(false);
  });

  it('makes an address wait longer and longer past its free attempts, whatever the account', () => {
    const throttle = new LoginThrottle(options);
    const allowedAt: number[] = [];
    for (let now = 0, attempt = 0; allowedAt.length < 11; attempt++) {
      const gate = throttle.begin(`user-${attempt}@example.org`, home, now);
      if (gate.ok) allowedAt.push(now);
      else now += gate.retryAfterMs;
    }
    const gaps = allowedAt.slice(1).map((at, i) => at - allowedAt[i]!);
    expect(gaps).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 8000]);
  });

  it('a success clears the pair before a lock', () => {
    const throttle = failedAt([0, 1]);
    throttle.succeeded(anne, home);
    failedAt([2, 3], throttle);
    expect(throttle.begin(anne, home, 4).ok).toBe(true);
  });
});
