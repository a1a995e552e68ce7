// The time-series schema (docs/timeseries.md) as code: one builder per measurement, so that every
// feature writes the same names. The builders' inputs have no field for a person: a member id,
// name or badge UID cannot be passed (an object literal with extra keys does not compile).
import type { RetentionPlan, TimePoint } from '../infra/timeseries/index.js';

export const MEASUREMENTS = {
  deskOccupancy: 'desk_occupancy',
  zoneOccupancy: 'zone_occupancy',
  zoneOccupancyHourly: 'zone_occupancy_hourly',
  accessDecision: 'access_decision',
  deviceHealth: 'device_health',
} as const;

/** Raw points 90 days; hourly rollups of the zone snapshots 3 years (3 × 365 days). */
export const RETENTION_PLAN: RetentionPlan = {
  rawDays: 90,
  rollupDays: 1095,
  rollups: [{ measurement: MEASUREMENTS.zoneOccupancy, into: MEASUREMENTS.zoneOccupancyHourly, fields: ['occupied', 'free', 'offline', 'headcount'] }],
};

export interface DeskOccupancyInput {
  site: string;
  zone: string;
  desk: string;
  occupied: boolean;
  /** The desk's sensor is offline (then `occupied` is false). */
  offline?: boolean;
  at: Date;
}

/** On every change of a desk's state; the point holds the state from `at` on. */
export function deskOccupancyPoint(input: DeskOccupancyInput): TimePoint {
  const fields: Record<string, number> = { occupied: input.occupied ? 1 : 0 };
  if (input.offline !== undefined) fields.offline = input.offline ? 1 : 0;
  return {
    measurement: MEASUREMENTS.deskOccupancy,
    tags: { desk: input.desk, site: input.site, zone: input.zone },
    fields,
    time: input.at,
  };
}

export interface ZoneOccupancyInput {
  site: string;
  zone: string;
  occupied: number;
  free: number;
  offline: number;
  headcount: number;
  /** The minute the snapshot describes. */
  at: Date;
}

/** Every minute, one per zone of every site. */
export function zoneOccupancyPoint(input: ZoneOccupancyInput): TimePoint {
  const { site, zone, occupied, free, offline, headcount, at } = input;
  return { measurement: MEASUREMENTS.zoneOccupancy, tags: { site, zone }, fields: { occupied, free, offline, headcount }, time: at };
}

export interface AccessDecisionInput {
  site: string;
  door: string;
  granted: boolean;
  /** A pass type when granted, a denial reason (contract §2) when not. */
  reason: string;
  at: Date;
}

/** One per badge decision (duplicates answered again are not written twice). Never who badged. */
export function accessDecisionPoint(input: AccessDecisionInput): TimePoint {
  return {
    measurement: MEASUREMENTS.accessDecision,
    tags: { door: input.door, granted: input.granted ? 'true' : 'false', reason: input.reason, site: input.site },
    fields: { count: 1 },
    time: input.at,
  };
}

export interface DeviceHealthInput {
  site: string;
  device: string;
  kind: string;
  online: boolean;
  /** %, when the device reports it. */
  battery?: number;
  /** dBm, when the device reports it. */
  rssi?: number;
  at: Date;
}

/** On every status message of a device (and its last will). */
export function deviceHealthPoint(input: DeviceHealthInput): TimePoint {
  const fields: Record<string, number> = { online: input.online ? 1 : 0 };
  if (input.battery !== undefined) fields.battery = input.battery;
  if (input.rssi !== undefined) fields.rssi = input.rssi;
  return {
    measurement: MEASUREMENTS.deviceHealth,
    tags: { device: input.device, kind: input.kind, site: input.site },
    fields,
    time: input.at,
  };
}
