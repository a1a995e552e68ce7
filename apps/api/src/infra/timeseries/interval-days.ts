// The desk reports' interval summaries (utilisation, peaks, stays) per finished window, for
// CachingTimeSeriesStore: a finished local day's peak, a finished opening interval's occupied ms
// per desk and a finished UTC day's stays are kept; a call asks the adapter only for the windows
// it lacks, in runs of consecutive ones. Each run is read with the same look-back before it as a
// whole period is (the state at a run's start comes from the changes of the lookback before it),
// so a run equals the same windows within a longer read as long as each desk changed within that
// lookback, the rule the reports already rest on ("desks are freed every evening").
import { dayStart, daysOf, DAY_MS, type PastDays } from './past-days.js';
import { stayDay, summarizeStayDays, type StayDay } from './stay-days.js';
import type { IntervalRow, IntervalsQuery, IntervalsSummary, OpenInterval, TimeSeriesStore } from './time-series-store.js';

type Window = [number, number];
type Peak = { count: number; at: number | null };
type Overlap = Array<{ series: string; ms: number }>;

export interface IntervalCacheContext {
  inner: TimeSeriesStore;
  cache: PastDays<unknown>;
  now: number;
  /** Raw points older than this are gone, or going: the store's answers before it change with retention. */
  rawSince: number;
  /**
   * What retention has left before rawSince, named: the same while no expiry has run and within one
   * UTC day past its first hours (InfluxDB drops a day's shard once a day, at most half an hour after
   * midnight); undefined while it may be changing. A window read from before rawSince is kept under
   * it: the 90-day reports' first days, which else were read with their look-back at every call.
   */
  retention: string | undefined;
}

export async function cachedIntervals(q: IntervalsQuery, c: IntervalCacheContext): Promise<IntervalsSummary | null> {
  if (q.summary.kind === 'peaks') return peaks(q, q.summary.windows, c);
  if (q.summary.kind === 'overlap' && !q.summary.perWindow) return overlap(q, q.summary.windows, c);
  if (q.summary.kind === 'durations') return durations(q, c);
  return c.inner.summarizeIntervals(q);
}

const lookback = (q: IntervalsQuery) => q.from.getTime() - q.readFrom.getTime();
const baseKey = (q: IntervalsQuery) => JSON.stringify([q.measurement, q.field, q.where ?? {}, q.seriesTag, lookback(q), q.summary.kind]);

/**
 * A window whose points (with the lookback before it) all lie in finished UTC days: its key, with
 * the retention state when the lookback reaches before rawSince; undefined if it is not kept.
 */
function keyOf(q: IntervalsQuery, [start, end]: Window, c: IntervalCacheContext): string | undefined {
  if (end > q.to.getTime() || end > dayStart(c.now)) return undefined;
  return retentionKey(`${baseKey(q)}|${start}|${end}`, start - lookback(q), c);
}

/** `key` as is for a read from rawSince on; before it, under the retention state (none: not kept). */
function retentionKey(key: string, readFrom: number, c: IntervalCacheContext): string | undefined {
  if (readFrom >= c.rawSince) return key;
  return c.retention === undefined ? undefined : `${key}|retention ${c.retention}`;
}

