// What the wall screen shows: seat counts for the site and per zone, and the list of seats.
// No personal data ever leaves through here (contract §3 `GET /api/sites/{site}/seats`, §5 `/wall`).

import { DeskTable } from './desk-table.js';
import type { DeskState, OccupancyState } from './occupancy-state.js';
import { isUncovered } from './seat-estimate.js';

export interface SeatSummary {
  readonly free: number;
  readonly occupied: number;
  readonly offline: number;
  readonly total: number;
}

export interface Seat {
  readonly id: string;
  readonly label: string;
  readonly zone: string;
  readonly state: DeskState;
  /** UTC ISO-8601. */
  readonly since: string;
  /** Only while no sensor has ever spoken for it (seat-estimate.ts). */
  readonly uncovered?: true;
}

/** The body of `GET /api/sites/{site}/seats` and of the `/wall` `seats` event. */
export interface SeatsBody extends SeatSummary {
  readonly desks: readonly Seat[];
}

export function listSeats(state: OccupancyState): Seat[] {
  return [...state.desks.values()].map((desk) => ({
    id: desk.id,
    label: desk.label,
    zone: desk.zone,
    state: desk.state,
    since: desk.since,
    ...(isUncovered(desk) ? { uncovered: true as const } : {}),
  }));
}

/**
 * Counts of any seats, for all or for one zone: the service counts its state's desks, and a wall
 * counts the seats it keeps up to date from socket events, with the same rule.
 */
export function countSeats(seats: Iterable<{ readonly zone: string; readonly state: DeskState }>, zone?: string): SeatSummary {
  const counts = { free: 0, occupied: 0, offline: 0, total: 0 };
  for (const seat of seats) {
    if (zone !== undefined && seat.zone !== zone) continue;
    counts[seat.state] += 1;
    counts.total += 1;
  }
  return counts;
}

/** Counts for the whole site, or for one zone when `zone` is given (zero everywhere if it has no desks). */
export function summarizeSeats(state: OccupancyState, zone?: string): SeatSummary {
  // The service's states keep these counts up to date; other maps (tests, tools) are counted.
  if (state.desks instanceof DeskTable) {
    const { free, occupied, offline } = state.desks.tallyOf(zone);
    return { free, occupied, offline, total: free + occupied + offline };
  }
  return countSeats(state.desks.values(), zone);
}

/** Counts per zone that has desks, in layout order; zones without desks (the hall) have no seats. */
export function summarizeSeatsByZone(state: OccupancyState): Map<string, SeatSummary> {
  const zones = new Set([...state.desks.values()].map((desk) => desk.zone));
  return new Map([...zones].map((zone) => [zone, summarizeSeats(state, zone)]));
}

export function seatsBody(state: OccupancyState): SeatsBody {
  return { ...summarizeSeats(state), desks: listSeats(state) };
}
