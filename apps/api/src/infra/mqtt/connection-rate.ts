// New MQTT connections per remote address, as a token bucket: a device that reconnects in a loop
// (or someone guessing passwords) cannot make the broker spend its time on handshakes and hashes.

export interface ConnectionRate {
  /** Connections an address may open at once, e.g. after a power cut. */
  burst: number;
  /** Sustained connections per second per address. */
  perSecond: number;
}

export const DEFAULT_CONNECTION_RATE: ConnectionRate = { burst: 50, perSecond: 5 };

const maxTrackedAddresses = 10_000;

export class ConnectionRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private rate: ConnectionRate = DEFAULT_CONNECTION_RATE,
    private readonly now: () => number = Date.now,
  ) {}

  configure(rate: ConnectionRate): void {
    this.rate = rate;
    this.buckets.clear();
  }

  /** Takes a token for `address`; false when it has none left. */
  admit(address: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(address) ?? { tokens: this.rate.burst, at: now };
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond);
    bucket.at = now;
    if (this.buckets.size >= maxTrackedAddresses) this.forgetRefilled(now);
    this.buckets.set(address, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Addresses whose bucket is full again carry no information: dropping them bounds memory. */
  private forgetRefilled(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond >= this.rate.burst) this.buckets.delete(address);
    }
  }
}
