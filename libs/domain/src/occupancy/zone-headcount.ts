// Rule: a zone's headcount counts people, not door passages (docs/occupancy.md, "Who is present").
// - A member is in one zone at a time: a badge-in moves them from the zone they were in (an
//   attendee badging at the entrance, then at the event room, is one person in the event room);
//   badging again into the zone they are in counts nobody new.
// - A badge-in without a member (a door opened for a visitor) counts one more person.
// - An exit takes one person out: the member it names, else the member who came into that zone
//   earliest, else an anonymous person. An exit reader, a door-contact guess alike. An exit naming
//   a member who is not in takes out only someone not known by name (door-passage.ts says which
//   passages are exits).
// - A member not seen for PRESENCE_TIMEOUT_MS is taken out on the next tick; the close of day
//   takes everyone out (close-of-day.ts).
// Never below zero, and never below the zone's occupied desks (see `withZones`).

import type { OccupancyEntryEvent, OccupancyExitEvent } from './occupancy-event.js';
import type { MemberBadgeIn, OccupancyState, ZoneOccupancy } from './occupancy-state.js';
import { patchZone, toMs, withZones } from './occupancy-updates.js';

/** Longer than any working day, shorter than the night after an evening event. */
export const PRESENCE_TIMEOUT_MS = 12 * 3600_000;

export function applyEntry(state: OccupancyState, event: OccupancyEntryEvent): OccupancyState {
  const zone = state.zones.get(event.zone);
  if (!zone) return state;
  const previous = event.memberId === undefined ? undefined : state.present.get(event.memberId);
  const already = previous?.zone === zone.id;
  const changes = [patchZone(zone, { counted: zone.counted + (already ? 0 : 1), entriesToday: zone.entriesToday + 1 })];
  const left = previous && !already ? state.zones.get(previous.zone) : undefined;
  if (left) changes.push(oneLess(left));
  const next = withZones(state, changes);
  if (event.memberId === undefined) return next;
  // `members` keeps the latest badge-in today for the manager's cross-checks; `present` is who is where now.
  const badgeIn: MemberBadgeIn = { memberId: event.memberId, zone: zone.id, at: event.at.toISOString() };
  return {
    ...next,
    members: new Map(next.members).set(badgeIn.memberId, badgeIn),
    present: new Map(next.present).set(badgeIn.memberId, badgeIn),
  };
}

/** Exit readers and door-contact guesses both miss and double-count; zero is the floor, not an error. */
export function applyExit(state: OccupancyState, event: OccupancyExitEvent): OccupancyState {
  const named = event.memberId === undefined ? undefined : state.present.get(event.memberId);
  // A named member who is not in: only someone uncounted by name may be them (they came in on a
  // visitor's opening), never another member (leaving twice must not take out a colleague).
  if (event.memberId !== undefined && !named) return anonymousOut(state, event.zone);
  const leaving = named ?? earliestIn(state, event.zone);
  const zone = state.zones.get(leaving?.zone ?? event.zone);
  if (!zone) return state;
  const next = withZones(state, [oneLess(zone)]);
  return leaving ? withoutMembers(next, [leaving.memberId]) : next;
}

/** Members not seen for the timeout are taken out of their zone. */
export function takeOutSilentMembers(state: OccupancyState, at: Date): OccupancyState {
  const expired = [...state.present.values()].filter((badgeIn) => toMs(badgeIn.at) + PRESENCE_TIMEOUT_MS <= at.getTime());
  if (expired.length === 0) return state;
  const zones = new Map<string, ZoneOccupancy>();
  for (const { zone: id } of expired) {
    const zone = zones.get(id) ?? state.zones.get(id);
    if (zone) zones.set(id, oneLess(zone));
  }
  return withoutMembers(withZones(state, [...zones.values()]), expired.map((badgeIn) => badgeIn.memberId));
}

/** One person out of `zoneId` if it holds more people than its members known by name. */
function anonymousOut(state: OccupancyState, zoneId: string): OccupancyState {
  const zone = state.zones.get(zoneId);
  if (!zone) return state;
  const named = [...state.present.values()].filter((badgeIn) => badgeIn.zone === zoneId).length;
  return zone.counted > named ? withZones(state, [oneLess(zone)]) : state;
}

function oneLess(zone: ZoneOccupancy): ZoneOccupancy {
  return patchZone(zone, { counted: Math.max(0, zone.counted - 1) });
}

function earliestIn(state: OccupancyState, zone: string): MemberBadgeIn | undefined {
  let earliest: MemberBadgeIn | undefined;
  for (const badgeIn of state.present.values()) {
    if (badgeIn.zone === zone && (!earliest || badgeIn.at < earliest.at)) earliest = badgeIn;
  }
  return earliest;
}

function withoutMembers(state: OccupancyState, memberIds: readonly string[]): OccupancyState {
  const present = new Map(state.present);
  for (const id of memberIds) present.delete(id);
  return { ...state, present };
}
