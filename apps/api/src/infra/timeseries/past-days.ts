// What a whole past UTC day of a series aggregated: kept by CachingTimeSeriesStore, since a past
// day's answer only changes when late data lands in it (invalidate), when its rollups are
// recomputed, or when retention deletes it. Entries also expire after a while, for changes this
// process cannot see (another instance writing into a shared InfluxDB).

export const DAY_MS = 86_400_000;

interface Entry<T> {
  measurement: string;
  /** The UTC days (starts) whose points the value was computed from. */
  days: number[];
  value: T;
  storedAt: number;
}

export interface PastDaysOptions {
  /** Entries older than this are read again. */
  ttlMs: number;
  /** Entries kept at most; the oldest stored go first. */
  maxEntries: number;
}

export class PastDays<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** `${measurement}|${day}` → keys of the entries that depend on that day. */
  private readonly byDay = new Map<string, Set<string>>();
  /** Bumped by every invalidation: a read that started before one must not store its result. */
  private version = 0;

  constructor(private readonly options: PastDaysOptions) {}

  get current(): number {
    return this.version;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt > this.options.ttlMs) {
      this.remove(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores unless something was invalidated since `version` was read (the value may predate it). */
  set(key: string, measurement: string, days: number[], value: T, now: number, version: number): void {
    if (version !== this.version) return;
    this.remove(key);
    this.entries.set(key, { measurement, days, value, storedAt: now });
    for (const day of days) {
      const index = `${measurement}|${day}`;
      let keys = this.byDay.get(index);
      if (!keys) this.byDay.set(index, (keys = new Set()));
      keys.add(key);
    }
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.remove(oldest);
    }
  }

  /** Forgets what depends on the UTC day holding `timeMs` of `measurement`. */
  invalidate(measurement: string, timeMs: number): void {
    this.version += 1;
    const keys = this.byDay.get(`${measurement}|${dayStart(timeMs)}`);
    if (!keys) return;
    for (const key of [...keys]) this.remove(key);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const day of entry.days) {
      const index = `${entry.measurement}|${day}`;
      const keys = this.byDay.get(index);
      keys?.delete(key);
      if (keys?.size === 0) this.byDay.delete(index);
    }
  }
}

/** Start of the UTC day holding `timeMs`. */
export function dayStart(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS) * DAY_MS;
}

/** The UTC days (starts) that [from, to) touches. */
export function daysOf(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = dayStart(from); day < to; day += DAY_MS) days.push(day);
  return days;
}
