// Factories shared by the occupancy specs (not exported from the barrel): a small site, short-hand events on a fixed clock.

import type { DeskSensorType, OccupancyConfigInput } from './occupancy-config.js';
import { occupancyConfig } from './occupancy-config.js';
import type { OccupancyEvent } from './occupancy-event.js';
import { createOccupancyState, type OccupancyLayout, type OccupancySnapshot, type OccupancyState } from './occupancy-state.js';
import { reduceOccupancyEvents } from './reduce-occupancy.js';

/** 09:00 in Quimper on a Monday. */
export const T0 = Date.parse('2026-03-02T08:00:00.000Z');
export const SECOND = 1_000;
export const MINUTE = 60_000;

/** The instant `offsetMs` after T0, as an event's `at`. */
export const at = (offsetMs: number): Date => new Date(T0 + offsetMs);
/** The instant `offsetMs` after T0, as the state stores it. */
export const iso = (offsetMs: number): string => at(offsetMs).toISOString();

/** Two PIR desks, a radar desk and a pressure mat in the open space, one PIR desk in the meeting room. */
export const LAYOUT: OccupancyLayout = {
  site: 'quimper',
  zones: ['hall', 'open-space', 'meeting-room'],
  desks: [
    { id: 'os-01', label: 'OS 1', zone: 'open-space', sensor: 'pir' },
    { id: 'os-02', label: 'OS 2', zone: 'open-space' },
    { id: 'os-03', label: 'OS 3', zone: 'open-space', sensor: 'radar' },
    { id: 'os-04', label: 'OS 4', zone: 'open-space', sensor: 'pressure' },
    { id: 'mr-01', label: 'MR 1', zone: 'meeting-room', sensor: 'pir' },
  ],
};

export interface OccupancyFixture {
  readonly layout?: OccupancyLayout;
  readonly config?: OccupancyConfigInput;
  readonly restored?: OccupancySnapshot;
  /** Played in order on the fresh state. */
  readonly events?: readonly OccupancyEvent[];
}

/** State created at T0 with `events` already applied. */
export function makeOccupancy({ layout = LAYOUT, config, restored, events = [] }: OccupancyFixture = {}): OccupancyState {
  const initial = createOccupancyState(layout, { config: occupancyConfig(config), at: at(0), ...(restored ? { restored } : {}) });
  return reduceOccupancyEvents(initial, events);
}

export const presence = (desk: string, occupied: boolean, offsetMs: number, sensor?: DeskSensorType): OccupancyEvent => ({
  type: 'presence',
  desk,
  occupied,
  at: at(offsetMs),
  ...(sensor ? { sensor } : {}),
});
export const deviceOffline = (desk: string, offsetMs: number): OccupancyEvent => ({
  type: 'device-offline',
  desk,
  at: at(offsetMs),
});
export const deviceOnline = (desk: string, offsetMs: number): OccupancyEvent => ({
  type: 'device-online',
  desk,
  at: at(offsetMs),
});
export const entry = (zone: string, offsetMs: number, memberId?: string): OccupancyEvent => ({
  type: 'entry',
  zone,
  at: at(offsetMs),
  ...(memberId === undefined ? {} : { memberId }),
});
export const exit = (zone: string, offsetMs: number, memberId?: string): OccupancyEvent => ({
  type: 'exit',
  zone,
  at: at(offsetMs),
  ...(memberId === undefined ? {} : { memberId }),
});
export const tick = (offsetMs: number): OccupancyEvent => ({ type: 'tick', at: at(offsetMs) });
export const closeOfDay = (offsetMs: number): OccupancyEvent => ({ type: 'close-of-day', at: at(offsetMs) });

/** The seat of one desk, as a test asserts it. */
export function seatOf(state: OccupancyState, desk: string): { state: string; since: string } | undefined {
  const found = state.desks.get(desk);
  return found && { state: found.state, since: found.since };
}
