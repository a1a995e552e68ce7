// A token bucket per client address (docs/security.md, "HTTP edge"): `perMinute` requests at once,
// refilled at `perMinute` a minute. Used by RouteGuard on public routes, tighter on login.
export class AddressRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  /** 0 when the request may go ahead (and is counted); otherwise milliseconds until it may. */
  take(address: string, now: number): number {
    const bucket = this.buckets.get(address) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    this.buckets.set(address, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 60_000) / this.perMinute);
  }

  // Bounded memory: an address whose bucket has refilled is as good as new.
  private forgetFull(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000 >= this.perMinute) this.buckets.delete(address);
    }
  }
}
