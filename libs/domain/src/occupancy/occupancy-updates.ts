// Copy-on-write helpers shared by the rules. Each one hands back the very object it was given when
// nothing changes, which is what lets the reducer return the same state for a no-op.

import { DeskTable } from './desk-table.js';
import {
  occupiedDesksIn,
  type DeskOccupancy,
  type DeskRuntime,
  type OccupancyState,
  type ZoneOccupancy,
} from './occupancy-state.js';

type DeskChanges = Partial<Omit<DeskRuntime, 'id'>>;

/** The desk with `changes` applied, or the desk itself if every field already has that value. */
export function patchDesk(desk: DeskOccupancy, changes: DeskChanges): DeskOccupancy {
  const keys = Object.keys(changes) as (keyof DeskChanges)[];
  return keys.some((key) => desk[key] !== changes[key]) ? { ...desk, ...changes } : desk;
}

/** Runs `update` over every desk; desks it returns unchanged keep their identity, and so does the state. */
export function mapDesks(state: OccupancyState, update: (desk: DeskOccupancy) => DeskOccupancy): OccupancyState {
  return withDesks(state, [...state.desks.values()].map(update));
}

/** The state with `desks` swapped in and the headcount of their zones reconciled. */
export function withDesks(state: OccupancyState, desks: readonly DeskOccupancy[]): OccupancyState {
  const replaced = desks.filter((desk) => desk !== state.desks.get(desk.id));
  if (replaced.length === 0) return state;
  const nextDesks = state.desks instanceof DeskTable ? state.desks.with(replaced) : copyWith(state.desks, replaced);
  const next = { ...state, desks: nextDesks };
  return withZones(next, [...new Set(replaced.map((desk) => desk.zone))].flatMap((id) => zoneOf(next, id)));
}

/**
 * The state with `zones` swapped in, each headcount recomputed as max(counted, occupied desks):
 * a sensor seeing someone at a desk is proof they are in the room, whatever the door counted.
 */
export function withZones(state: OccupancyState, zones: readonly ZoneOccupancy[]): OccupancyState {
  const reconciled = zones
    .map((zone) => patchZone(zone, { headcount: Math.max(zone.counted, occupiedDesksIn(state.desks, zone.id)) }))
    .filter((zone) => zone !== state.zones.get(zone.id));
  if (reconciled.length === 0) return state;
  const nextZones = new Map(state.zones);
  for (const zone of reconciled) nextZones.set(zone.id, zone);
  return { ...state, zones: nextZones };
}

function copyWith(desks: ReadonlyMap<string, DeskOccupancy>, replaced: readonly DeskOccupancy[]): Map<string, DeskOccupancy> {
  const next = new Map(desks);
  for (const desk of replaced) next.set(desk.id, desk);
  return next;
}

export function patchZone(zone: ZoneOccupancy, changes: Partial<Omit<ZoneOccupancy, 'id'>>): ZoneOccupancy {
  const keys = Object.keys(changes) as (keyof typeof changes)[];
  return keys.some((key) => zone[key] !== changes[key]) ? { ...zone, ...changes } : zone;
}

function zoneOf(state: OccupancyState, id: string): ZoneOccupancy[] {
  const zone = state.zones.get(id);
  return zone ? [zone] : [];
}

export function toMs(iso: string): number {
  return Date.parse(iso);
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
