// Both adapters end points() here, so row order cannot differ between them.
import { compareGroups } from './series-grid.js';
import { MAX_POINT_ROWS } from './point-validation.js';
import { type PointRow, TimeSeriesRejectedError } from './time-series-store.js';

/** Time order, ties by the tag set (keys sorted); refuses more than MAX_POINT_ROWS rows. */
export function sortPointRows(rows: PointRow[]): PointRow[] {
  if (rows.length > MAX_POINT_ROWS) throw new TimeSeriesRejectedError(`more than ${MAX_POINT_ROWS} points; read a shorter period`);
  const keyed = rows.map((row) => ({ row, key: canonicalTags(row.tags) }));
  keyed.sort((a, b) => a.row.time.getTime() - b.row.time.getTime() || compareGroups(a.key, b.key));
  return keyed.map((k) => k.row);
}

export function canonicalTags(tags: Record<string, string>): string {
  const keys = Object.keys(tags);
  // Most callers already list their tags in order: no sorted copy then (once per point written).
  if (keys.every((key, i) => i === 0 || keys[i - 1]! < key)) return JSON.stringify(tags);
  const sorted: Record<string, string> = {};
  for (const key of keys.sort()) sorted[key] = tags[key]!;
  return JSON.stringify(sorted);
}
