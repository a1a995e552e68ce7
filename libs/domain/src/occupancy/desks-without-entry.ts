// Cross-check for the manager: desks in use in a zone nobody badged into today. Either someone
// tailgated, a door reader is down, or a desk sensor is lying; the manager goes and looks.

import type { OccupancyState } from './occupancy-state.js';

export interface ZoneWithoutEntry {
  readonly zone: string;
  /** Ids of the occupied desks, in layout order. */
  readonly desks: readonly string[];
}

export interface DesksWithoutEntry {
  /** Occupied desks over all the zones listed. */
  readonly deskCount: number;
  readonly zones: readonly ZoneWithoutEntry[];
}

/** "Today" is since the last close of day, which resets the entries the check relies on. */
export function findDesksWithoutEntry(state: OccupancyState): DesksWithoutEntry {
  const occupiedByZone = new Map<string, string[]>();
  for (const desk of state.desks.values()) {
    if (desk.state !== 'occupied') continue;
    occupiedByZone.set(desk.zone, [...(occupiedByZone.get(desk.zone) ?? []), desk.id]);
  }
  const zones: ZoneWithoutEntry[] = [];
  for (const [zone, desks] of occupiedByZone) {
    if ((state.zones.get(zone)?.entriesToday ?? 0) === 0) zones.push({ zone, desks });
  }
  return { deskCount: zones.reduce((sum, zone) => sum + zone.desks.length, 0), zones };
}
