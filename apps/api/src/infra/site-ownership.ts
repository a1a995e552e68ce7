// Which sites this process handles the device events of (docs/scaling.md). In the one-process
// default it handles every site and nothing here costs more than a boolean test. In cluster mode
// the lease loop (cluster/) grants and takes back sites; the features hook in to restore a site's
// state before its gate opens, subscribe to its topics, and save and unsubscribe when it goes.
import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';

export interface SiteHandover {
  /** The site is being taken, its gate still closed: bring its state up to date. */
  restore?(site: string): Promise<void>;
  /** The gate is open: start hearing the site. */
  listen?(site: string): Promise<void>;
  /** The gate is closed: stop hearing it. `fence`: still ours (a clean hand-over), null when lost. */
  stop?(site: string, fence: number | null): Promise<void>;
}

interface Held {
  fence: number;
  /** performance.now() past which the lease may have run out: the site is no longer decided. */
  validUntil: number;
}

@Injectable()
export class SiteOwnership {
  private readonly logger = new Logger('Cluster');
  readonly clustered: boolean;
  private readonly held = new Map<string, Held>();
  private readonly handovers: SiteHandover[] = [];

  constructor(config: AppConfig) {
    this.clustered = config.cluster !== undefined;
  }

  /** Whether to act on the site's device events now: always alone; in a cluster, while its lease surely holds. */
  owns(site: string): boolean {
    if (!this.clustered) return true;
    const held = this.held.get(site);
    return held !== undefined && performance.now() < held.validUntil;
  }

  /**
   * The fencing number the site's writes carry: the one it was taken with, until the lease loop
   * learns it was lost, whatever the local clock says (PostgreSQL judges those writes). Undefined:
   * not taken here (and always in the one-process default).
   */
  fenceOf(site: string): number | undefined {
    return this.held.get(site)?.fence;
  }

  sites(): string[] {
    return [...this.held.keys()];
  }

  onHandover(handover: SiteHandover): void {
    this.handovers.push(handover);
  }

  /** Restores the site, opens its gate, then listens to it. */
  async take(site: string, fence: number, validUntil: number): Promise<void> {
    for (const handover of this.handovers) await handover.restore?.(site);
    this.held.set(site, { fence, validUntil });
    for (const handover of this.handovers) await handover.listen?.(site);
  }

  /** The lease was renewed: valid until then on this process's monotonic clock. */
  extend(site: string, validUntil: number): void {
    const held = this.held.get(site);
    if (held) held.validUntil = validUntil;
  }

  /** Closes the site's gate, then stops listening (and saves, unless `lost`). Never rejects. */
  async give(site: string, lost: boolean): Promise<void> {
    const held = this.held.get(site);
    if (!held) return;
    this.held.delete(site);
    for (const handover of this.handovers) {
      try {
        await handover.stop?.(site, lost ? null : held.fence);
      } catch (error) {
        this.logger.error(`Handing over site "${site}" failed in part: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}
