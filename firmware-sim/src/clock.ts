// Time on the simulated day: minutes since the site's local midnight, run faster than real time.

/** `09:05` for 545 minutes. */
export function formatMinutes(minutes: number): string {
  const whole = Math.floor(minutes);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/** `08:50` -> 530; throws on anything else, since it comes from the command line. */
export function parseMinutes(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (match === null || Number(match[1]) > 23 || Number(match[2]) > 59) throw new Error(`"${text}" is not a time like 08:50`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The calendar date at the site (`YYYY-MM-DD`), which is what pass validity is written in. */
export function siteDate(timezone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * Simulated time: `start` minutes at the moment it is created, advancing `speed` times faster than
 * the wall clock. Waiting is done in slices so a stop request is honoured within a second.
 */
export class SimClock {
  private readonly startedAt = performance.now();

  constructor(
    readonly start: number,
    readonly speed: number,
  ) {
    if (!(speed > 0)) throw new RangeError('speed must be above 0');
  }

  get now(): number {
    return this.start + ((performance.now() - this.startedAt) / 60_000) * this.speed;
  }

  /** Real milliseconds until simulated minute `at`. */
  realMsUntil(at: number): number {
    return Math.max(0, ((at - this.now) * 60_000) / this.speed);
  }

  async until(at: number, signal?: AbortSignal): Promise<boolean> {
    while (!(signal?.aborted ?? false)) {
      const wait = this.realMsUntil(at);
      if (wait <= 0) return true;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 500)));
    }
    return false;
  }
}
