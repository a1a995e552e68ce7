// The retained MQTT summary `cantine/{site}/seats` (contract §2), published on every change of the
// counts. A burst is throttled to one message per interval per site, and the last counts always go out.
// A deleted site's summary is cleared from the broker.
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { summarizeSeats, type SeatSummary } from '#domain';
import { encodeMessage, seatsTopic, TOPIC_DELIVERY } from '#protocol';
import { Clock } from '../infra/clock.js';
import { AppConfig } from '../infra/config/app-config.js';
import { BrokerService } from '../infra/mqtt/broker.service.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { SitesService, type SitesChange } from '../sites/sites.service.js';
import { OccupancyService } from './occupancy.service.js';

export const PUBLISH_INTERVAL_MS = 100;

@Injectable()
export class SeatsPublisher implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Occupancy');
  /** What each site's retained message says now (or is about to say). */
  private readonly published = new Map<string, SeatSummary>();
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly occupancy: OccupancyService,
    private readonly broker: BrokerService,
    private readonly config: AppConfig,
    private readonly ownership: SiteOwnership,
    private readonly clock: Clock,
    private readonly sites: SitesService,
  ) {}

  onModuleInit(): void {
    this.occupancy.onChange((change) => this.schedule(change.site));
    this.sites.onChange((change) => (change.kind === 'removed' ? this.clear(change) : undefined));
    this.ownership.onHandover({ listen: async (site) => this.taken(site) });
  }

  /** Every site's summary at start: a restart may have changed it, and a new installation has none. */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.occupancy.siteIds().map((site) => this.publish(site)));
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  /**
   * Cluster mode: a site just taken (failover or rebalance), its gate open. The retained message is
   * whatever the last owner left, which may not be the state restored here, so it is published
   * whatever this instance sent for the site when it held it before. The reload's own change is
   * not enough: its publication, due 100 ms later, was dropped when the take had not opened the gate
   * by then (the other restores of the take, or the takes before it in a failover's round).
   * Scheduled, not awaited: the takes behind this one wait for nothing.
   */
  private taken(site: string): void {
    this.published.delete(site);
    this.schedule(site);
  }

  private schedule(site: string): void {
    this.pending.add(site);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const sites = [...this.pending];
      this.pending.clear();
      for (const changed of sites) void this.publish(changed);
    }, PUBLISH_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Publishes unless the counts are what the retained message already says; never rejects. In a
   * cluster only the site's owner does: another instance's view of it may be stale.
   */
  private async publish(site: string): Promise<void> {
    // A site deleted since the change was scheduled has no state left to read: asking for it threw
    // inside this async function, and the rejection, dropped by the timer, ended the process.
    // The sites' own list first: occupancy may hear of a deletion after this publisher has cleared it.
    if (!this.ownership.owns(site) || !this.sites.has(site) || !this.occupancy.siteIds().includes(site)) {
      this.published.delete(site);
      return;
    }
    const counts = summarizeSeats(this.occupancy.state(site));
    if (sameCounts(this.published.get(site), counts)) return;
    this.published.set(site, counts);
    try {
      const payload = encodeMessage('seats', { ...counts, ts: this.clock.now().toISOString() });
      const { qos, retain } = TOPIC_DELIVERY.seats;
      await this.broker.publish(seatsTopic(site, this.config.mqtt.topicRoot), payload, { qos, retain });
    } catch (error) {
      // Forget what was sent so that the next change, or the next start, tries again.
      this.published.delete(site);
      this.logger.warn(`Publishing the seats of "${site}" failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  /**
   * A deleted site's retained summary would stay on the broker for good, handed to every new
   * subscriber. The instance the deletion went through clears it, once, with an empty retained
   * message [MQTT-3.3.1-10], before the DELETE is answered; the others only forget what they sent
   * (a site of the same id created later is published afresh). Its owner has nothing more to say:
   * a site with devices is not deleted.
   */
  private async clear(change: SitesChange): Promise<void> {
    const site = change.site.id;
    this.published.delete(site);
    if (change.origin !== 'local') return;
    try {
      const { qos, retain } = TOPIC_DELIVERY.seats;
      await this.broker.publish(seatsTopic(site, this.config.mqtt.topicRoot), '', { qos, retain });
    } catch (error) {
      this.logger.warn(`Clearing the retained seats of deleted site "${site}" failed: ${error instanceof Error ? error.message : error}`);
    }
  }
}

function sameCounts(a: SeatSummary | undefined, b: SeatSummary): boolean {
  return a !== undefined && a.free === b.free && a.occupied === b.occupied && a.offline === b.offline && a.total === b.total;
}
