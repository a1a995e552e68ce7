// Cross-check for the manager: members who badged into a desk zone today while no desk there is in
// use. They may have left without an exit, sit where no sensor is, or a sensor may be offline.

import type { MemberBadgeIn, OccupancyState } from './occupancy-state.js';

export interface MembersWithoutDesk {
  readonly memberCount: number;
  /** Each member's latest badge-in, in the order they were first seen today. */
  readonly members: readonly MemberBadgeIn[];
}

/**
 * Only zones with desks are checked: a member whose last badge-in was the hall or the event room
 * is not expected at a desk. A member counts where they badged in last.
 */
export function findMembersWithoutDesk(state: OccupancyState): MembersWithoutDesk {
  const deskZones = new Set<string>();
  const zonesInUse = new Set<string>();
  for (const desk of state.desks.values()) {
    deskZones.add(desk.zone);
    if (desk.state === 'occupied') zonesInUse.add(desk.zone);
  }
  const members = [...state.members.values()].filter(
    (badgeIn) => deskZones.has(badgeIn.zone) && !zonesInUse.has(badgeIn.zone),
  );
  return { memberCount: members.length, members };
}
