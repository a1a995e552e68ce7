// Rule: a desk stays occupied for the hold (`releaseAfterMs` of its sensor type) after its last
// presence=true, because a PIR sensor misses people sitting still. A presence=false only frees the
// desk once the hold has run out since that last true; before that, the release waits for a tick.

import type { DeskPresenceEvent } from './occupancy-event.js';
import { sensorTiming } from './occupancy-config.js';
import type { DeskOccupancy, DeskState, OccupancyState } from './occupancy-state.js';
import { mapDesks, patchDesk, toIso, toMs, withDesks } from './occupancy-updates.js';

export function applyDeskPresence(state: OccupancyState, event: DeskPresenceEvent): OccupancyState {
  const found = currentDesk(state, event.desk, event.at);
  if (!found) return state;
  // The device bound to the desk knows its own kind better than the site file (a radar swapped in).
  const desk = event.sensor === undefined || event.sensor === found.sensor ? found : { ...found, sensor: event.sensor };
  const at = event.at.toISOString();
  const heard = patchDesk(desk, {
    lastSeenAt: at,
    reportedOccupied: event.occupied,
    ...(event.occupied ? { lastPresentAt: at } : {}),
  });
  // An empty report never occupies a free desk; from occupied or offline it keeps what the hold says.
  const next: DeskState = event.occupied ? 'occupied' : desk.state === 'free' ? 'free' : heldState(state, heard, event.at);
  return withDesks(state, [enterState(heard, next, at)]);
}

/** On a tick: frees every desk whose sensor says empty and whose hold has run out. */
export function releaseHeldDesks(state: OccupancyState, at: Date): OccupancyState {
  return mapDesks(state, (desk) => {
    if (desk.state !== 'occupied' || desk.reportedOccupied) return desk;
    const releaseAt = releaseTime(state, desk);
    if (releaseAt === undefined) return enterState(desk, 'free', at.toISOString());
    // `since` is when the hold ran out, not the tick, so the tick period never shifts what the wall shows.
    return at.getTime() >= releaseAt ? enterState(desk, 'free', toIso(Math.max(releaseAt, toMs(desk.since)))) : desk;
  });
}

/** `occupied` while the desk is within its hold at `at`, else `free`. */
export function heldState(state: OccupancyState, desk: DeskOccupancy, at: Date): DeskState {
  const releaseAt = releaseTime(state, desk);
  return releaseAt !== undefined && at.getTime() < releaseAt ? 'occupied' : 'free';
}

/**
 * The desk as the reducer should see it for an event at `at`: undefined for an unknown desk, or
 * for a message older than the last one heard from its sensor (a late redelivery must not undo a newer report).
 */
export function currentDesk(state: OccupancyState, id: string, at: Date): DeskOccupancy | undefined {
  const desk = state.desks.get(id);
  if (!desk) return undefined;
  return desk.lastSeenAt !== undefined && at.getTime() < toMs(desk.lastSeenAt) ? undefined : desk;
}

/** The desk in `next` since `since`, or unchanged (and its old `since` kept) if already there. */
export function enterState(desk: DeskOccupancy, next: DeskState, since: string): DeskOccupancy {
  return desk.state === next ? desk : patchDesk(desk, { state: next, since });
}

function releaseTime(state: OccupancyState, desk: DeskOccupancy): number | undefined {
  if (desk.lastPresentAt === undefined) return undefined;
  return toMs(desk.lastPresentAt) + sensorTiming(state.config, desk.sensor).releaseAfterMs;
}
