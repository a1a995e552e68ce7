// The typical day of a date (libs/domain typical-day.ts: slot by slot, the median of the same
// weekday over the previous weeks) rests on finished days only, yet today and the forecast
// recomputed it at every call from 8 weeks of quarter hours. Kept here per site, date and number
// of weeks, and computed again when the store says a finished day may have changed (a late point,
// recomputed rollups: pastVersion) or after an hour (changes the store cannot see, as its own
// cache does). A store that cannot tell (no pastVersion) gets it computed at every call.
import type { TypicalDay } from '#domain';
import type { TimeSeriesStore } from '../infra/timeseries/index.js';
import type { Site } from '../sites/site.types.js';

const MAX_AGE_MS = 3_600_000;
/** A site's date and weeks asked; a few per site at most (today's date, one or two week counts). */
const MAX_KEPT = 1_000;

interface Kept {
  version: number;
  storedAt: number;
  typical: Promise<TypicalDay>;
}

export class TypicalDays {
  private readonly kept = new Map<string, Kept>();

  get(store: TimeSeriesStore, site: Site, date: string, weeks: number, nowMs: number, compute: () => Promise<TypicalDay>) {
    const version = store.pastVersion();
    if (version === undefined) return compute();
    // The site's rules are in the key: closures and holidays decide which weeks count.
    const key = JSON.stringify([site.id, date, weeks, site.timezone, site.hours, site.closures, site.publicHolidays]);
    const entry = this.kept.get(key);
    if (entry && entry.version === version && nowMs - entry.storedAt <= MAX_AGE_MS) return entry.typical;
    const kept: Kept = { version, storedAt: nowMs, typical: compute() };
    this.kept.delete(key);
    this.kept.set(key, kept);
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    // A failed read is not kept: the next call tries again.
    kept.typical.catch(() => this.kept.get(key) === kept && this.kept.delete(key));
    return kept.typical;
  }
}
