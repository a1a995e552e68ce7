// Interval summaries (TimeSeriesStore.summarizeIntervals) as SQL for the embedded store: the
// stays of every desk built with window functions, then reduced in the same query, so a
// 90-day report over 300,000 desk changes returns a few hundred numbers. The rules are the
// domain's (libs/domain/src/analytics: desk-intervals, desk-utilisation, daily-peaks,
// average-stay); analytics-aggregation.spec.ts checks both give the same reports.
import type { IntervalsQuery, IntervalsSummary } from './time-series-store.js';

type SqlParams = Record<string, string | number>;
type Row = Array<string | number | null>;

/** JSON path of a key; keys are validated identifiers, quoted all the same. */
const jsonPath = (key: string) => `$."${key}"`;

/**
 * `stays(series, start, end, open)`: a stay starts at a point at 1 whose previous point (in its
 * series) was not at 1, and ends at the series' next edge; an open one ends at max(start, @to).
 */
function staysSql(q: IntervalsQuery, params: SqlParams): string {
  Object.assign(params, {
    measurement: q.measurement,
    field: jsonPath(q.field),
    series: jsonPath(q.seriesTag),
    readFrom: q.readFrom.getTime(),
    from: q.from.getTime(),
    to: q.to.getTime(),
  });
  const where = Object.entries(q.where ?? {})
    .map(([key, value], i) => {
      params[`wk${i}`] = jsonPath(key);
      params[`wv${i}`] = value;
      return `AND COALESCE(json_extract(tags, @wk${i}), '') = @wv${i}`;
    })
    .join(' ');
  // Series known to be at 1 at readFrom: one point at 1 at the start of their interval, before
  // every point read, so that their stay keeps its start (the state a look-back read would find).
  let open = '';
  if (q.openAt?.length) {
    params.open = JSON.stringify(q.openAt.map((o) => [o.series, o.since]));
    open = `UNION ALL SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 1 FROM json_each(@open)`;
  }
  return `
    changes AS (
      SELECT json_extract(tags, @series) AS series, time,
             CAST(json_extract(fields, @field) AS REAL) = 1 AS occ
      FROM points
      WHERE measurement = @measurement AND time >= @readFrom AND time < @to
        AND json_extract(fields, @field) IS NOT NULL AND json_extract(tags, @series) IS NOT NULL ${where}
      ${open}),
    edges AS (
      SELECT series, time, occ FROM (
        SELECT series, time, occ, LAG(occ, 1, 0) OVER (PARTITION BY series ORDER BY time) AS prev FROM changes)
      WHERE occ <> prev),
    bounded AS (
      SELECT series, time AS start, occ, LEAD(time) OVER (PARTITION BY series ORDER BY time) AS next FROM edges),
    stays AS MATERIALIZED (
      SELECT series, start, COALESCE(next, MAX(start, @to)) AS "end", next IS NULL AS open FROM bounded WHERE occ = 1)`;
}

