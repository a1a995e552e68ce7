// Rule: a desk whose sensor falls silent past its heartbeat timeout goes offline on the next tick;
// a last will or an availability "offline" takes it offline at once. The next presence or online
// status brings it back.

import type { DeskOfflineEvent, DeskOnlineEvent } from './occupancy-event.js';
import { sensorTiming } from './occupancy-config.js';
import type { OccupancyState } from './occupancy-state.js';
import { currentDesk, enterState, heldState } from './desk-hold.js';
import { mapDesks, patchDesk, toIso, toMs, withDesks } from './occupancy-updates.js';

export function applyDeviceOffline(state: OccupancyState, event: DeskOfflineEvent): OccupancyState {
  const desk = currentDesk(state, event.desk, event.at);
  if (!desk) return state;
  return withDesks(state, [enterState(desk, 'offline', event.at.toISOString())]);
}

/**
 * A status "online" on a live desk only proves the sensor is alive. On an offline desk it cannot say
 * whether someone sits there: the desk comes back occupied while still within the hold of its last
 * presence (a short Wi-Fi drop does not flash the desk free), otherwise free; its next report decides.
 */
export function applyDeviceOnline(state: OccupancyState, event: DeskOnlineEvent): OccupancyState {
  const desk = currentDesk(state, event.desk, event.at);
  if (!desk) return state;
  const at = event.at.toISOString();
  if (desk.state !== 'offline') return withDesks(state, [patchDesk(desk, { lastSeenAt: at })]);
  // Whatever it reported before going away is stale, so the hold alone may keep the desk occupied.
  const heard = patchDesk(desk, { lastSeenAt: at, reportedOccupied: false });
  return withDesks(state, [enterState(heard, heldState(state, heard, event.at), at)]);
}

/** On a tick: takes offline every live desk whose sensor has been silent past its heartbeat timeout. */
export function takeSilentDesksOffline(state: OccupancyState, at: Date): OccupancyState {
  // An offline desk goes through too: enterState leaves it as it is.
  return mapDesks(state, (desk) => {
    // A restored desk may never have been heard by this process; its `since` is the best we know.
    const silentSince = toMs(desk.lastSeenAt ?? desk.since);
    const deadline = silentSince + sensorTiming(state.config, desk.sensor).heartbeatTimeoutMs;
    return at.getTime() >= deadline ? enterState(desk, 'offline', toIso(deadline)) : desk;
  });
}
