import { describe, expect, it } from 'vitest';
import { buildInfluxQuery, quoteIdentifier } from './influx-query.js';

describe('buildInfluxQuery', () => {
  it('keeps tag values out of the statement, as bound parameters', () => {
    const { text, placeholders } = buildInfluxQuery({
      measurement: 'desk_presence',
      field: 'occupied',
      where: { site: "q' OR '1'='1", desk: 'a' },
      from: new Date(60_000),
      to: new Date(180_000),
      everyMs: 60_000,
      aggregate: 'last',
      groupBy: 'zone',
    });
    expect(text).toBe(
      'SELECT LAST("occupied") AS "value" FROM "desk_presence"' +
        ' WHERE time >= 60000ms AND time < 180000ms AND "site"::tag = $w0 AND "desk"::tag = $w1' +
        ' GROUP BY time(60000ms), "zone" fill(null)',
    );
    expect(placeholders).toEqual({ w0: "q' OR '1'='1", w1: 'a' });
  });

  it('quotes identifiers', () => {
    expect(quoteIdentifier('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
