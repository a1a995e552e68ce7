// Door contacts: an opening with no grant (badge or remote) in its unlock window is *forced open*;
// a door still open after `heldOpenMs` is *held open*. Times come from the events' `receivedAt`
// (the service clock), the held-open limit from a timer.
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { DoorEvent } from '../devices/device-events.js';
import { AccessSettings } from './access-settings.js';
import type { AlarmReason } from './access.types.js';

interface DoorState {
  open: boolean;
  /** The latest grant's window: the door may open from `from` until `until`. */
  grant?: { from: number; until: number };
  heldTimer?: NodeJS.Timeout;
}

export interface DoorAlarm {
  site: string;
  door: string;
  reason: AlarmReason;
  at: Date;
  detail: string;
}

@Injectable()
export class DoorMonitor implements OnApplicationShutdown {
  private readonly logger = new Logger('Doors');
  private readonly doors = new Map<string, DoorState>();
  private alarm: (alarm: DoorAlarm) => void = () => undefined;

  constructor(private readonly settings: AccessSettings) {}

  onAlarm(listener: (alarm: DoorAlarm) => void): void {
    this.alarm = listener;
  }

  noteGrant(site: string, door: string, at: Date, unlockMs: number): void {
    const from = at.getTime();
    this.state(site, door).grant = { from, until: from + unlockMs + this.settings.forcedOpenGraceMs };
  }

  onDoor(event: DoorEvent): void {
    const state = this.state(event.site, event.door);
    if (event.open === state.open) return;
    state.open = event.open;
    if (!event.open) {
      clearTimeout(state.heldTimer);
      state.heldTimer = undefined;
      return;
    }
    const at = event.receivedAt.getTime();
    const granted = state.grant !== undefined && at >= state.grant.from && at <= state.grant.until;
    if (!granted) this.raise(event, 'forced-open', event.receivedAt, 'opened without a grant');
    const limit = this.settings.heldOpenMs;
    state.heldTimer = setTimeout(() => this.raise(event, 'held-open', new Date(), `open for more than ${Math.round(limit / 1000)} s`), limit);
    state.heldTimer.unref();
  }

  onApplicationShutdown(): void {
    for (const state of this.doors.values()) clearTimeout(state.heldTimer);
  }

  private raise(event: DoorEvent, reason: AlarmReason, at: Date, detail: string): void {
    this.logger.warn(`Door ${event.site}/${event.door}: ${reason} (${detail})`);
    this.alarm({ site: event.site, door: event.door, reason, at, detail });
  }

  private state(site: string, door: string): DoorState {
    const key = `${site}/${door}`;
    let state = this.doors.get(key);
    if (!state) {
      state = { open: false };
      this.doors.set(key, state);
    }
    return state;
  }
}
