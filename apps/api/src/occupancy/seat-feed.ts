// What the wall screens of a site receive after the first snapshot: seat changes, coalesced over a
// short interval so that a storm of sensor messages sends each desk once, with its latest state,
// and the zone counts whenever they moved. Every screen of a site gets the same batch.
//
// Leading edge: a change that finds the feed idle goes out at once (on the next turn of the event
// loop, so changes of the same turn still share a batch); only changes that come within the
// interval after a batch wait for its end. A lone desk change reaches the screens in a few
// milliseconds instead of always waiting out the interval, and a burst still costs one batch per
// interval.
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { coalesceSeatChanges, type SeatChange } from '#domain';
import type { SeatUpdate, ZoneSeats } from '#protocol';
import { OccupancyService, zoneSeats } from './occupancy.service.js';

/** Under a human's notice on a screen, yet long enough to fold a burst into one batch. */
export const FLUSH_INTERVAL_MS = 100;

const clock = () => performance.now();

export interface SeatBatch {
  site: string;
  seats: SeatUpdate[];
  /** Present only when some zone's counts differ from the last batch. */
  zones?: ZoneSeats[];
}

export type SeatBatchListener = (batch: SeatBatch) => void;

@Injectable()
export class SeatFeed implements OnModuleInit, OnModuleDestroy {
  private readonly queues = new Map<string, SeatChange[]>();
  private readonly lastZones = new Map<string, string>();
  private readonly listeners: SeatBatchListener[] = [];
  private timer?: NodeJS.Timeout;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly occupancy: OccupancyService) {}

  onModuleInit(): void {
    for (const site of this.occupancy.siteIds()) this.lastZones.set(site, JSON.stringify(zoneSeats(this.occupancy.state(site))));
    this.occupancy.onChange((change) => {
      // Only a sensor's heartbeat (no seat changed, zones untouched, same objects): nothing to show.
      if (change.seats.length === 0 && change.previous.zones === change.next.zones) return;
      this.enqueue(change.site, change.seats);
    });
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  subscribe(listener: SeatBatchListener): void {
    this.listeners.push(listener);
  }

  /** Sends what waits now; the timer calls it, tests may too. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlushAt = clock();
    const queues = [...this.queues];
    this.queues.clear();
    const known = new Set(this.occupancy.siteIds());
    for (const [site, queue] of queues) {
      // A site deleted since its change was queued has no state to read (it threw from this timer
      // and ended the process): its screens are told by the deletion itself.
      if (!known.has(site)) {
        this.lastZones.delete(site);
        continue;
      }
      this.send(this.batch(site, queue));
    }
  }

  private enqueue(site: string, changes: readonly SeatChange[]): void {
    // A change without seat changes (a headcount) still queues the site: its zone counts may have moved.
    const queue = this.queues.get(site) ?? [];
    queue.push(...changes);
    this.queues.set(site, queue);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + FLUSH_INTERVAL_MS - clock()));
    this.timer.unref();
  }

  private batch(site: string, queue: readonly SeatChange[]): SeatBatch {
    const seats = coalesceSeatChanges(queue).map(({ id, state, since }) => ({ id, state, since }));
    const zones = zoneSeats(this.occupancy.state(site));
    const text = JSON.stringify(zones);
    if (text === this.lastZones.get(site)) return { site, seats };
    this.lastZones.set(site, text);
    return { site, seats, zones };
  }

  private send(batch: SeatBatch): void {
    if (batch.seats.length === 0 && !batch.zones) return;
    for (const listener of this.listeners) listener(batch);
  }
}
