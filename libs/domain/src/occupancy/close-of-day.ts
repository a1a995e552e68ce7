// Rule: after closing, the day is over. Headcounts and today's badge-ins go back to zero and
// occupied desks are freed, since nobody should be counted overnight; an offline desk stays offline
// (its sensor is still silent), but forgets its last presence so it cannot come back occupied tomorrow.

import type { CloseOfDayEvent } from './occupancy-event.js';
import type { OccupancyState } from './occupancy-state.js';
import { enterState } from './desk-hold.js';
import { mapDesks, patchDesk, patchZone, withZones } from './occupancy-updates.js';

export function applyCloseOfDay(state: OccupancyState, event: CloseOfDayEvent): OccupancyState {
  const at = event.at.toISOString();
  const freed = mapDesks(state, (desk) => {
    const forgotten = patchDesk(desk, { reportedOccupied: false, lastPresentAt: undefined });
    return desk.state === 'occupied' ? enterState(forgotten, 'free', at) : forgotten;
  });
  const reset = withZones(
    freed,
    [...freed.zones.values()].map((zone) => patchZone(zone, { counted: 0, entriesToday: 0 })),
  );
  return reset.members.size === 0 && reset.present.size === 0 ? reset : { ...reset, members: new Map(), present: new Map() };
}
