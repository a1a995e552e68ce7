// Rule: desks no sensor covers are estimated from the zone's headcount instead of shown as unknown.
// A desk is uncovered while no sensor has ever spoken for it (no presence, no status): a site that
// has not fitted its sensors yet, or a new desk. A sensor that spoke and went silent is different:
// that desk is "offline", since its last word may be stale. People in the zone who are not at a
// sensed occupied desk are taken to sit at uncovered desks, as many as there are.

import { DeskTable } from './desk-table.js';
import type { DeskOccupancy, OccupancyState } from './occupancy-state.js';

export interface SeatEstimate {
  /** Desks of the zone that no sensor covers. */
  readonly uncovered: number;
  /** Of those, how many the headcount suggests are taken. */
  readonly estimatedOccupied: number;
  /** The zone's free seats: the sensed free ones plus the uncovered ones the headcount leaves. */
  readonly estimatedFree: number;
}

export function isUncovered(desk: DeskOccupancy): boolean {
  return desk.state === 'offline' && desk.lastSeenAt === undefined;
}

/** The zone's estimate, or null when every desk of it has a sensor that spoke (nothing to estimate). */
export function estimateSeats(state: OccupancyState, zone: string): SeatEstimate | null {
  const { uncovered, free, occupied } = state.desks instanceof DeskTable ? state.desks.tallyOf(zone) : tally(state, zone);
  if (uncovered === 0) return null;
  const headcount = state.zones.get(zone)?.headcount ?? 0;
  const estimatedOccupied = Math.min(uncovered, Math.max(0, headcount - occupied));
  return { uncovered, estimatedOccupied, estimatedFree: free + uncovered - estimatedOccupied };
}

function tally(state: OccupancyState, zone: string): { uncovered: number; free: number; occupied: number } {
  const counts = { uncovered: 0, free: 0, occupied: 0 };
  for (const desk of state.desks.values()) {
    if (desk.zone !== zone) continue;
    if (isUncovered(desk)) counts.uncovered += 1;
    else if (desk.state === 'free') counts.free += 1;
    else if (desk.state === 'occupied') counts.occupied += 1;
  }
  return counts;
}
