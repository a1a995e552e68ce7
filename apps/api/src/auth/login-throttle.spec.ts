import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const minute = 60_000;
const keys = ['email:anne@example.org', 'ip:10.0.0.1'];

function throttleAfter(failuresAt: number[]) {
  const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 10 * minute, lockMs: 15 * minute });
  for (const at of failuresAt) throttle.recordFailure(keys, at);
  return throttle;
}

describe('login throttle', () => {
  it.each([
    ['no failure', [], 0, 0],
    ['two failures: still allowed', [0, minute], 2 * minute, 0],
    ['three failures: locked for 15 minutes', [0, minute, 2 * minute], 2 * minute, 15 * minute],
    ['lock runs out', [0, minute, 2 * minute], 17 * minute, 0],
    ['failures spread past the window do not lock', [0, 11 * minute, 22 * minute], 22 * minute, 0],
  ])('%s', (_case, failures, now, expected) => {
    expect(throttleAfter(failures).retryAfterMs(keys, now)).toBe(expected);
  });

  it('locks by address too, whatever email is tried', () => {
    const throttle = throttleAfter([0, 1, 2]);
    expect(throttle.retryAfterMs(['email:other@example.org', 'ip:10.0.0.1'], 3)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs(['email:other@example.org', 'ip:10.0.0.2'], 3)).toBe(0);
  });

  it('a success clears the failures before a lock', () => {
    const throttle = throttleAfter([0, 1]);
    throttle.recordSuccess(keys);
    throttle.recordFailure(keys, 2);
    expect(throttle.retryAfterMs(keys, 3)).toBe(0);
  });
});
