// Occupancy of a site: a pure reducer over sensor, door and clock events, and the views the wall
// screen and the manager read from its state.
export * from './occupancy-config.js';
export * from './occupancy-event.js';
export {
  createOccupancyState,
  snapshotOccupancy,
  type DeskOccupancy,
  type DeskRuntime,
  type DeskState,
  type MemberBadgeIn,
  type OccupancyLayout,
  type OccupancyLayoutDesk,
  type OccupancySnapshot,
  type OccupancyState,
  type OccupancyStateOptions,
  type ZoneOccupancy,
  type ZoneRuntime,
} from './occupancy-state.js';
export { reduceOccupancy, reduceOccupancyEvents } from './reduce-occupancy.js';
export * from './seat-summary.js';
export * from './seat-changes.js';
export * from './desks-without-entry.js';
export * from './members-without-desk.js';
export * from './site-events.js';
export * from './opening-status.js';
export * from './seat-estimate.js';
export * from './door-passage.js';
