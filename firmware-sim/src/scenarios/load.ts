// `load`: R badges/s and S sensor messages/s for a duration, spread round robin over the fleet's
// readers and desk sensors. Exported for the benchmark harness (bench/), which opens the fleet
// first so connecting is not part of what it measures.
import type { Fleet } from '../fleet.js';
import { createRandom } from '../random.js';
import type { BadgeResult } from '../readers.js';
import { silentReporter, type Reporter } from '../reporter.js';
import { RunStats, type RunSummary } from '../stats.js';

export interface LoadOptions {
  fleet: Fleet;
  /** Badge UIDs to present, picked at random (members' badges; unknown UIDs are fine too). */
  uids: readonly string[];
  badgesPerSecond: number;
  sensorsPerSecond: number;
  durationS: number;
  seed?: number | string;
  reporter?: Reporter;
  signal?: AbortSignal;
  /** Every answered (or timed-out) badge, for a harness that keeps its own records. */
  onBadge?: (result: BadgeResult) => void;
}

const TICK_MS = 5;

/** How many of `rate`/s are due after `elapsedMs`, minus those already sent. */
export function dueNow(rate: number, elapsedMs: number, sent: number): number {
  return Math.max(0, Math.floor((rate * elapsedMs) / 1000) - sent);
}

class LoadRun {
  readonly stats = new RunStats();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly random;
  private readerTurn = 0;
  private sensorTurn = 0;

  constructor(private readonly options: LoadOptions) {
    this.random = createRandom(options.seed ?? 1).fork('load');
  }

  badge(): void {
    const readers = this.options.fleet.readers.filter((reader) => reader.connected);
    const reader = readers[this.readerTurn++ % Math.max(1, readers.length)];
    if (reader === undefined || this.options.uids.length === 0) return;
    this.stats.badgesSent++;
    const work = reader.badge(this.random.pick(this.options.uids)).then((result) => {
      this.stats.record(result.outcome);
      this.options.onBadge?.(result);
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  sensor(): void {
    const sensors = this.options.fleet.deskSensors;
    const sensor = sensors[this.sensorTurn++ % Math.max(1, sensors.length)];
    if (sensor === undefined) return;
    this.stats.sensorMessages++;
    sensor.setOccupied(!sensor.occupied).catch(() => undefined);
  }

  progress(elapsedS: number): void {
    const summary = this.stats.summary();
    const answered = summary.latency.count;
    const p99 = summary.latency.p99Ms === undefined ? '–' : `${summary.latency.p99Ms.toFixed(2)} ms`;
    this.options.reporter?.event(undefined, 'progress', `${elapsedS} s: ${summary.badgesSent} badges (${answered} answered, p99 ${p99}), ${summary.sensorMessages} sensor messages`);
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/** Runs the load and returns what it measured. Badges still waiting at the end get their 2 s. */
export async function runLoad(options: LoadOptions): Promise<RunSummary> {
  const run = new LoadRun({ ...options, reporter: options.reporter ?? silentReporter });
  const started = performance.now();
  const endMs = options.durationS * 1000;
  let badges = 0;
  let sensors = 0;
  let lastReport = 0;
  while (!(options.signal?.aborted ?? false)) {
    const elapsed = performance.now() - started;
    if (elapsed >= endMs) break;
    for (let due = dueNow(options.badgesPerSecond, elapsed, badges); due > 0; due--, badges++) run.badge();
    for (let due = dueNow(options.sensorsPerSecond, elapsed, sensors); due > 0; due--, sensors++) run.sensor();
    if (elapsed - lastReport >= 1000) {
      lastReport = elapsed;
      run.progress(Math.round(elapsed / 1000));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await run.settle();
  return run.stats.summary(options.fleet.refusedDecisions());
}
