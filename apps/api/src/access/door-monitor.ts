// Door contacts: an opening with no grant (badge or remote) in its unlock window is *forced open*;
// a door still open after `heldOpenMs` is *held open*. Times come from the events' `receivedAt`
// (the service clock), the held-open limit from a timer. A contact that chatters (or a sensor
// that lies) raises one forced-open alarm, then one follow-up per `forcedOpenRepeatMs` counting
// the openings in between, never one per message.
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { DoorEvent } from '../devices/device-events.js';
import { Clock } from '../infra/clock.js';
import { AccessSettings } from './access-settings.js';
import type { AlarmReason } from './access.types.js';

interface DoorState {
  open: boolean;
  /** The latest grant's window: the door may open from `from` until `until`. */
  grant?: { from: number; until: number };
  heldTimer?: NodeJS.Timeout;
  /** Forced openings since the last alarm, while its repeat window runs. */
  repeat?: { timer: NodeJS.Timeout; count: number; event: DoorEvent };
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

  constructor(
    private readonly settings: AccessSettings,
    private readonly clock: Clock = new Clock(),
  ) {}

  onAlarm(listener: (alarm: DoorAlarm) => void): void {
    this.alarm = listener;
  }

  noteGrant(site: string, door: string, at: Date, unlockMs: number): void {
    const from = at.getTime();
    this.state(site, door).grant = { from, until: from + unlockMs + this.settings.forcedOpenGraceMs };
  }

  /**
   * An opening answers whether it fell within a grant's window (null for a closing or a repeat).
   * `freeExit`: a door people leave by without a badge (push bar): opening it is no alarm.
   */
  onDoor(event: DoorEvent, options: { freeExit?: boolean } = {}): { withinGrant: boolean } | null {
    const state = this.state(event.site, event.door);
    if (event.open === state.open) return null;
    state.open = event.open;
    if (!event.open) {
      clearTimeout(state.heldTimer);
      state.heldTimer = undefined;
      return null;
    }
    const at = event.receivedAt.getTime();
    const granted = state.grant !== undefined && at >= state.grant.from && at <= state.grant.until;
    if (!granted && !options.freeExit) this.forced(state, event);
    const limit = this.settings.heldOpenMs;
    state.heldTimer = setTimeout(() => this.raise(event, 'held-open', this.clock.now(), `open for more than ${Math.round(limit / 1000)} s`), this.clock.realMs(limit));
    state.heldTimer.unref();
    return { withinGrant: granted };
  }

  onApplicationShutdown(): void {
    for (const state of this.doors.values()) {
      clearTimeout(state.heldTimer);
      clearTimeout(state.repeat?.timer);
    }
  }

  /** Raised at once the first time; within the repeat window only counted, summed at its end. */
  private forced(state: DoorState, event: DoorEvent): void {
    if (state.repeat) {
      state.repeat.count++;
      state.repeat.event = event;
      return;
    }
    this.raise(event, 'forced-open', event.receivedAt, 'opened without a grant');
    this.openRepeatWindow(state, event);
  }

  private openRepeatWindow(state: DoorState, event: DoorEvent): void {
    const windowMs = this.settings.forcedOpenRepeatMs;
    const timer = setTimeout(() => {
      const repeat = state.repeat!;
      state.repeat = undefined;
      if (repeat.count === 0) return;
      const seconds = Math.round(windowMs / 1000);
      this.raise(repeat.event, 'forced-open', new Date(), `opened without a grant ${repeat.count} more time${repeat.count > 1 ? 's' : ''} within ${seconds} s`);
      this.openRepeatWindow(state, repeat.event);
    }, windowMs);
    timer.unref();
    state.repeat = { timer, count: 0, event };
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
