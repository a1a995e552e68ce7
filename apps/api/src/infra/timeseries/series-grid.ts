// Turns the aggregated buckets an engine returns into the rows both engines answer: every bucket
// from `from` to `to` (InfluxDB's `fill(null)`), groups in a fixed order. Both adapters end here,
// so ordering, gaps and empty ranges cannot differ between them.
import { ROLLUP_EVERY_MS, type SeriesQuery, type SeriesRow } from './time-series-store.js';

export interface BucketValue {
  /** Bucket start, ms since the epoch. */
  time: number;
  value: number | null;
  /** The groupBy tag's value; '' without groupBy or for points without the tag. */
  group: string;
}

/** Start of the epoch-aligned bucket holding `timeMs` (a floor, also for times before 1970). */
export function bucketStart(timeMs: number, everyMs: number): number {
  return timeMs - (((timeMs % everyMs) + everyMs) % everyMs);
}

/** Starts of the buckets that overlap [fromMs, toMs). */
export function bucketStarts(fromMs: number, toMs: number, everyMs: number): number[] {
  const starts: number[] = [];
  for (let t = bucketStart(fromMs, everyMs); t < toMs; t += everyMs) starts.push(t);
  return starts;
}

/** Plain code-unit order, the same in every locale. */
export function compareGroups(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toSeriesRows(q: SeriesQuery, buckets: readonly BucketValue[]): SeriesRow[] {
  const fromMs = q.from.getTime();
  const toMs = q.to.getTime();
  if (fromMs >= toMs) return [];
  const starts = bucketStarts(fromMs, toMs, q.everyMs);
  // InfluxDB's fill(null) still reports 0 for an empty count bucket.
  const empty = q.aggregate === 'count' ? 0 : null;

  const byGroup = new Map<string, Map<number, number | null>>();
  for (const bucket of buckets) {
    // A group appears only through a bucket that holds data, whichever engine filled the rest.
    if (bucket.value === null || (q.aggregate === 'count' && bucket.value === 0)) continue;
    let values = byGroup.get(bucket.group);
    if (!values) byGroup.set(bucket.group, (values = new Map()));
    values.set(bucket.time, bucket.value);
  }

  if (q.groupBy === undefined) {
    const values = byGroup.get('') ?? new Map<number, number | null>();
    return starts.map((t) => ({ time: new Date(t), value: values.get(t) ?? empty }));
  }
  const rows: SeriesRow[] = [];
  for (const group of [...byGroup.keys()].sort(compareGroups)) {
    const values = byGroup.get(group)!;
    for (const t of starts) rows.push({ time: new Date(t), value: values.get(t) ?? empty, group });
  }
  return rows;
}

/** The hours wholly inside [from, to), or null when there is none. */
export function wholeHours(from: Date, to: Date): { from: Date; to: Date } | null {
  const start = Math.ceil(from.getTime() / ROLLUP_EVERY_MS) * ROLLUP_EVERY_MS;
  const end = Math.floor(to.getTime() / ROLLUP_EVERY_MS) * ROLLUP_EVERY_MS;
  return start < end ? { from: new Date(start), to: new Date(end) } : null;
}
