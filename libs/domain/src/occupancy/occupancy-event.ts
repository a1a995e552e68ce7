// What the occupancy reducer listens to. `at` is the service clock when the message arrived
// (contract §2: the service clock wins over a device's `ts`), so events reach the reducer in time order.
import type { DeskSensorType } from './occupancy-config.js';

/** A desk sensor's report (`cantine/{site}/desks/{deskId}/presence`, or a foreign firmware's). */
export interface DeskPresenceEvent {
  readonly type: 'presence';
  readonly desk: string;
  readonly occupied: boolean;
  readonly at: Date;
  /** The kind of the sensor that sent it, when its device says (provisioning): wins over the layout's. */
  readonly sensor?: DeskSensorType;
}

/** The desk's sensor said goodbye: last will `{"online":false}` or an `availability` offline. */
export interface DeskOfflineEvent {
  readonly type: 'device-offline';
  readonly desk: string;
  readonly at: Date;
}

/** The desk's sensor is (still) there: `{"online":true}` or an `availability` online. */
export interface DeskOnlineEvent {
  readonly type: 'device-online';
  readonly desk: string;
  readonly at: Date;
}

/** A badge granted at a door into `zone`. */
export interface OccupancyEntryEvent {
  readonly type: 'entry';
  readonly zone: string;
  readonly memberId?: string;
  readonly at: Date;
}

/** Someone left `zone`: an exit reader (which may name the member), or a door-contact heuristic. */
export interface OccupancyExitEvent {
  readonly type: 'exit';
  readonly zone: string;
  readonly memberId?: string;
  readonly at: Date;
}

/** The passing of time: holds run out and silent sensors go offline only when a tick says so. */
export interface OccupancyTickEvent {
  readonly type: 'tick';
  readonly at: Date;
}

/** The site closed for the day (its hours, in its time zone, decide when). */
export interface CloseOfDayEvent {
  readonly type: 'close-of-day';
  readonly at: Date;
}

export type OccupancyEvent =
  | DeskPresenceEvent
  | DeskOfflineEvent
  | DeskOnlineEvent
  | OccupancyEntryEvent
  | OccupancyExitEvent
  | OccupancyTickEvent
  | CloseOfDayEvent;
