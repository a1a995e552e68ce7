// InfluxQL for a SeriesQuery. Identifiers are validated before they get here and quoted anyway;
// tag values from devices never enter the query text: they travel as bound parameters.
import type { Aggregate, SeriesQuery } from './time-series-store.js';

const FUNCTIONS: Record<Aggregate, string> = {
  mean: 'MEAN',
  max: 'MAX',
  min: 'MIN',
  sum: 'SUM',
  count: 'COUNT',
  last: 'LAST',
};

/** A double-quoted InfluxQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface InfluxStatement {
  text: string;
  placeholders: Record<string, string>;
}

export function buildInfluxQuery(q: SeriesQuery): InfluxStatement {
  const placeholders: Record<string, string> = {};
  const conditions = [`time >= ${q.from.getTime()}ms`, `time < ${q.to.getTime()}ms`];
  Object.entries(q.where ?? {}).forEach(([key, value], index) => {
    const name = `w${index}`;
    placeholders[name] = value;
    // ::tag so that a field of the same name is never compared instead.
    conditions.push(`${quoteIdentifier(key)}::tag = $${name}`);
  });
  const groupBy = [`time(${q.everyMs}ms)`];
  if (q.groupBy !== undefined) groupBy.push(quoteIdentifier(q.groupBy));
  const text =
    `SELECT ${FUNCTIONS[q.aggregate]}(${quoteIdentifier(q.field)}) AS "value"` +
    ` FROM ${quoteIdentifier(q.measurement)}` +
    ` WHERE ${conditions.join(' AND ')}` +
    ` GROUP BY ${groupBy.join(', ')} fill(null)`;
  return { text, placeholders };
}
