// The service's clock: every business time (badges judged, desks held and freed, days closed,
// passes sold, history written) reads it, so one provider decides what "now" is. Tests replace
// `now` (test/access/helpers.ts setClock); `npm run demo` runs a DemoClock that starts on a chosen
// weekday morning and runs faster. Security timing (token expiry, signed decisions, rate limits,
// broker deadlines) stays on the system clock on purpose: a demo must not weaken it.
import { Injectable } from '@nestjs/common';

@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Clock milliseconds per real millisecond: 1 unless a demo accelerates time. */
  get speed(): number {
    return 1;
  }

  /** The real delay of a timer meant to fire after `clockMs` of clock time (at least `minMs`). */
  realMs(clockMs: number, minMs = 0): number {
    return Math.max(minMs, clockMs / this.speed);
  }
}

/**
 * Demo mode only (CANTINE_DEMO_CLOCK, refused in production: infra/config/app-config.ts): reads
 * `start` when created, then advances `speed` times faster than the system clock.
 */
export class DemoClock extends Clock {
  private readonly startedAt: number;

  constructor(
    readonly start: Date,
    private readonly demoSpeed: number,
    private readonly realNow: () => number = Date.now,
  ) {
    super();
    if (!(demoSpeed > 0)) throw new RangeError('speed must be above 0');
    this.startedAt = realNow();
  }

  override now(): Date {
    return new Date(this.start.getTime() + (this.realNow() - this.startedAt) * this.demoSpeed);
  }

  override get speed(): number {
    return this.demoSpeed;
  }
}

/** The system clock, or the demo clock when the configuration asks for one. */
export function createClock(demo: { start: Date; speed: number } | undefined): Clock {
  return demo ? new DemoClock(demo.start, demo.speed) : new Clock();
}
