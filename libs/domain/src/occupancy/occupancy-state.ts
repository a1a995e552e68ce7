// The occupancy of one site as plain immutable data, built from the site layout and, after a
// restart, from the last saved snapshot so that desks keep their state instead of flashing to free.
//
// Instants in the state are UTC ISO-8601 strings (`Date.prototype.toISOString`): unlike a Date they
// cannot be mutated behind the reducer's back, they survive JSON as is, and they are already the
// `since` of the seats body (contract §3).

import { occupancyConfig, type DeskSensorType, type OccupancyConfig } from './occupancy-config.js';
import { DeskTable } from './desk-table.js';

export type DeskState = 'free' | 'occupied' | 'offline';

export interface OccupancyLayoutDesk {
  readonly id: string;
  readonly label: string;
  readonly zone: string;
  /** Defaults to `pir`, the sensor with the longest hold, so an unknown sensor never frees early. */
  readonly sensor?: DeskSensorType;
}

export interface OccupancyLayout {
  readonly site: string;
  /** Zones without desks (hall, event room) still get a headcount; desk zones are added anyway. */
  readonly zones: readonly string[];
  readonly desks: readonly OccupancyLayoutDesk[];
}

/** What the reducer remembers about a desk besides the layout. */
export interface DeskRuntime {
  readonly id: string;
  readonly state: DeskState;
  /** When the desk entered `state`. */
  readonly since: string;
  /** Last message from its sensor (presence or online status); the heartbeat counts from here. */
  readonly lastSeenAt?: string;
  /** Last presence=true; the hold counts from here. */
  readonly lastPresentAt?: string;
  /** The sensor's latest report. While it says occupied the hold never releases the desk. */
  readonly reportedOccupied: boolean;
}

export interface DeskOccupancy extends DeskRuntime {
  readonly label: string;
  readonly zone: string;
  readonly sensor: DeskSensorType;
}

export interface ZoneRuntime {
  readonly id: string;
  /** Entries minus exits since the last close of day, never below zero. */
  readonly counted: number;
  /** Granted badge-ins into the zone since the last close of day (the manager's cross-check). */
  readonly entriesToday: number;
}

export interface ZoneOccupancy extends ZoneRuntime {
  /** `counted`, raised to the zone's occupied desks: someone who tailgated in still sits there. */
  readonly headcount: number;
}

/** A member's latest badge-in today; the zone is where they went last. */
export interface MemberBadgeIn {
  readonly memberId: string;
  readonly zone: string;
  readonly at: string;
}

export interface OccupancyState {
  readonly site: string;
  readonly config: OccupancyConfig;
  /** In layout order, which is the order of the seats list. */
  readonly desks: ReadonlyMap<string, DeskOccupancy>;
  readonly zones: ReadonlyMap<string, ZoneOccupancy>;
  readonly members: ReadonlyMap<string, MemberBadgeIn>;
  /** Where each member is now (one zone at a time), from their latest badge-in; exits and timeouts take them out. */
  readonly present: ReadonlyMap<string, MemberBadgeIn>;
}

/** JSON-friendly copy of the runtime part of a state, saved so a restart can pick it up. */
export interface OccupancySnapshot {
  readonly desks: readonly DeskRuntime[];
  readonly zones: readonly ZoneRuntime[];
  readonly members: readonly MemberBadgeIn[];
  /** Absent in snapshots saved before presence was tracked: everyone badged in is then present. */
  readonly present?: readonly MemberBadgeIn[];
}

export interface OccupancyStateOptions {
  readonly config?: OccupancyConfig;
  readonly restored?: OccupancySnapshot;
  /** `since` of desks nobody has heard from yet, typically the service's start time. */
  readonly at: Date;
}

/**
 * Fresh state for a site: every desk `offline` until its sensor speaks, since we cannot tell a
 * free desk from a dead sensor. Restored desks and zones keep their runtime; the layout wins for
 * label, zone and sensor, desks gone from the layout are dropped and new ones start offline.
 */
export function createOccupancyState(layout: OccupancyLayout, options: OccupancyStateOptions): OccupancyState {
  const restoredDesks = new Map(options.restored?.desks.map((desk) => [desk.id, desk]));
  const desks = DeskTable.from(
    layout.desks.map(({ id, label, zone, sensor }) => ({ ...(restoredDesks.get(id) ?? offlineDesk(id, options.at)), id, label, zone, sensor: sensor ?? 'pir' })),
  );

  const restoredZones = new Map(options.restored?.zones.map((zone) => [zone.id, zone]));
  const zones = new Map<string, ZoneOccupancy>();
  for (const id of new Set([...layout.zones, ...layout.desks.map((desk) => desk.zone)])) {
    const { counted, entriesToday } = restoredZones.get(id) ?? { counted: 0, entriesToday: 0 };
    zones.set(id, { id, counted, entriesToday, headcount: Math.max(counted, occupiedDesksIn(desks, id)) });
  }

  // A badge-in whose zone left the layout is dropped.
  const byMember = (badgeIns: readonly MemberBadgeIn[] | undefined) =>
    new Map(badgeIns?.filter((badgeIn) => zones.has(badgeIn.zone)).map((badgeIn) => [badgeIn.memberId, badgeIn]));
  const members = byMember(options.restored?.members);
  const present = byMember(options.restored?.present ?? options.restored?.members);

  return { site: layout.site, config: options.config ?? occupancyConfig(), desks, zones, members, present };
}

export function snapshotOccupancy(state: OccupancyState): OccupancySnapshot {
  return {
    desks: Array.from(state.desks.values(), deskRuntime),
    zones: [...state.zones.values()].map(({ id, counted, entriesToday }) => ({ id, counted, entriesToday })),
    members: [...state.members.values()],
    present: [...state.present.values()],
  };
}

/**
 * The desk's runtime fields, keys in the same order as ever. Assigned one by one: two conditional
 * spreads made each desk through temporary objects, and a storm saves its sites' every desk each
 * second (bench/, scenario R: ~1.6% of the storm's profile for 10,000 desks).
 */
function deskRuntime(desk: DeskOccupancy): DeskRuntime {
  const runtime: { -readonly [K in keyof DeskRuntime]?: DeskRuntime[K] } = { id: desk.id, state: desk.state, since: desk.since };
  if (desk.lastSeenAt !== undefined) runtime.lastSeenAt = desk.lastSeenAt;
  if (desk.lastPresentAt !== undefined) runtime.lastPresentAt = desk.lastPresentAt;
  runtime.reportedOccupied = desk.reportedOccupied;
  return runtime as DeskRuntime;
}

export function occupiedDesksIn(desks: ReadonlyMap<string, DeskOccupancy>, zone: string): number {
  if (desks instanceof DeskTable) return desks.occupiedIn(zone);
  let count = 0;
  for (const desk of desks.values()) {
    if (desk.zone === zone && desk.state === 'occupied') count += 1;
  }
  return count;
}

function offlineDesk(id: string, at: Date): DeskRuntime {
  return { id, state: 'offline', since: at.toISOString(), reportedOccupied: false };
}
