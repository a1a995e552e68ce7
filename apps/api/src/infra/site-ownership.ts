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

interface Waiting {
  at: number;
  handle: () => void;
}

/**
 * How long a device event may wait for its site's lease to be confirmed: past the lease's own life
 * (cluster/cluster.service.ts LEASE_TTL_MS) another instance may have had the site meanwhile, and a
 * reader gave up on its answer long before (contract §2: 2 s).
 */
export const HOLD_MAX_MS = 3_000;
/** Per site: a flood while the lease is unconfirmed must not grow memory without bound. */
export const HOLD_MAX_EVENTS = 10_000;

@Injectable()
export class SiteOwnership {
  private readonly logger = new Logger('Cluster');
  readonly clustered: boolean;
  private readonly held = new Map<string, Held>();
  private readonly handovers: SiteHandover[] = [];
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly overflowing = new Set<string>();
  private taking = 0;
  private readonly afterTaking: Array<() => void> = [];

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
   * Whether the site is held here (always alone), whatever its lease's time left says: for work
   * only one instance should do, where a late duplicate is harmless (the offline allow-lists).
   */
  holds(site: string): boolean {
    return !this.clustered || this.held.has(site);
  }

  /**
   * The fencing number the site's writes carry: the one it was taken with, until the lease loop
   * learns it was lost, whatever the local clock says (PostgreSQL judges those writes). Undefined:
   * not taken here (and always in the one-process default).
   */
  fenceOf(site: string): number | undefined {
    return this.held.get(site)?.fence;
  }

  /**
   * For a device event of a site this process holds but whose lease it cannot vouch for right now
   * (this process stalled past a renewal, or PostgreSQL answered late): `handle` runs once the next
   * renewal confirms the lease, and is dropped if the site is lost or the wait outlives HOLD_MAX_MS.
   * Dropping it at once lost every message a stall of 1.5 to 3 s let pile up in the socket: a desk
   * stayed free on the wall, a badge went unanswered. A site held elsewhere (or nowhere): dropped.
   */
  afterRenewal(site: string, handle: () => void): void {
    if (this.owns(site)) return handle();
    if (!this.held.has(site)) return;
    const now = performance.now();
    let queue = this.waiting.get(site) ?? [];
    // Full: what can no longer be handled goes first (PostgreSQL away for long, renewals failing).
    if (queue.length >= HOLD_MAX_EVENTS) queue = queue.filter((event) => now - event.at <= HOLD_MAX_MS);
    if (queue.length >= HOLD_MAX_EVENTS) {
      // Once per wait, not once per message of a flood.
      if (!this.overflowing.has(site)) this.logger.warn(`Site "${site}": ${HOLD_MAX_EVENTS} device events already wait for its lease to be confirmed; newer ones are dropped`);
      this.overflowing.add(site);
      return;
    }
    queue.push({ at: now, handle });
    this.waiting.set(site, queue);
  }

  /** Runs a lease round's takes; what waits for them (afterTakes) runs once they are all done. */
  async takingRound(takes: () => Promise<void>): Promise<void> {
    this.taking++;
    try {
      await takes();
    } finally {
      if (--this.taking === 0) for (const run of this.afterTaking.splice(0)) run();
    }
  }

  /**
   * `run` now, or once the lease round taking sites has taken them all. Work a take starts must not
   * slow the takes behind it: building each taken site's allow-lists between the takes of a failover
   * made its last site of 100 wait 5.6 s instead of 3.6 s (bench --cluster, 2 instances).
   */
  afterTakes(run: () => void): void {
    if (this.taking === 0) return run();
    this.afterTaking.push(run);
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
    if (!held) return;
    held.validUntil = validUntil;
    if (this.owns(site)) this.release(site);
  }

  /** Runs what waited for the site's lease, in arrival order, past what waited too long. */
  private release(site: string): void {
    const queue = this.waiting.get(site);
    if (!queue) return;
    this.waiting.delete(site);
    this.overflowing.delete(site);
    const now = performance.now();
    const fresh = queue.filter((event) => now - event.at <= HOLD_MAX_MS);
    const stalled = Math.round(now - queue[0]!.at);
    this.logger.warn(`Site "${site}": ${fresh.length} device event(s) waited ${stalled} ms for the lease to be confirmed, handled now${fresh.length < queue.length ? `; ${queue.length - fresh.length} older than ${HOLD_MAX_MS} ms dropped` : ''}`);
    for (const event of fresh) {
      try {
        event.handle();
      } catch (error) {
        this.logger.error(`Site "${site}": a held device event failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  }

  /** Closes the site's gate, then stops listening (and saves, unless `lost`). Never rejects. */
  async give(site: string, lost: boolean): Promise<void> {
    const held = this.held.get(site);
    if (!held) return;
    this.held.delete(site);
    const dropped = this.waiting.get(site)?.length ?? 0;
    this.waiting.delete(site);
    this.overflowing.delete(site);
    if (dropped > 0) this.logger.warn(`Site "${site}" handed over: ${dropped} device event(s) that waited for its lease dropped`);
    for (const handover of this.handovers) {
      try {
        await handover.stop?.(site, lost ? null : held.fence);
      } catch (error) {
        this.logger.error(`Handing over site "${site}" failed in part: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}