/** Runs of consecutive indexes whose value is missing. */
function missingRuns(values: readonly unknown[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  values.forEach((value, i) => {
    if (value !== undefined) return;
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  });
  return runs;
}

async function cachedWindows<T>(
  q: IntervalsQuery,
  windows: Window[],
  c: IntervalCacheContext,
  read: (run: Window[], from: number, to: number) => Promise<T[]>,
): Promise<T[]> {
  const version = c.cache.current;
  const keys = windows.map((w) => keyOf(q, w, c));
  const values = keys.map((key) => (key === undefined ? undefined : (c.cache.get(key, c.now) as T | undefined)));
  for (const [i, j] of missingRuns(values)) {
    const from = i === 0 ? q.from.getTime() : windows[i]![0];
    const to = j === windows.length ? q.to.getTime() : windows[j - 1]![1];
    const fresh = await read(windows.slice(i, j), from, to);
    fresh.forEach((value, k) => {
      const w = windows[i + k]!;
      values[i + k] = value;
      // A day more than the look-back: the desks open at the run's start came from the look-back
      // before it, which for a peaks run (read from 1 ms before its first window) begins earlier.
      const days = daysOf(w[0] - lookback(q) - DAY_MS, w[1]);
      const key = keys[i + k];
      if (key !== undefined) c.cache.set(key, q.measurement, days, value, c.now, version);
    });
  }
  return values as T[];
}

async function read(q: IntervalsQuery, from: number, to: number, summary: IntervalsQuery['summary'], c: IntervalCacheContext) {
  // A start within a finished day is itself the instant (today's local day starts at 23:00 UTC
  // yesterday: read from there, not from yesterday's midnight); a start today, today's midnight.
  const at = from <= dayStart(c.now) ? from : dayStart(from);
  const openAt = await openAtFinished(q, at, c);
  const readFrom = openAt ? { readFrom: new Date(at), openAt } : { readFrom: new Date(from - lookback(q)) };
  return c.inner.summarizeIntervals({ ...q, ...readFrom, from: new Date(from), to: new Date(to), summary });
}

/**
 * The series at 1 at an instant whose past lies in finished days (today's midnight at latest),
 * read once with the look-back before it and kept: a read from that instant (today's windows, at
 * every call) then needs no look-back. A desk's state there is what the look-back read finds, so
 * the answers are the same under the reports' rule (each desk changes within the look-back).
 */
async function openAtFinished(q: IntervalsQuery, at: number, c: IntervalCacheContext): Promise<OpenInterval[] | undefined> {
  const lb = lookback(q);
  if (lb <= 0 || at > dayStart(c.now)) return undefined;
  const key = retentionKey(`${JSON.stringify([q.measurement, q.field, q.where ?? {}, q.seriesTag, lb])}|open|${at}`, at - lb, c);
  if (key === undefined) return undefined;
  const kept = c.cache.get(key, c.now) as OpenInterval[] | undefined;
  if (kept) return kept;
  const version = c.cache.current;
  const { openAt: _ignored, ...selection } = q;
  const summary = await c.inner.summarizeIntervals({ ...selection, readFrom: new Date(at - lb), from: new Date(at - lb), to: new Date(at), summary: { kind: 'open' } });
  if (summary?.kind !== 'open') return undefined;
  c.cache.set(key, q.measurement, daysOf(at - lb, at), summary.intervals, c.now, version);
  return summary.intervals;
}

async function peaks(q: IntervalsQuery, windows: Window[], c: IntervalCacheContext): Promise<IntervalsSummary | null> {
  let unsupported = false;
  const values = await cachedWindows<Peak>(q, windows, c, async (run, from, to) => {
    // A run after the first window starts with a one-ms window before it, so that desks already
    // busy at its start count at its first instant, as within a whole period.
    const lead = from === q.from.getTime() ? [] : [[from - 1, from] as Window];
    const summary = await read(q, from - lead.length, to, { kind: 'peaks', windows: [...lead, ...run] }, c);
    if (summary?.kind !== 'peaks') return (unsupported = true), run.map(() => ({ count: 0, at: null }));
    return summary.windows.slice(lead.length);
  });
  return unsupported ? null : { kind: 'peaks', windows: values };
}

async function overlap(q: IntervalsQuery, windows: Window[], c: IntervalCacheContext): Promise<IntervalsSummary | null> {
  let unsupported = false;
  const values = await cachedWindows<Overlap>(q, windows, c, async (run, from, to) => {
    const summary = await read(q, from, to, { kind: 'overlap', windows: run, perWindow: true }, c);
    if (summary?.kind !== 'overlap' || !summary.byWindow) return (unsupported = true), run.map(() => []);
    const byWindow: Overlap[] = run.map(() => []);
    for (const row of summary.byWindow) byWindow[row.window]!.push({ series: row.series, ms: row.ms });
    return byWindow;
  });
  if (unsupported) return null;
  const totals = new Map<string, number>();
  for (const rows of values) for (const row of rows) totals.set(row.series, (totals.get(row.series) ?? 0) + row.ms);
  const bySeries = [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([series, ms]) => ({ series, ms }));
  return { kind: 'overlap', bySeries };
}

/**
 * Stays started in each UTC day of the period; a day is kept once all its stays have ended. A
 * period starting within a finished day (stays over the last N days, from now minus N days) reads
 * that day whole, kept like the others, and counts its stays from `from` on: the stays of its part
 * are those of the whole day started since `from`, and the day was read again at every call.
 */
async function durations(q: IntervalsQuery, c: IntervalCacheContext): Promise<IntervalsSummary | null> {
  const to = q.to.getTime();
  const fromMs = q.from.getTime();
  const days: Window[] = [];
  for (let start = fromMs; start < to; start = dayStart(start) + DAY_MS) {
    days.push([start, Math.min(to, dayStart(start) + DAY_MS)]);
  }
  const firstDay: Window = [dayStart(fromMs), dayStart(fromMs) + DAY_MS];
  if (days[0]![0] !== firstDay[0] && keyOf(q, firstDay, c) !== undefined) days[0] = firstDay;
  const version = c.cache.current;
  const keys = days.map((w) => (w[0] === dayStart(w[0]) && w[1] === w[0] + DAY_MS ? keyOf(q, w, c) : undefined));
  const values: Array<StayDay | IntervalRow[] | undefined> = keys.map((key) =>
    key === undefined ? undefined : (c.cache.get(key, c.now) as StayDay | undefined),
  );
  for (const [i, j] of missingRuns(values)) {
    const from = days[i]![0];
    const before = days[j - 1]![1];
    // Ends are read a day past the run; a stay still open there is read again up to `to`.
    let summary = await read(q, from, Math.min(to, before + DAY_MS), { kind: 'starts', before }, c);
    if (summary?.kind === 'starts' && summary.intervals.some((s) => s.open) && before + DAY_MS < to) {
      summary = await read(q, from, to, { kind: 'starts', before }, c);
    }
    if (summary?.kind !== 'starts') return c.inner.summarizeIntervals(q);
    for (let k = i; k < j; k++) {
      const [start, end] = days[k]!;
      const rows = summary.intervals.filter((s) => s.start >= start && s.start < end);
      values[k] = rows;
      const lastEnd = Math.max(end, ...rows.map((s) => s.end));
      const key = keys[k];
      if (key !== undefined && !rows.some((s) => s.open) && lastEnd <= dayStart(c.now)) {
        c.cache.set(key, q.measurement, daysOf(start - lookback(q), lastEnd), stayDay(rows), c.now, version);
      }
    }
  }
  const stays = values as Array<StayDay | IntervalRow[]>;
  if (days[0]![0] < fromMs) {
    const first = stays[0]!;
    stays[0] = ('rows' in first ? first.rows : first).filter((s) => s.start >= fromMs);
  }
  return summarizeStayDays(stays, to);
}
