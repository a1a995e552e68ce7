// Sits between the hot paths (MQTT handlers) and the store: callers hand points over and move on;
// points go out in batches, wait out a store outage in memory (bounded, oldest dropped first) and
// are retried with exponential backoff. Retrying is safe: rewriting a point is idempotent on both engines.
import { pointProblem } from './point-validation.js';
import { type TimePoint, TimeSeriesRejectedError, type TimeSeriesStore } from './time-series-store.js';
import type { TimeSeriesSpool } from './time-series-spool.js';

export interface BufferedWriterOptions {
  /** Write as soon as this many points wait. Default 500. */
  batchSize?: number;
  /** Write what waits at least this often. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Points kept in memory at most (plus one batch being written); past it the oldest are dropped. Default 100,000. */
  maxPending?: number;
  /** First wait after a failed write, doubled on each further failure. Default 500 ms. */
  retryInitialMs?: number;
  /** Longest wait between retries. Default 30 s. */
  retryMaxMs?: number;
  /** How long close() keeps retrying before dropping what is left. Default 5 s. */
  closeTimeoutMs?: number;
  /** Told of each failed write (for logging); its own errors are ignored. */
  onError?: (error: Error) => void;
  /**
   * Where points wait on disk during a store outage. With it, points past `memoryLimit` and those
   * still unwritten at close() go to disk instead of being dropped, and are written first later.
   */
  spool?: TimeSeriesSpool;
  /** Points kept in memory before spilling to the spool. Default 10,000. */
  memoryLimit?: number;
  /** Told when the spool's bound deletes old points. */
  onSpoolDrop?: (points: number) => void;
}

export interface BufferedWriterStats {
  /** Points the store accepted. */
  written: number;
  /** Points waiting, in memory and on disk, including a batch being written. */
  pending: number;
  /** Of those, points waiting on disk. */
  spooled: number;
  /** Points lost to the memory bound, to close() giving up, or written after close(). */
  dropped: number;
  /** Points refused as invalid (here or by the store); retrying them would not help. */
  rejected: number;
  /** Failed write attempts. */
  failures: number;
  lastError: string | null;
}

export class BufferedTimeSeriesWriter {
  private readonly batchSize: number;
  private readonly maxPending: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly closeTimeoutMs: number;
  private readonly onError: ((error: Error) => void) | undefined;
  private readonly spool: TimeSeriesSpool | undefined;
  private readonly memoryLimit: number;
  private readonly onSpoolDrop: ((points: number) => void) | undefined;
  private queue: TimePoint[] = [];
  private inFlight = 0;
  private draining: Promise<void> | null = null;
  private retryDelayMs = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly interval: NodeJS.Timeout;
  private closed = false;
  private readonly counters = { written: 0, dropped: 0, rejected: 0, failures: 0 };
  private lastError: string | null = null;

  constructor(
    private readonly store: TimeSeriesStore,
    options: BufferedWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxPending = options.maxPending ?? 100_000;
    this.retryInitialMs = options.retryInitialMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    this.onError = options.onError;
    this.spool = options.spool;
    this.memoryLimit = options.memoryLimit ?? 10_000;
    this.onSpoolDrop = options.onSpoolDrop;
    if (!(this.batchSize >= 1 && this.maxPending >= this.batchSize)) {
      throw new RangeError('BufferedTimeSeriesWriter needs 1 <= batchSize <= maxPending');
    }
    this.interval = setInterval(() => this.kick(true), options.flushIntervalMs ?? 1_000);
    this.interval.unref();
  }

  get stats(): BufferedWriterStats {
    const spooled = this.spool?.size ?? 0;
    const dropped = this.counters.dropped + (this.spool?.dropped ?? 0);
    return { ...this.counters, dropped, pending: this.queue.length + this.inFlight + spooled, spooled, lastError: this.lastError };
  }

  /** Queues points; never throws. Invalid points are counted as rejected. */
  write(points: TimePoint | readonly TimePoint[]): void {
    const list: readonly TimePoint[] = Array.isArray(points) ? points : [points as TimePoint];
    if (this.closed) {
      this.counters.dropped += list.length;
      return;
    }
    for (const point of list) {
      const problem = pointProblem(point);
      if (problem) {
        this.counters.rejected += 1;
        this.lastError = problem;
      } else {
        this.queue.push(point);
      }
    }
    this.enforceBound();
    if (this.queue.length >= this.batchSize) this.kick(false);
  }

