// The audit log's writer, off the decision path: entries are buffered in memory, written in
// batches (at once when a day was taken), and while the database is down kept in the on-disk
// queue, replayed when it is back. One drain runs at a time, so the queue keeps its order.
import path from 'node:path';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../infra/config/app-config.js';
import { HealthService } from '../infra/health/health.service.js';
import { MemberDirectory } from '../members/member-directory.js';
import { AccessEventsRepository } from './access-events.repository.js';
import { AccessSettings } from './access-settings.js';
import type { AccessEntry } from './access.types.js';
import { AuditQueue } from './audit-queue.js';

export interface AuditStats {
  /** In memory, not yet written. */
  pending: number;
  /** In the on-disk queue, waiting for the database. */
  queued: number;
  /** Refused by the full on-disk queue since start. */
  dropped: number;
  /** Written to the database since start. */
  written: number;
}

@Injectable()
export class AuditLog implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditLog');
  private readonly queue: AuditQueue;
  private buffer: AccessEntry[] = [];
  private draining: Promise<void> | null = null;
  private timer?: NodeJS.Timeout;
  private nextReplayAt = 0;
  private outage = false;
  private written = 0;

  constructor(
    private readonly repository: AccessEventsRepository,
    private readonly settings: AccessSettings,
    private readonly directory: MemberDirectory,
    config: AppConfig,
    health: HealthService,
  ) {
    // Read at each append, like the other settings, so a test can shrink the bound at run time.
    this.queue = new AuditQueue(path.join(config.dataDir, 'access-log-queue.jsonl'), {
      get maxEntries() {
        return settings.queueMaxEntries;
      },
      get maxBytes() {
        return settings.queueMaxBytes;
      },
    });
    health.addDetails(() => {
      const stats = this.stats;
      return { accessLogPending: stats.pending, accessLogQueued: stats.queued, accessLogDropped: stats.dropped };
    });
  }

  /**
   * Days taken while the database was down live only in the queue until replayed: the in-memory
   * view gets them first, so a restart during an outage never lets a day be taken twice.
   */
  async onModuleInit(): Promise<void> {
    for (const entry of this.queue.readAll()) if (entry.take) this.directory.applyTake(entry.take);
    if (this.queue.size > 0) this.logger.warn(`${this.queue.size} audit entries queued on disk from a previous run, replaying`);
    await this.flush();
    this.timer = setInterval(() => void this.flush(), this.settings.flushIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.nextReplayAt = 0;
    await this.flush();
  }

  get stats(): AuditStats {
    return { pending: this.buffer.length, queued: this.queue.size, dropped: this.queue.dropped, written: this.written };
  }

  record(entry: AccessEntry): void {
    this.buffer.push(entry);
    if (entry.take || this.buffer.length >= this.settings.flushBatch) void this.flush();
  }

  /** Writes (or queues) everything recorded so far; never rejects. */
  flush(): Promise<void> {
    this.draining ??= this.drain()
      .catch((error: unknown) => this.logger.error(`Audit log flush failed: ${error instanceof Error ? error.stack : error}`))
      .finally(() => (this.draining = null));
    return this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.queue.size > 0 && !(await this.replay())) return this.spill();
      if (this.buffer.length === 0) return;
      const batch = this.buffer.splice(0, this.settings.flushBatch);
      if (!(await this.write(batch))) {
        this.buffer.unshift(...batch);
        return this.spill();
      }
    }
  }

  /** Replays the on-disk queue; false while the database is still down (retried every replayIntervalMs). */
  private async replay(): Promise<boolean> {
    if (Date.now() < this.nextReplayAt) return false;
    const entries = this.queue.readAll();
    for (let i = 0; i < entries.length; i += this.settings.flushBatch) {
      if (!(await this.write(entries.slice(i, i + this.settings.flushBatch)))) return false;
    }
    await this.queue.clear();
    this.logger.log(`Database back: ${entries.length} queued audit entries written`);
    return true;
  }

  private async spill(): Promise<void> {
    const batch = this.buffer.splice(0);
    if (batch.length === 0) return;
    const dropped = await this.queue.append(batch);
    if (dropped > 0) {
      this.logger.error(`Audit queue full (${this.queue.size} entries in ${this.queue.file}): ${dropped} entries dropped, ${this.queue.dropped} since start`);
    }
  }

  private async write(batch: readonly AccessEntry[]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.settings.writeTimeoutMs} ms`)), this.settings.writeTimeoutMs);
    });
    try {
      await Promise.race([this.repository.write(batch), timeout]);
      this.written += batch.length;
      if (this.outage) this.logger.log('Audit log: database reachable again');
      this.outage = false;
      return true;
    } catch (error) {
      this.nextReplayAt = Date.now() + this.settings.replayIntervalMs;
      if (!this.outage) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(`Audit log: database unavailable (${reason}); entries wait in ${this.queue.file}`);
      }
      this.outage = true;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
