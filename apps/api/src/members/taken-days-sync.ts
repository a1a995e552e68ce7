// Cluster mode (docs/scaling.md): the days other instances took from passes reach this one's
// in-memory directory, so a site taken over does not let a day pass, or a carnet credit, be used
// again. Read from pass_use when a site is taken (before its gate opens) and every few seconds.
// A day already known is skipped (MemberDirectory.applyTake), so reading some twice is harmless.
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SiteOwnership } from '../infra/site-ownership.js';
import { MemberDirectory } from './member-directory.js';
import { MembersRepository } from './members.repository.js';

export const SYNC_EVERY_MS = 5_000;
/** Read back this far before the last read: a day is written just after its badge was decided. */
const OVERLAP_MS = 60_000;

@Injectable()
export class TakenDaysSync implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Members');
  /** Start of the last read that succeeded; the directory was loaded whole before this provider started. */
  private readFrom = Date.now();
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;

  constructor(
    private readonly ownership: SiteOwnership,
    private readonly repository: MembersRepository,
    private readonly directory: MemberDirectory,
  ) {}

  onModuleInit(): void {
    if (!this.ownership.clustered) return;
    this.ownership.onHandover({ restore: async () => void (await this.sync()) });
    this.timer = setInterval(() => void this.sync().catch((error: unknown) => this.logger.warn(`Reading days taken elsewhere failed: ${String(error)}`)), SYNC_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Applies the days taken since the last read; resolves with how many were new here. */
  sync(): Promise<number> {
    this.running ??= this.read().finally(() => (this.running = null));
    return this.running;
  }

  private async read(): Promise<number> {
    const started = Date.now();
    const takes = await this.repository.takesSince(new Date(this.readFrom - OVERLAP_MS));
    const applied = takes.filter((take) => this.directory.applyTake(take)).length;
    this.readFrom = started;
    return applied;
  }
}