export function intervalsSql(q: IntervalsQuery): { sql: string; params: SqlParams } {
  const params: SqlParams = {};
  const stays = staysSql(q, params);
  const summary = q.summary;
  if (summary.kind === 'overlap') {
    params.windows = JSON.stringify(summary.windows);
    const by = summary.perWindow ? 'w.idx, s.series' : 's.series';
    return {
      params,
      sql: `WITH ${stays},
        windows AS MATERIALIZED (
          SELECT CAST(key AS INTEGER) AS idx, json_extract(value, '$[0]') AS ws, json_extract(value, '$[1]') AS we FROM json_each(@windows))
        SELECT s.series, SUM(MIN(s."end", w.we) - MAX(s.start, w.ws)) AS ms${summary.perWindow ? ', w.idx' : ''}
        FROM stays s JOIN windows w ON w.ws < s."end" AND w.we > s.start
        GROUP BY ${by} ORDER BY ${by}`,
    };
  }
  if (summary.kind === 'open') return { params, sql: `WITH ${stays} SELECT series, start FROM stays WHERE open ORDER BY series` };
  if (summary.kind === 'starts') {
    params.before = summary.before;
    return { params, sql: `WITH ${stays} SELECT start, "end", open FROM stays WHERE start >= @from AND start < @before ORDER BY start, series` };
  }
  if (summary.kind === 'peaks') {
    params.windows = JSON.stringify(summary.windows);
    // Window starts are markers sorted before the changes of their instant (kind 0 < 1): the count
    // there is the one before the window. All changes of one instant count before comparing.
    return {
      params,
      sql: `WITH ${stays},
        clipped AS (SELECT MAX(start, @from) AS s, MIN("end", @to) AS e FROM stays WHERE MAX(start, @from) < MIN("end", @to)),
        instants AS (SELECT at, SUM(d) AS d FROM (SELECT s AS at, 1 AS d FROM clipped UNION ALL SELECT e, -1 FROM clipped) GROUP BY at),
        events AS (
          SELECT at, 1 AS kind, d, NULL AS win FROM instants
          UNION ALL SELECT json_extract(value, '$[0]'), 0, 0, CAST(key AS INTEGER) FROM json_each(@windows)),
        running AS (
          SELECT at, SUM(d) OVER w AS count, MAX(win) OVER w AS win FROM events
          WINDOW w AS (ORDER BY at, kind ROWS UNBOUNDED PRECEDING)),
        peaks AS (SELECT win, at, count, MAX(count) OVER (PARTITION BY win) AS peak FROM running WHERE at < @to)
        SELECT win, MAX(peak) AS count, MIN(CASE WHEN count = peak THEN at END) AS at FROM peaks GROUP BY win ORDER BY win`,
    };
  }
  return {
    params,
    sql: `WITH ${stays},
      started AS MATERIALIZED (SELECT "end" - start AS ms, open OR "end" > @to AS ongoing FROM stays WHERE start >= @from AND start < @to),
      done AS (SELECT ms, ROW_NUMBER() OVER (ORDER BY ms) AS rank, COUNT(*) OVER () AS n FROM started WHERE NOT ongoing)
      SELECT (SELECT COUNT(*) FROM started WHERE NOT ongoing),
             (SELECT COUNT(*) FROM started WHERE ongoing),
             (SELECT AVG(ms) FROM done),
             (SELECT AVG(ms) FROM done WHERE rank IN ((n + 1) / 2, (n + 2) / 2)),
             (SELECT MAX(ms) FROM done)`,
  };
}

/** The rows of intervalsSql's query as the port's summary. */
export function toIntervalsSummary(q: IntervalsQuery, rows: Row[]): IntervalsSummary {
  const summary = q.summary;
  if (summary.kind === 'open') return { kind: 'open', intervals: rows.map(([series, since]) => ({ series: String(series), since: Number(since) })) };
  if (summary.kind === 'starts') return { kind: 'starts', intervals: rows.map(([start, end, open]) => ({ start: Number(start), end: Number(end), open: Number(open) === 1 })) };
  if (summary.kind === 'overlap' && summary.perWindow) {
    const byWindow = rows.map(([series, ms, window]) => ({ window: Number(window), series: String(series), ms: Number(ms) }));
    const totals = new Map<string, number>();
    for (const row of byWindow) totals.set(row.series, (totals.get(row.series) ?? 0) + row.ms);
    const bySeries = [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([series, ms]) => ({ series, ms }));
    return { kind: 'overlap', bySeries, byWindow };
  }
  if (summary.kind === 'overlap') return { kind: 'overlap', bySeries: rows.map(([series, ms]) => ({ series: String(series), ms: Number(ms) })) };
  if (summary.kind === 'peaks') {
    const windows = summary.windows.map(() => ({ count: 0, at: null as number | null }));
    for (const [win, count, at] of rows) {
      const n = Number(count);
      windows[Number(win)] = { count: n, at: n > 0 && at !== null ? Number(at) : null };
    }
    return { kind: 'peaks', windows };
  }
  const [count, ongoing, mean, median, max] = rows[0] ?? [0, 0, null, null, null];
  const orNull = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { kind: 'durations', count: Number(count), ongoing: Number(ongoing), meanMs: orNull(mean), medianMs: orNull(median), maxMs: orNull(max) };
}
