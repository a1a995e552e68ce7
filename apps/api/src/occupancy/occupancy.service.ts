// Holds one occupancy state per site and runs every event through the domain reducer; everything
// else (wall, MQTT summary, time series, persistence) listens to the changes it announces.
import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import {
  createOccupancyState,
  estimateSeats,
  findDesksWithoutEntry,
  findMembersWithoutDesk,
  listSeatChanges,
  occupancyConfig,
  reduceOccupancy,
  seatsBody,
  snapshotOccupancy,
  summarizeSeats,
  type DesksWithoutEntry,
  type MembersWithoutDesk,
  type OccupancyEvent,
  type OccupancyLayout,
  type OccupancyState,
  type SeatChange,
} from '#domain';
import type { SeatsSnapshot, ZoneSeats } from '#protocol';
import { Clock } from '../infra/clock.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { SitesService, type SitesChange } from '../sites/sites.service.js';
import type { Site } from '../sites/site.types.js';
import { previousClosing } from './closing-times.js';
import { OccupancySnapshotRepository } from './occupancy-snapshot.repository.js';

export interface OccupancyChange {
  site: string;
  previous: OccupancyState;
  next: OccupancyState;
  /**
   * Seats whose state changed, in layout order (empty when only headcounts or timestamps moved, and
   * for a site just created, whose `previous` is `next`).
   */
  seats: SeatChange[];
}

export type OccupancyListener = (change: OccupancyChange) => void;

export interface CrossChecks {
  desksWithoutEntry: DesksWithoutEntry;
  membersWithoutDesk: MembersWithoutDesk;
}

interface SiteOccupancy {
  state: OccupancyState;
  /** The last close of day applied (or known to be passed when the site started fresh). */
  closedAt: Date | null;
}

@Injectable()
export class OccupancyService implements OnModuleInit {
  private readonly logger = new Logger('Occupancy');
  private readonly sites = new Map<string, SiteOccupancy>();
  private readonly listeners: OccupancyListener[] = [];
  /** Another instance's sites whose snapshot is being read (currentSeats). */
  private readonly reading = new Map<string, Promise<SeatsSnapshot>>();
  /** Events that arrive before the states are restored wait here, so a retained status is not lost. */
  private early: Array<[string, OccupancyEvent]> | null = [];

  constructor(
    private readonly siteFiles: SitesService,
    private readonly snapshots: OccupancySnapshotRepository,
    private readonly clock: Clock,
    private readonly ownership: SiteOwnership,
  ) {}

  async onModuleInit(): Promise<void> {
    const now = this.clock.now();
    for (const site of this.siteFiles.list()) this.sites.set(site.id, await this.restore(site, now));
    this.siteFiles.useSeatsSource((siteId) => this.currentSeats(siteId));
    this.siteFiles.onChange((change) => this.follow(change));
    const early = this.early ?? [];
    this.early = null;
    for (const [site, event] of early) this.apply(site, event);
  }

  onChange(listener: OccupancyListener): void {
    this.listeners.push(listener);
  }

  siteIds(): string[] {
    return [...this.sites.keys()];
  }

  /** The site's state; a 404 naming it when the site is unknown. */
  state(siteId: string): OccupancyState {
    return this.site(siteId).state;
  }

  closedAt(siteId: string): Date | null {
    return this.site(siteId).closedAt;
  }

  /**
   * Runs one event; unknown sites are ignored (a device may be bound to a site since removed), and
   * so, in a cluster, are sites another instance owns (their state is that instance's to change).
   */
  apply(siteId: string, event: OccupancyEvent): void {
    if (this.early) {
      this.early.push([siteId, event]);
      return;
    }
    const site = this.sites.get(siteId);
    if (!site || !this.ownership.owns(siteId)) return;
    const previous = site.state;
    const next = reduceOccupancy(previous, event);
    if (event.type === 'close-of-day') site.closedAt = event.at;
    if (next === previous) return;
    site.state = next;
    this.announce({ site: siteId, previous, next, seats: listSeatChanges(previous, next) });
  }

  /** A granted badge at a door into `zone` (called by access control). */
  recordEntry(siteId: string, zone: string, memberId: string | undefined, at: Date): void {
    this.apply(siteId, { type: 'entry', zone, at, ...(memberId === undefined ? {} : { memberId }) });
  }

  /** Someone left `zone` (an exit reader, which may name the member, or a door-contact guess). */
  recordExit(siteId: string, zone: string, at: Date, memberId?: string): void {
    this.apply(siteId, { type: 'exit', zone, at, ...(memberId === undefined ? {} : { memberId }) });
  }

  /** The public seats body (contract §3) with the counts of each zone, as this instance holds it. */
  seats(siteId: string): SeatsSnapshot {
    return seatsOf(siteId, this.state(siteId));
  }

