// Slows password guessing: after `maxFailures` wrong logins for one email, or from one address,
// within `windowMs`, further attempts are refused for `lockMs` (even with the right password).
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const defaultLoginThrottle: LoginThrottleOptions = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

interface Record {
  failures: number[];
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly records = new Map<string, Record>();

  constructor(private readonly options: LoginThrottleOptions = defaultLoginThrottle) {}

  /** Milliseconds until the next attempt is allowed; 0 when it may go ahead. */
  retryAfterMs(keys: string[], now: number): number {
    return Math.max(0, ...keys.map((key) => (this.records.get(key)?.lockedUntil ?? 0) - now));
  }

  recordFailure(keys: string[], now: number): void {
    for (const key of keys) {
      const record = this.records.get(key) ?? { failures: [], lockedUntil: 0 };
      record.failures = [...record.failures.filter((at) => now - at < this.options.windowMs), now];
      if (record.failures.length >= this.options.maxFailures) {
        record.lockedUntil = now + this.options.lockMs;
        record.failures = [];
      }
      this.records.set(key, record);
    }
    this.forgetOld(now);
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.records.delete(key);
  }

  // Bounded memory: records with no recent failure and no lock are dropped.
  private forgetOld(now: number): void {
    if (this.records.size < 10_000) return;
    for (const [key, record] of this.records) {
      const recent = record.failures.some((at) => now - at < this.options.windowMs);
      if (!recent && record.lockedUntil <= now) this.records.delete(key);
    }
  }
}