  /** Writes everything waiting now, backoff or not. Resolves true when nothing is left; never rejects. */
  async flush(): Promise<boolean> {
    if (this.draining) await this.draining;
    if (this.queue.length > 0 || this.spool?.size) await this.drain(true);
    return this.queue.length === 0 && this.inFlight === 0 && !this.spool?.size;
  }

  /** Stops the timers and flushes, retrying up to closeTimeoutMs; what still fails is dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.interval);
    this.clearRetry();
    const deadline = Date.now() + this.closeTimeoutMs;
    while (!(await this.flush())) {
      const wait = Math.min(this.retryDelayMs, deadline - Date.now());
      if (wait <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    // Still unwritten: kept on disk for the next start when there is a spool, else lost.
    if (this.spool && this.queue.length > 0) this.spill(this.queue.length);
    this.counters.dropped += this.queue.length;
    this.queue = [];
  }

  /** Starts a drain unless one runs or a retry is scheduled. */
  private kick(all: boolean): void {
    if (this.draining || this.retryTimer || (this.queue.length === 0 && !this.spool?.size)) return;
    void this.drain(all);
  }

  /** Writes full batches, and with `all` the last partial one too. One drain at a time. */
  private drain(all: boolean): Promise<void> {
    this.draining ??= this.drainBatches(all).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainBatches(all: boolean): Promise<void> {
    if (!(await this.drainSpool())) return;
    while (this.queue.length >= (all ? 1 : this.batchSize)) {
      const batch = this.queue.splice(0, this.batchSize);
      this.inFlight = batch.length;
      try {
        await this.store.write(batch);
        this.counters.written += batch.length;
        this.retryDelayMs = 0;
        this.clearRetry();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.recordFailure(failure);
        if (failure instanceof TimeSeriesRejectedError) {
          this.counters.rejected += batch.length;
          continue;
        }
        this.queue.unshift(...batch);
        this.scheduleRetry();
        return;
      } finally {
        this.inFlight = 0;
        this.enforceBound();
      }
    }
  }

  /** Writes spooled segments, oldest first, before anything in memory. False when the store failed. */
  private async drainSpool(): Promise<boolean> {
    for (let points = this.spool?.oldest(); points; points = this.spool?.oldest()) {
      try {
        for (let start = 0; start < points.length; start += this.batchSize) {
          await this.store.write(points.slice(start, start + this.batchSize));
        }
        // Rewriting a point is idempotent on both engines, so a crash mid-segment only repeats writes.
        this.counters.written += points.length;
        this.spool!.removeOldest();
        this.retryDelayMs = 0;
      } catch (error) {
        this.recordFailure(error instanceof Error ? error : new Error(String(error)));
        this.scheduleRetry();
        return false;
      }
    }
    return true;
  }

  /** Moves the `count` oldest points in memory to the spool. */
  private spill(count: number): void {
    try {
      const dropped = this.spool!.append(this.queue.splice(0, count));
      if (dropped > 0) this.onSpoolDrop?.(dropped);
    } catch (error) {
      this.recordFailure(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private recordFailure(error: Error): void {
    this.counters.failures += 1;
    this.lastError = error.message;
    try {
      this.onError?.(error);
    } catch {
      // A logging failure must not stop the writer.
    }
  }

  private scheduleRetry(): void {
    this.retryDelayMs = this.retryDelayMs === 0 ? this.retryInitialMs : Math.min(this.retryDelayMs * 2, this.retryMaxMs);
    this.clearRetry();
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick(true);
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * Drops the oldest waiting points past maxPending. A batch being written is not counted until
   * its write fails and it returns to the head of the queue, so that the oldest points are the
   * ones dropped: pending may exceed maxPending by one batch meanwhile.
   */
  private enforceBound(): void {
    // During an outage (a retry is pending), memory past its limit goes to disk rather than away.
    if (this.spool && this.retryTimer && this.queue.length > this.memoryLimit) this.spill(this.queue.length - this.memoryLimit);
    const excess = this.queue.length - this.maxPending;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.counters.dropped += excess;
  }
}
