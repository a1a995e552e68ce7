// Checks shared by both adapters, so that they accept and refuse exactly the same input.
// Names are restricted (never escaped) and tag values are refused where InfluxDB's line protocol
// cannot carry them faithfully: a newline would start a new point, a backslash can escape the
// separator after it ([InfluxDB line protocol, "Special characters"]).
import {
  AGGREGATES,
  type IntervalsQuery,
  type PointsQuery,
  type RetentionPlan,
  type SeriesQuery,
  type TimePoint,
  TimeSeriesRejectedError,
} from './time-series-store.js';

const MEASUREMENT = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
const KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// C0 controls, DEL and the backslash.
const UNSAFE_TAG_VALUE = /[\u0000-\u001f\u007f\\]/;
const MAX_TAG_VALUE_LENGTH = 256;
const MAX_WHERE_VALUE_LENGTH = 1024;
/** Upper bound on buckets per group in one query (both engines), against runaway `fill(null)` answers. */
export const MAX_BUCKETS = 100_000;
/** Upper bound on rows of one points() answer (both engines): a longer period must be read in parts. */
export const MAX_POINT_ROWS = 200_000;

/** Keys already found valid: a handful, met on every point written. */
const validKeys = new Set<string>();

function checkKey(kind: string, key: string): string | null {
  if (validKeys.has(key)) return null;
  if (!KEY.test(key)) return `${kind} ${JSON.stringify(key)} must match ${KEY.source}`;
  // InfluxDB silently drops a tag or field named `time`.
  if (key === 'time') return `${kind} "time" is reserved`;
  if (validKeys.size < 1000) validKeys.add(key);
  return null;
}

/** Why a point would be refused, or null when both engines accept it. */
export function pointProblem(point: TimePoint): string | null {
  if (typeof point?.measurement !== 'string' || !MEASUREMENT.test(point.measurement)) {
    return `measurement ${JSON.stringify(point?.measurement)} must match ${MEASUREMENT.source}`;
  }
  if (!(point.time instanceof Date) || Number.isNaN(point.time.getTime())) return 'time must be a valid Date';
  const tags = Object.entries(point.tags ?? {});
  for (const [key, value] of tags) {
    const problem = checkKey('tag key', key);
    if (problem) return problem;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TAG_VALUE_LENGTH) {
      return `tag ${key} must be a string of 1 to ${MAX_TAG_VALUE_LENGTH} characters`;
    }
    if (UNSAFE_TAG_VALUE.test(value)) return `tag ${key} holds a control character or a backslash`;
  }
  const fields = Object.entries(point.fields ?? {});
  if (fields.length === 0) return 'a point needs at least one field';
  for (const [key, value] of fields) {
    const problem = checkKey('field', key);
    if (problem) return problem;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `field ${key} must be a finite number`;
    // InfluxDB renames one of the two on read when a tag and a field share a name.
    if (Object.hasOwn(point.tags ?? {}, key)) return `${key} is both a tag and a field`;
  }
  return null;
}

export function assertValidPoints(points: readonly TimePoint[]): void {
  points.forEach((point, index) => {
    const problem = pointProblem(point);
    if (problem) throw new TimeSeriesRejectedError(`point ${index}: ${problem}`);
  });
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** Throws TimeSeriesRejectedError for a query neither engine should run. */
export function assertValidQuery(q: SeriesQuery): void {
  const fail = (why: string): never => {
    throw new TimeSeriesRejectedError(`invalid series query: ${why}`);
  };
  assertValidSelection(q, fail);
  if (!(AGGREGATES as readonly string[]).includes(q.aggregate)) fail(`aggregate must be one of ${AGGREGATES.join(', ')}`);
  if (!Number.isSafeInteger(q.everyMs) || q.everyMs <= 0) fail('everyMs must be a positive integer');
  if (q.source !== undefined && q.source !== 'raw' && q.source !== 'rollup') fail('source must be raw or rollup');
  if (q.sumGroups && q.groupBy === undefined) fail('sumGroups needs groupBy');
  if (q.groupBy !== undefined) {
    const problem = checkKey('groupBy tag', q.groupBy);
    if (problem) fail(problem);
  }
  const span = q.to.getTime() - q.from.getTime();
  if (span > 0 && span / q.everyMs > MAX_BUCKETS) fail(`more than ${MAX_BUCKETS} buckets; use a larger everyMs`);
}

export function assertValidPointsQuery(q: PointsQuery): void {
  assertValidSelection(q, (why) => {
    throw new TimeSeriesRejectedError(`invalid points query: ${why}`);
  });
}

export function assertValidIntervalsQuery(q: IntervalsQuery): void {
  const fail = (why: string): never => {
    throw new TimeSeriesRejectedError(`invalid intervals query: ${why}`);
  };
  assertValidSelection(q, fail);
  const problem = checkKey('series tag', q.seriesTag);
  if (problem) fail(problem);
  if (!isValidDate(q.readFrom) || q.readFrom.getTime() > q.from.getTime()) fail('readFrom must be a valid Date, not after from');
  if (q.summary.kind === 'starts' && !(Number.isFinite(q.summary.before) && q.summary.before <= q.to.getTime())) fail('before must be a time, not after to');
  const windows = q.summary.kind === 'durations' || q.summary.kind === 'starts' || q.summary.kind === 'open' ? [] : q.summary.windows;
  const open = q.openAt ?? [];
  if (!Array.isArray(open) || open.some((o) => typeof o?.series !== 'string' || !(Number.isFinite(o.since) && o.since <= q.readFrom.getTime()))) {
    fail('openAt holds { series, since } with since not after readFrom');
  }
  if (!Array.isArray(windows) || windows.some((w) => !Array.isArray(w) || !Number.isFinite(w[0]) || !Number.isFinite(w[1]))) fail('windows are [start, end] pairs of ms');
}

/** Names in a retention plan reach InfluxQL text (continuous queries): same rules as points. */
export function assertValidPlan(plan: RetentionPlan): void {
  const fail = (why: string): never => {
    throw new TimeSeriesRejectedError(`invalid retention plan: ${why}`);
  };
  for (const days of [plan.rawDays, plan.rollupDays]) if (!Number.isInteger(days) || days < 1) fail('durations are whole days, at least 1');
  for (const rollup of plan.rollups) {
    if (!MEASUREMENT.test(rollup.measurement) || !MEASUREMENT.test(rollup.into)) fail(`measurements must match ${MEASUREMENT.source}`);
    if (rollup.fields.length === 0) fail(`rollup ${rollup.into} needs fields`);
    for (const field of rollup.fields) {
      const problem = checkKey('rollup field', field);
      if (problem) fail(problem);
    }
  }
}

function assertValidSelection(q: PointsQuery, fail: (why: string) => never): void {
  if (typeof q.measurement !== 'string' || !MEASUREMENT.test(q.measurement)) fail(`measurement must match ${MEASUREMENT.source}`);
  const fieldProblem = checkKey('field', q.field);
  if (fieldProblem) fail(fieldProblem);
  if (!isValidDate(q.from) || !isValidDate(q.to)) fail('from and to must be valid Dates');
  for (const [key, value] of Object.entries(q.where ?? {})) {
    const problem = checkKey('where tag', key);
    if (problem) fail(problem);
    if (typeof value !== 'string' || value.length > MAX_WHERE_VALUE_LENGTH) fail(`where ${key} must be a string of at most ${MAX_WHERE_VALUE_LENGTH} characters`);
  }
}
