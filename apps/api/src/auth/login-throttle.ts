// Slows password guessing without letting an outsider lock an account out (docs/security.md).
// - Per account *and* address: after `maxFailures` attempts within `windowMs` that did not succeed,
//   that pair is refused for `lockMs`. The same account from another address is not affected.
// - Per address: past `freeAttempts` within the window, each attempt waits twice as long as the
//   one before (1 s, 2 s, 4 s… up to `maxDelayMs`), whatever account it tries.
// An attempt is counted when it *begins*, before the password is compared, so concurrent guesses
// share one counter: a burst of 300 gets `maxFailures` comparisons, not 300.
export interface LoginThrottleOptions {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultLoginThrottle: LoginThrottleOptions = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  freeAttempts: 10,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
};

export type LoginGate = { ok: true } | { ok: false; retryAfterMs: number };

interface PairRecord {
  attempts: number[];
  lockedUntil: number;
}

interface AddressRecord {
  attempts: number[];
  nextAt: number;
}

export class LoginThrottle {
  private readonly pairs = new Map<string, PairRecord>();
  private readonly addresses = new Map<string, AddressRecord>();

  constructor(private readonly options: LoginThrottleOptions = defaultLoginThrottle) {}

  /** Synchronous on purpose: checks and counts the attempt with no await in between. */
  begin(account: string, address: string, now: number): LoginGate {
    const pair = this.recent(this.pairs, `${account.toLowerCase()}\u0000${address}`, now, { attempts: [], lockedUntil: 0 });
    const from = this.recent(this.addresses, address, now, { attempts: [], nextAt: 0 });
    if (pair.lockedUntil <= now && pair.attempts.length >= this.options.maxFailures) {
      pair.lockedUntil = now + this.options.lockMs;
      pair.attempts = [];
    }
    const retryAfterMs = Math.max(pair.lockedUntil - now, from.nextAt - now, 0);
    if (retryAfterMs > 0) return { ok: false, retryAfterMs };
    pair.attempts.push(now);
    from.attempts.push(now);
    const extra = from.attempts.length - this.options.freeAttempts;
    if (extra > 0) from.nextAt = now + Math.min(this.options.baseDelayMs * 2 ** (extra - 1), this.options.maxDelayMs);
    this.forgetOld(now);
    return { ok: true };
  }

  /** The right password: the pair starts afresh and the address gets its attempt back. */
  succeeded(account: string, address: string): void {
    this.pairs.delete(`${account.toLowerCase()}\u0000${address}`);
    this.addresses.get(address)?.attempts.pop();
  }

  private recent<R extends { attempts: number[] }>(map: Map<string, R>, key: string, now: number, empty: R): R {
    const record = map.get(key) ?? empty;
    record.attempts = record.attempts.filter((at) => now - at < this.options.windowMs);
    map.set(key, record);
    return record;
  }

  // Bounded memory: records with no recent attempt and no wait are dropped.
  private forgetOld(now: number): void {
    if (this.pairs.size + this.addresses.size < 20_000) return;
    const attemptedLately = (attempts: number[]) => attempts.some((at) => now - at < this.options.windowMs);
    for (const [key, record] of this.pairs) if (!attemptedLately(record.attempts) && record.lockedUntil <= now) this.pairs.delete(key);
    for (const [key, record] of this.addresses) if (!attemptedLately(record.attempts) && record.nextAt <= now) this.addresses.delete(key);
  }
}
