// What a run measured: badges sent, decisions by outcome and reason, timeouts, and latency
// percentiles. Shared by every scenario and by the benchmark harness.

export type BadgeOutcome =
  /** A native decision, or a firmware command that opens the door. */
  | { result: 'granted'; reason: string; latencyMs: number }
  /** A native denial: only the native protocol can say no with a reason. */
  | { result: 'denied'; reason: string; latencyMs: number }
  /** Native reader, no decision in 2 s: "denied, service unreachable" (contract section 2). */
  | { result: 'timeout' }
  /** esp-rfid / Tasmota, no command in 2 s: these firmwares receive grants only, so silence is a denial or an outage. */
  | { result: 'no-command' }
  /** Native, service silent: decided from the signed allow-list and queued for upload. */
  | { result: 'offline'; granted: boolean };

/** Nearest-rank percentile of an ascending list; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export class LatencyStats {
  private readonly samples: number[] = [];
  private sorted = true;

  add(ms: number): void {
    if (this.samples.length > 0 && ms < (this.samples.at(-1) as number)) this.sorted = false;
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number | undefined {
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    return percentile(this.samples, p);
  }

  summary(): { count: number; p50Ms?: number; p99Ms?: number; maxMs?: number } {
    const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 1000) / 1000);
    return { count: this.count, p50Ms: round(this.percentile(50)), p99Ms: round(this.percentile(99)), maxMs: round(this.percentile(100)) };
  }
}

export interface RunSummary {
  badgesSent: number;
  granted: Record<string, number>;
  denied: Record<string, number>;
  timeouts: number;
  noCommand: number;
  sensorMessages: number;
  /** Native readers' offline decisions from their allow-lists. */
  offline: { granted: number; denied: number };
  /** Decisions native readers refused (docs/reader-firmware.md). */
  refusedDecisions: RefusedDecisions;
  latency: { count: number; p50Ms?: number; p99Ms?: number; maxMs?: number };
  durationS: number;
}

/** Decisions a native reader refused (docs/reader-firmware.md). */
export interface RefusedDecisions {
  /** Past `exp` (plus the clock tolerance). */
  stale: number;
  /** Unsigned, or a signature that does not match. */
  forged: number;
  /** A seq not pending: never sent, given up on after 2 s, or already answered. */
  replayed: number;
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

export class RunStats {
  badgesSent = 0;
  sensorMessages = 0;
  timeouts = 0;
  noCommand = 0;
  readonly offline = { granted: 0, denied: 0 };
  readonly latency = new LatencyStats();
  private readonly granted = new Map<string, number>();
  private readonly denied = new Map<string, number>();
  private readonly startedAt = performance.now();

  record(outcome: BadgeOutcome): void {
    if (outcome.result === 'timeout') this.timeouts++;
    else if (outcome.result === 'no-command') this.noCommand++;
    else if (outcome.result === 'offline') this.offline[outcome.granted ? 'granted' : 'denied']++;
    else {
      bump(outcome.result === 'granted' ? this.granted : this.denied, outcome.reason);
      this.latency.add(outcome.latencyMs);
    }
  }

  /** `refused`: the fleet's native readers' counts (Fleet.refusedDecisions). */
  summary(refused: RefusedDecisions = { stale: 0, forged: 0, replayed: 0 }): RunSummary {
    return {
      badgesSent: this.badgesSent,
      granted: Object.fromEntries(this.granted),
      denied: Object.fromEntries(this.denied),
      timeouts: this.timeouts,
      noCommand: this.noCommand,
      sensorMessages: this.sensorMessages,
      offline: { ...this.offline },
      refusedDecisions: { ...refused },
      latency: this.latency.summary(),
      durationS: Math.round((performance.now() - this.startedAt) / 100) / 10,
    };
  }
}
