// A token bucket per device and lane at ingestion (issue 11, item 7): one device sending far more
// than any real one could (a stuck reader, a compromised one) has its excess dropped and counted
// before any decision or database write, so it cannot crowd out the other devices. The drops are
// summed per device and handed out once per summary period, for one audit row instead of thousands.

/** `live`: everything a device says as it happens. `upload`: a native reader's offline backlog. */
export type RateLane = 'live' | 'upload';

export interface DeviceRate {
  burst: number;
  perSecond: number;
  uploadBurst: number;
  uploadPerSecond: number;
}

/** What one device had dropped over a summary period. */
export interface FloodSummary {
  deviceId: string;
  dropped: number;
  /** The first drop of the period. */
  since: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class DeviceRateLimit {
  // Keyed by provisioned device (ids from the registry, never from the network): bounded by the fleet.
  private readonly buckets = new Map<string, Bucket>();
  private readonly drops = new Map<string, FloodSummary>();

  constructor(
    private readonly rate: DeviceRate,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token from the device's lane; false (and counted) when it has none left. */
  admit(deviceId: string, lane: RateLane = 'live'): boolean {
    const now = this.now();
    const [burst, perSecond] = lane === 'live' ? [this.rate.burst, this.rate.perSecond] : [this.rate.uploadBurst, this.rate.uploadPerSecond];
    const key = `${lane}\n${deviceId}`;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    const summary = this.drops.get(deviceId) ?? { deviceId, dropped: 0, since: now };
    summary.dropped++;
    this.drops.set(deviceId, summary);
    return false;
  }

  /** The devices that dropped messages since the last call, and how many; starts a new period. */
  takeSummaries(): FloodSummary[] {
    const summaries = [...this.drops.values()];
    this.drops.clear();
    return summaries;
  }

}
