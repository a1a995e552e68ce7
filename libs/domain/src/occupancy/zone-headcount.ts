// Rule: a zone's headcount goes up with each badge granted at a door into it and down with each
// exit, never below zero, and never below the number of its occupied desks (see `withZones`).

import type { OccupancyEntryEvent, OccupancyExitEvent } from './occupancy-event.js';
import type { MemberBadgeIn, OccupancyState } from './occupancy-state.js';
import { patchZone, withZones } from './occupancy-updates.js';

export function applyEntry(state: OccupancyState, event: OccupancyEntryEvent): OccupancyState {
  const zone = state.zones.get(event.zone);
  if (!zone) return state;
  const next = withZones(state, [patchZone(zone, { counted: zone.counted + 1, entriesToday: zone.entriesToday + 1 })]);
  if (event.memberId === undefined) return next;
  // Only the latest badge-in is kept: it tells the manager which zone the member went to last.
  const badgeIn: MemberBadgeIn = { memberId: event.memberId, zone: zone.id, at: event.at.toISOString() };
  return { ...next, members: new Map(next.members).set(badgeIn.memberId, badgeIn) };
}

/** Exit readers and door-contact guesses both miss and double-count; zero is the floor, not an error. */
export function applyExit(state: OccupancyState, event: OccupancyExitEvent): OccupancyState {
  const zone = state.zones.get(event.zone);
  if (!zone) return state;
  return withZones(state, [patchZone(zone, { counted: Math.max(0, zone.counted - 1) })]);
}
