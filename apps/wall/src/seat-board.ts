// What the screen knows: the seats of the site, kept up to date by the socket's events.
import { countSeats } from '../../../libs/domain/src/occupancy/seat-summary.js';
import type { Seat, SeatCounts, SeatsSnapshot, SeatUpdate, ZoneSeats } from '../../../libs/protocol/src/wall-events.js';

export class SeatBoard {
  readonly seats = new Map<string, Seat>();
  private zones = new Map<string, ZoneSeats>();

  reset(snapshot: SeatsSnapshot): void {
    this.seats.clear();
    for (const seat of snapshot.desks) this.seats.set(seat.id, { ...seat });
    this.setZones(snapshot.zones);
  }

  /** Applies a change; false for a desk the screen does not know (then it waits for the next snapshot). */
  update(change: SeatUpdate): boolean {
    const seat = this.seats.get(change.id);
    if (!seat) return false;
    seat.state = change.state;
    seat.since = change.since;
    // A sensor that spoke covers its desk from now on.
    if (change.state !== 'offline') delete seat.uncovered;
    return true;
  }

  setZones(zones: readonly ZoneSeats[]): void {
    this.zones = new Map(zones.map((zone) => [zone.id, zone]));
  }

  headcount(zone: string): number {
    return this.zones.get(zone)?.headcount ?? 0;
  }

  /** Whether some desks have no sensor yet: their free seats are then an estimate. */
  estimated(zone?: string): boolean {
    return [...this.seats.values()].some((seat) => seat.uncovered && seat.state === 'offline' && (zone === undefined || seat.zone === zone));
  }

  /** Free seats counting uncovered desks from the server's estimate (zones), sensed desks live. */
  free(zone?: string): number {
    const zoneIds = zone === undefined ? new Set([...this.seats.values()].map((seat) => seat.zone)) : new Set([zone]);
    let free = 0;
    for (const id of zoneIds) {
      const estimate = this.zones.get(id)?.estimatedFree;
      free += this.estimated(id) && estimate !== undefined ? estimate : this.counts(id).free;
    }
    return free;
  }

  /** Counts over the site, or one zone (libs/domain's rule); computed here so every seat event updates them at once. */
  counts(zone?: string): SeatCounts {
    return countSeats(this.seats.values(), zone);
  }
}
