// What the screen knows: the seats of the site, kept up to date by the socket's events.
import type { Seat, SeatCounts, SeatsSnapshot, SeatUpdate, ZoneSeats } from '../../../libs/protocol/src/wall-events.js';

export class SeatBoard {
  readonly seats = new Map<string, Seat>();
  private headcounts = new Map<string, number>();

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
    return true;
  }

  setZones(zones: readonly ZoneSeats[]): void {
    this.headcounts = new Map(zones.map((zone) => [zone.id, zone.headcount]));
  }

  headcount(zone: string): number {
    return this.headcounts.get(zone) ?? 0;
  }

  /** Counts over the site, or one zone; computed here so every seat event updates them at once. */
  counts(zone?: string): SeatCounts {
    const counts = { free: 0, occupied: 0, offline: 0, total: 0 };
    for (const seat of this.seats.values()) {
      if (zone !== undefined && seat.zone !== zone) continue;
      counts[seat.state] += 1;
      counts.total += 1;
    }
    return counts;
  }
}
