// The lease loop of docs/scaling.md: once a second, heartbeat, renew what is held, then take or
// hand over sites by the balance rule of libs/domain. One round at a time; a failed round is
// logged and the next one tries again (held sites stop being decided when their lease may lapse).
import { performance } from 'node:perf_hooks';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { planSiteBalance } from '#domain';
import { AppConfig } from '../infra/config/app-config.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { SitesService } from '../sites/sites.service.js';
import { ClusterLeases } from './cluster-leases.js';

export const LEASE_TTL_MS = 3_000;
export const RENEW_EVERY_MS = 1_000;
/** Taken off the lease on this side: the time a renewal's answer may take to come back, and clock rate drift. */
const SAFETY_MS = 500;
/** A site free this long is claimed even by an instance at its share. */
const CLAIM_AFTER_MS = 2 * RENEW_EVERY_MS;

@Injectable()
export class ClusterService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  private readonly leases: ClusterLeases;
  private readonly me: string;
  private timer?: NodeJS.Timeout;
  private orphanTimer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private round: Promise<void> = Promise.resolve();
  private failing = false;
  private stopped = false;

  constructor(
    config: AppConfig,
    private readonly ownership: SiteOwnership,
    private readonly sites: SitesService,
  ) {
    this.me = config.cluster!.instanceId;
    this.leases = new ClusterLeases(config.databaseUrl!, this.me, LEASE_TTL_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.logger.log(`Instance ${this.me} joins the cluster`);
    // A site created or deleted (here or, read back, elsewhere) is shared out now, not at the next round.
    this.sites.onChange(() => void this.tick());
    await this.tick();
    this.timer = setInterval(() => void this.tick(), RENEW_EVERY_MS);
  }

  /** Hands every site over (last snapshot saved, lease freed) so the others take them at once. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.orphanTimer);
    await this.round;
    for (const site of this.ownership.sites()) await this.handOver(site);
    await this.leases.leave().catch(() => undefined);
    await this.leases.close();
  }

  /**
   * One round at a time. Asked for during a round, one more follows it, however many times it was
   * asked: on a loaded machine rounds slower than a second must not pile up behind each other.
   */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.round;
    }
    this.running = true;
    this.round = (async () => {
      do {
        this.again = false;
        if (!this.stopped) await this.balance().catch((error: unknown) => this.failed(error));
      } while (this.again && !this.stopped);
      this.running = false;
    })();
    return this.round;
  }

  private failed(error: unknown): void {
    if (!this.failing) this.logger.error(`Lease round failed, retrying every ${RENEW_EVERY_MS} ms: ${error instanceof Error ? error.message : error}`);
    this.failing = true;
  }

  private async balance(): Promise<void> {
    const instances = await this.leases.heartbeat();
    await this.renew();
    const siteIds = this.sites.list().map((site) => site.id);
    for (const site of this.ownership.sites().filter((held) => !siteIds.includes(held))) await this.drop(site);
    const leases = await this.leases.leases(siteIds);
    const plan = planSiteBalance({ me: this.me, instances, sites: siteIds, leases, claimAfterMs: CLAIM_AFTER_MS });
    for (const site of plan.release) await this.handOver(site);
    await this.ownership.takingRound(async () => {
      for (const site of plan.acquire) await this.take(site);
    });
    // A live owner renews every second, so its lease has more than TTL - 1 s left: less, it missed a renewal.
    const missedRenewal = (expiresInMs = 0) => expiresInMs < LEASE_TTL_MS - RENEW_EVERY_MS;
    this.watchOrphans(leases.filter((lease) => lease.live && lease.owner !== this.me && missedRenewal(lease.expiresInMs)));
    if (this.failing) this.logger.log('Lease rounds work again');
    this.failing = false;
  }

  /**
   * Leases whose owner stopped renewing run out between two rounds: one more round right then,
   * instead of up to a second later, takes a dead owner's sites about 3 s after it died.
   */
  private watchOrphans(orphans: Array<{ expiresInMs?: number }>): void {
    if (orphans.length === 0 || this.orphanTimer) return;
    const wait = Math.min(...orphans.map((lease) => lease.expiresInMs ?? RENEW_EVERY_MS)) + 20;
    if (wait >= RENEW_EVERY_MS) return;
    this.orphanTimer = setTimeout(() => {
      this.orphanTimer = undefined;
      void this.tick();
    }, wait);
  }

  /** Sites the database no longer gives this instance (under this fence) are dropped at once. */
  private async renew(): Promise<void> {
    const sent = performance.now();
    const renewed = await this.leases.renew();
    for (const site of this.ownership.sites()) {
      if (renewed.get(site) === this.ownership.fenceOf(site)) this.ownership.extend(site, sent + LEASE_TTL_MS - SAFETY_MS);
      else {
        this.logger.warn(`Lost site "${site}" (fence ${this.ownership.fenceOf(site)}): a newer owner holds it`);
        await this.ownership.give(site, true);
      }
    }
  }

  private async take(site: string): Promise<void> {
    const sent = performance.now();
    const fence = await this.leases.acquire(site);
    if (fence === null) return;
    try {
      await this.ownership.take(site, fence, sent + LEASE_TTL_MS - SAFETY_MS);
    } catch (error) {
      this.logger.error(`Taking site "${site}" failed, handing it back: ${error instanceof Error ? error.message : error}`);
      await this.ownership.give(site, false);
      await this.leases.release(site, fence);
      return;
    }
    this.logger.log(`Took site "${site}" (fence ${fence}) in ${Math.round(performance.now() - sent)} ms`);
  }

  /** A site deleted: nothing of it to save (its snapshot went with it); its topics and lease are let go. */
  private async drop(site: string): Promise<void> {
    const fence = this.ownership.fenceOf(site);
    if (fence === undefined) return;
    await this.ownership.give(site, true);
    await this.leases.release(site, fence);
    this.logger.log(`Released site "${site}" (fence ${fence}): it was deleted`);
  }

  private async handOver(site: string): Promise<void> {
    const fence = this.ownership.fenceOf(site);
    if (fence === undefined) return;
    await this.ownership.give(site, false);
    await this.leases.release(site, fence);
    this.logger.log(`Handed site "${site}" over (fence ${fence})`);
  }
}
