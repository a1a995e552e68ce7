// InfluxQL for a SeriesQuery. Identifiers are validated before they get here and quoted anyway;
// tag values from devices never enter the query text: they travel as bound parameters.
import type { Aggregate, PointsQuery, SeriesQuery } from './time-series-store.js';

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

/** The retention policy holding the rollups (the raw points live in the database's default one). */
export const ROLLUP_POLICY = 'rollup';

export function buildInfluxQuery(q: SeriesQuery): InfluxStatement {
  const { conditions, placeholders } = whereClause(q);
  const from = q.source === 'rollup' ? `${quoteIdentifier(ROLLUP_POLICY)}.${quoteIdentifier(q.measurement)}` : quoteIdentifier(q.measurement);
  const groupBy = [`time(${q.everyMs}ms)`];
  if (q.groupBy !== undefined) groupBy.push(quoteIdentifier(q.groupBy));
  const select = `SELECT ${FUNCTIONS[q.aggregate]}(${quoteIdentifier(q.field)}) AS "value" FROM ${from} WHERE ${conditions.join(' AND ')}`;
  if (q.sumGroups) {
    // A subquery: the groups' aggregates, then their sum per bucket (SeriesQuery.sumGroups).
    const text = `SELECT SUM("value") AS "value" FROM (${select} GROUP BY ${groupBy.join(', ')} fill(none)) WHERE ${conditions.slice(0, 2).join(' AND ')} GROUP BY ${groupBy[0]} fill(null)`;
    return { text, placeholders };
  }
  return { text: `${select} GROUP BY ${groupBy.join(', ')} fill(null)`, placeholders };
}

/** Raw values of one field, one series per tag set (GROUP BY *), so that each row's tags come back. */
export function buildInfluxPointsQuery(q: PointsQuery): InfluxStatement {
  const { conditions, placeholders } = whereClause(q);
  const text = `SELECT ${quoteIdentifier(q.field)} FROM ${quoteIdentifier(q.measurement)} WHERE ${conditions.join(' AND ')} GROUP BY *`;
  return { text, placeholders };
}

function whereClause(q: PointsQuery): { conditions: string[]; placeholders: Record<string, string> } {
  const placeholders: Record<string, string> = {};
  const conditions = [`time >= ${q.from.getTime()}ms`, `time < ${q.to.getTime()}ms`];
  Object.entries(q.where ?? {}).forEach(([key, value], index) => {
    const name = `w${index}`;
    placeholders[name] = value;
    // ::tag so that a field of the same name is never compared instead.
    conditions.push(`${quoteIdentifier(key)}::tag = $${name}`);
  });
  return { conditions, placeholders };
}