  /**
   * The seats as the site's owner has them. Alone, or owning the site, that is this instance's own
   * state (read in the caller's turn of the event loop). In a cluster, for another instance's site,
   * it is the owner's last snapshot in the database, saved at most SAVE_DELAY_MS after each change
   * (docs/scaling.md); reads asked for at the same time share one query. Never rejects for a known site.
   */
  currentSeats(siteId: string): Promise<SeatsSnapshot> {
    if (this.ownership.owns(siteId)) return Promise.resolve(this.seats(siteId));
    const site = this.siteFiles.get(siteId);
    let reading = this.reading.get(siteId);
    if (!reading) {
      reading = this.restore(site, this.clock.now(), false)
        .then(({ state }) => seatsOf(siteId, state))
        .catch((error: unknown) => {
          this.logger.warn(`Seats of "${siteId}" not read from its owner's snapshot, answering with this instance's older copy: ${error instanceof Error ? error.message : error}`);
          return this.seats(siteId);
        })
        .finally(() => this.reading.delete(siteId));
      this.reading.set(siteId, reading);
    }
    return reading;
  }

  crossChecks(siteId: string): CrossChecks {
    const state = this.state(siteId);
    return { desksWithoutEntry: findDesksWithoutEntry(state), membersWithoutDesk: findMembersWithoutDesk(state) };
  }

  /** Takes the site's state from its last snapshot again (a cluster instance taking the site over). */
  async reload(siteId: string): Promise<void> {
    const previous = this.sites.get(siteId);
    if (!previous) return;
    const restored = await this.restore(this.siteFiles.get(siteId), this.clock.now());
    this.sites.set(siteId, restored);
    this.announce({ site: siteId, previous: previous.state, next: restored.state, seats: listSeatChanges(previous.state, restored.state) });
  }

  /**
   * A site created, replaced or deleted through the API, without a restart: a new one starts from
   * its snapshot (or offline), a replaced one keeps what its remaining desks and zones were in.
   */
  private async follow(change: SitesChange): Promise<void> {
    const { site } = change;
    const current = this.sites.get(site.id);
    if (change.kind === 'removed') {
      this.sites.delete(site.id);
      return;
    }
    if (!current) {
      const restored = await this.restore(site, this.clock.now());
      this.sites.set(site.id, restored);
      // Nothing moved, but the site's first summary is due: its retained seats and its snapshot
      // waited for a desk change, and a wall or display subscribing meanwhile saw no site at all.
      this.announce({ site: site.id, previous: restored.state, next: restored.state, seats: [] });
      return;
    }
    const config = occupancyConfig(site.occupancy ?? {});
    const next = createOccupancyState(occupancyLayout(site), { at: this.clock.now(), config, restored: snapshotOccupancy(current.state) });
    const previous = current.state;
    current.state = next;
    this.announce({ site: site.id, previous, next, seats: listSeatChanges(previous, next) });
  }

  private site(siteId: string): SiteOccupancy {
    const site = this.sites.get(siteId);
    if (!site) throw new NotFoundException(`Site inconnu « ${siteId} »`);
    return site;
  }

  /**
   * The saved state, or all desks offline for a site never seen. A closing that passed while the
   * service was stopped is applied at its own time, so the day's desks do not carry into the next.
   */
  private async restore(site: Site, now: Date, log = true): Promise<SiteOccupancy> {
    const saved = await this.snapshots.load(site.id);
    const config = occupancyConfig(site.occupancy ?? {});
    const state = createOccupancyState(occupancyLayout(site), { at: now, config, ...(saved ? { restored: saved.snapshot } : {}) });
    const closing = previousClosing(now, site);
    if (!saved) return { state, closedAt: closing };
    if (closing && (!saved.closedAt || closing > saved.closedAt)) {
      if (log) this.logger.log(`Site "${site.id}": closing of ${closing.toISOString()} missed while stopped, applied now`);
      // Never before the save: a freed desk's `since` must not precede what was already shown.
      const at = new Date(Math.max(closing.getTime(), saved.savedAt.getTime()));
      return { state: reduceOccupancy(state, { type: 'close-of-day', at }), closedAt: at };
    }
    return { state, closedAt: saved.closedAt };
  }

  private announce(change: OccupancyChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(`An occupancy listener failed: ${error instanceof Error ? error.stack : error}`);
      }
    }
  }
}

/** What the reducer needs of a site: every zone in layout order, every desk. */
export function occupancyLayout(site: Site): OccupancyLayout {
  return {
    site: site.id,
    zones: site.zones.map((zone) => zone.id),
    desks: site.desks.map(({ id, label, zone, sensor }) => ({ id, label, zone, ...(sensor ? { sensor } : {}) })),
  };
}

function seatsOf(siteId: string, state: OccupancyState): SeatsSnapshot {
  const { desks, ...counts } = seatsBody(state);
  return { site: siteId, ...counts, desks: [...desks], zones: zoneSeats(state) };
}

/** Seat counts and headcount of every zone, in layout order. */
export function zoneSeats(state: OccupancyState): ZoneSeats[] {
  return [...state.zones.values()].map((zone) => {
    const estimate = estimateSeats(state, zone.id);
    const estimated = estimate ? { uncovered: estimate.uncovered, estimatedFree: estimate.estimatedFree } : {};
    return { id: zone.id, ...summarizeSeats(state, zone.id), headcount: zone.headcount, ...estimated };
  });
}
