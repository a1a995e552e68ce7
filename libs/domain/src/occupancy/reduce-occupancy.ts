// The occupancy reducer of one site: `(state, event) => state`. It never mutates `state` and hands
// it back untouched (same object) when the event changes nothing, so callers can skip persisting
// and broadcasting with a plain `next === state`.

import { applyCloseOfDay } from './close-of-day.js';
import { applyDeviceOffline, applyDeviceOnline, takeSilentDesksOffline } from './desk-heartbeat.js';
import { applyDeskPresence, releaseHeldDesks } from './desk-hold.js';
import type { OccupancyEvent } from './occupancy-event.js';
import type { OccupancyState } from './occupancy-state.js';
import { applyEntry, applyExit, takeOutSilentMembers } from './zone-headcount.js';

export function reduceOccupancy(state: OccupancyState, event: OccupancyEvent): OccupancyState {
  // An invalid Date would poison every later comparison; dropping the event is the only safe answer.
  if (Number.isNaN(event.at.getTime())) return state;
  switch (event.type) {
    case 'presence':
      return applyDeskPresence(state, event);
    case 'device-offline':
      return applyDeviceOffline(state, event);
    case 'device-online':
      return applyDeviceOnline(state, event);
    case 'entry':
      return applyEntry(state, event);
    case 'exit':
      return applyExit(state, event);
    case 'tick':
      // Heartbeat last: a silent sensor cannot vouch for a desk, so offline wins over a due release.
      return takeOutSilentMembers(takeSilentDesksOffline(releaseHeldDesks(state, event.at), event.at), event.at);
    case 'close-of-day':
      return applyCloseOfDay(state, event);
  }
}

/** Folds a sequence of events, e.g. to replay a day or to catch up after a restore. */
export function reduceOccupancyEvents(state: OccupancyState, events: Iterable<OccupancyEvent>): OccupancyState {
  let current = state;
  for (const event of events) current = reduceOccupancy(current, event);
  return current;
}
