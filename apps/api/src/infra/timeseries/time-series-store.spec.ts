// One set of cases, run as is against the embedded store and against a real InfluxDB:
// the two adapters must answer every query identically.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStore, hasInflux, influxStore } from '../../../../../test/support/time-series.js';
import {
  type Aggregate,
  type SeriesQuery,
  type TimePoint,
  TimeSeriesRejectedError,
  type TimeSeriesStore,
} from './time-series-store.js';


const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 15, 9, 0); // a Monday, 09:00 UTC
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * MINUTE + seconds * 1000);

let measurementCount = 0;
/** Each case writes to its own measurement, so cases share one database without seeing each other. */
const freshMeasurement = () => `m${++measurementCount}_${randomUUID().slice(0, 6)}`;

function point(
  measurement: string,
  minutes: number,
  seconds: number,
  fields: Record<string, number>,
  tags: Record<string, string> = {},
): TimePoint {
  return { measurement, tags, fields, time: at(minutes, seconds) };
}

function query(measurement: string, overrides: Partial<SeriesQuery> = {}): SeriesQuery {
  return { measurement, field: 'occupied', from: at(0), to: at(5), everyMs: MINUTE, aggregate: 'mean', ...overrides };
}

const times = (n: number, startMinute = 0) => Array.from({ length: n }, (_, i) => at(startMinute + i));

function contract(open: () => Promise<{ store: TimeSeriesStore; dispose: () => Promise<void> }>) {
  let store: TimeSeriesStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await open());
  });
  afterAll(async () => {
    await dispose?.();
  });

  describe('aggregates per bucket, empty buckets filled', () => {
    const m = freshMeasurement();
    // minute 0: 1, 2 | minute 1: 4 | minute 2: empty | minute 3: 2, 4, 6 | minute 4: empty
    const points = [
      point(m, 0, 10, { occupied: 1 }, { desk: 'a' }),
      point(m, 0, 40, { occupied: 2 }, { desk: 'b' }),
      point(m, 1, 5, { occupied: 4 }, { desk: 'a' }),
      point(m, 3, 0, { occupied: 2 }, { desk: 'a' }),
      point(m, 3, 30, { occupied: 6 }, { desk: 'b' }),
      point(m, 3, 20, { occupied: 4 }, { desk: 'c' }),
    ];
    const expected: Array<[Aggregate, Array<number | null>]> = [
      ['mean', [1.5, 4, null, 4, null]],
      ['max', [2, 4, null, 6, null]],
      ['min', [1, 4, null, 2, null]],
      ['sum', [3, 4, null, 12, null]],
      ['count', [2, 1, 0, 3, 0]],
      ['last', [2, 4, null, 6, null]],
    ];
    beforeAll(async () => {
      await store.write(points);
    });
    it.each(expected)('%s', async (aggregate, values) => {
      const rows = await store.query(query(m, { aggregate }));
      expect(rows).toEqual(times(5).map((time, i) => ({ time, value: values[i] })));
    });
  });

  it('filters on tags with where', async () => {
    const m = freshMeasurement();
    await store.write([
      point(m, 0, 0, { occupied: 1 }, { site: 'quimper', desk: 'a' }),
      point(m, 0, 1, { occupied: 0 }, { site: 'quimper', desk: 'b' }),
      point(m, 1, 0, { occupied: 1 }, { site: 'brest', desk: 'a' }),
    ]);
    const rows = await store.query(query(m, { where: { site: 'quimper', desk: 'a' }, aggregate: 'sum', to: at(2) }));
    expect(rows.map((r) => r.value)).toEqual([1, null]);
  });

  it('reads a tag a point lacks as the empty string in where', async () => {
    const m = freshMeasurement();
    await store.write([point(m, 0, 0, { occupied: 1 }, { zone: 'hall' }), point(m, 0, 1, { occupied: 3 })]);
    const rows = await store.query(query(m, { where: { zone: '' }, aggregate: 'sum', to: at(1) }));
    expect(rows.map((r) => r.value)).toEqual([3]);
  });

  it('groups by a tag: groups in name order, each over every bucket, "" for points without the tag', async () => {
    const m = freshMeasurement();
    await store.write([
      point(m, 0, 0, { occupied: 1 }, { zone: 'open-space', desk: 'a' }),
      point(m, 0, 0, { occupied: 0 }, { zone: 'open-space', desk: 'b' }),
      point(m, 2, 0, { occupied: 1 }, { zone: 'hall', desk: 'c' }),
      point(m, 1, 0, { occupied: 1 }, { desk: 'd' }),
    ]);
    const rows = await store.query(query(m, { groupBy: 'zone', aggregate: 'sum', to: at(3) }));
    expect(rows).toEqual([
      { time: at(0), value: null, group: '' },
      { time: at(1), value: 1, group: '' },
      { time: at(2), value: null, group: '' },
      { time: at(0), value: null, group: 'hall' },
      { time: at(1), value: null, group: 'hall' },
      { time: at(2), value: 1, group: 'hall' },
      { time: at(0), value: 1, group: 'open-space' },
      { time: at(1), value: null, group: 'open-space' },
      { time: at(2), value: null, group: 'open-space' },
    ]);
    const filtered = await store.query(query(m, { groupBy: 'desk', where: { zone: 'open-space' }, aggregate: 'count', to: at(2) }));
    expect(filtered).toEqual([
      { time: at(0), value: 1, group: 'a' },
      { time: at(1), value: 0, group: 'a' },
      { time: at(0), value: 1, group: 'b' },
      { time: at(1), value: 0, group: 'b' },
    ]);
  });

  it('sums the groups per bucket in the store with sumGroups: null where no group had data', async () => {
    const m = freshMeasurement();
    await store.write([
      point(m, 0, 0, { occupied: 2 }, { zone: 'open-space', desk: 'a' }),
      point(m, 0, 1, { occupied: 4 }, { zone: 'open-space', desk: 'b' }),
      point(m, 0, 0, { occupied: 1.5 }, { zone: 'hall', desk: 'c' }),
      point(m, 2, 0, { occupied: 1 }, { desk: 'd' }),
    ]);
    const rows = await store.query(query(m, { groupBy: 'zone', aggregate: 'mean', sumGroups: true, to: at(3) }));
    // Bucket 0: open-space mean 3 + hall 1.5; bucket 1: nothing; bucket 2: the zone-less desk alone.
    expect(rows).toEqual([
      { time: at(0), value: 4.5 },
      { time: at(1), value: null },
      { time: at(2), value: 1 },
    ]);
    await expect(store.query(query(m, { sumGroups: true, to: at(3) }))).rejects.toThrow(/sumGroups needs groupBy/);
  });

  it('counts from inclusive and to exclusive, buckets aligned to the epoch', async () => {
    const m = freshMeasurement();
    await store.write([
      point(m, 0, 29, { occupied: 100 }), // before from, in the first bucket
      point(m, 0, 30, { occupied: 1 }), // at from
      point(m, 2, 0, { occupied: 2 }),
      point(m, 2, 29, { occupied: 4 }), // at to
    ]);
    const rows = await store.query(query(m, { from: at(0, 30), to: at(2, 29), aggregate: 'sum' }));
    // The first row is the aligned bucket start, before `from`; the last bucket overlaps `to`.
    expect(rows).toEqual([
      { time: at(0), value: 1 },
      { time: at(1), value: null },
      { time: at(2), value: 2 },
    ]);
    const seven = 7 * MINUTE;
    const aligned = await store.query(query(m, { from: at(0), to: at(30), everyMs: seven, aggregate: 'count' }));
    expect(aligned.every((r) => r.time.getTime() % seven === 0)).toBe(true);
    expect(aligned[0]!.time.getTime()).toBe(Math.floor(T0 / seven) * seven);
    expect(aligned.reduce((n, r) => n + (r.value ?? 0), 0)).toBe(4);
  });

  it('answers an empty range with empty buckets, and no groups', async () => {
    const m = freshMeasurement();
    await store.write([point(m, 10, 0, { occupied: 1 }, { desk: 'a' })]);
    expect(await store.query(query(m, { to: at(3) }))).toEqual(times(3).map((time) => ({ time, value: null })));
    expect((await store.query(query(m, { to: at(3), aggregate: 'count' }))).map((r) => r.value)).toEqual([0, 0, 0]);
    expect(await store.query(query(m, { to: at(3), groupBy: 'desk' }))).toEqual([]);
    expect(await store.query(query('never_written', { to: at(2) }))).toEqual(times(2).map((time) => ({ time, value: null })));
    expect(await store.query(query(m, { from: at(3), to: at(3) }))).toEqual([]);
    expect(await store.query(query(m, { from: at(4), to: at(3) }))).toEqual([]);
  });

  it('keeps one point per measurement, tag set and time: a rewrite merges fields, the newer value wins', async () => {
    const m = freshMeasurement();
    await store.write([point(m, 0, 0, { occupied: 1, battery: 80 }, { desk: 'a' })]);
    await store.write([point(m, 0, 0, { occupied: 0 }, { desk: 'a' }), point(m, 0, 0, { occupied: 1 }, { desk: 'b' })]);
    expect((await store.query(query(m, { aggregate: 'count', to: at(1) })))[0]!.value).toBe(2);
    expect((await store.query(query(m, { aggregate: 'sum', to: at(1) })))[0]!.value).toBe(1);
    expect((await store.query(query(m, { field: 'battery', aggregate: 'last', to: at(1) })))[0]!.value).toBe(80);
  });

  it('treats one tag set written in any key order as one series', async () => {
    const m = freshMeasurement();
    await store.write([point(m, 0, 0, { occupied: 1 }, { site: 's', desk: 'a', zone: 'z' })]);
    await store.write([point(m, 0, 0, { occupied: 0 }, { desk: 'a', site: 's', zone: 'z' })]);
    expect((await store.query(query(m, { aggregate: 'count', to: at(1) })))[0]!.value).toBe(1);
    expect((await store.query(query(m, { aggregate: 'sum', to: at(1) })))[0]!.value).toBe(0);
  });

  it('last breaks a tie on time by the larger value', async () => {
    const m = freshMeasurement();
    await store.write([
      point(m, 0, 30, { occupied: 2 }, { desk: 'a' }),
      point(m, 0, 30, { occupied: 9 }, { desk: 'b' }),
      point(m, 0, 30, { occupied: 5 }, { desk: 'c' }),
      point(m, 0, 10, { occupied: 50 }, { desk: 'd' }),
    ]);
    expect((await store.query(query(m, { aggregate: 'last', to: at(1) })))[0]!.value).toBe(9);
  });

  it('ignores points without the queried field', async () => {
    const m = freshMeasurement();
    await store.write([point(m, 0, 0, { battery: 50 }, { desk: 'a' }), point(m, 0, 0, { occupied: 1 }, { desk: 'b' })]);
    expect(await store.query(query(m, { groupBy: 'desk', aggregate: 'count', to: at(1) }))).toEqual([{ time: at(0), value: 1, group: 'b' }]);
  });

  describe('tag values from devices', () => {
    const awkward = [`it's "x", a=b`, "x' OR '1'='1", 'desk 12', 'Bâtiment Ü – 北 🚪', '$w0', '--'];

    it('stores awkward tag values and filters on them exactly', async () => {
      const m = freshMeasurement();
      await store.write(awkward.map((desk, i) => point(m, 0, i, { occupied: i + 1 }, { desk })));
      for (const [i, desk] of awkward.entries()) {
        const rows = await store.query(query(m, { where: { desk }, aggregate: 'sum', to: at(1) }));
        expect(rows.map((r) => r.value), desk).toEqual([i + 1]);
      }
      const groups = await store.query(query(m, { groupBy: 'desk', aggregate: 'count', to: at(1) }));
      expect(groups.map((r) => r.group)).toEqual([...awkward].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it('treats injection attempts in where as plain values', async () => {
      const m = freshMeasurement();
      await store.write([point(m, 0, 0, { occupied: 1 }, { desk: 'a' })]);
      for (const desk of ["a' OR 'a'='a", 'a" OR "a"="a', "a\\' OR 1=1 --", 'a\nSELECT', "'; DROP DATABASE x; --"]) {
        const rows = await store.query(query(m, { where: { desk }, aggregate: 'count', to: at(1) }));
        expect(rows.map((r) => r.value), desk).toEqual([0]);
      }
    });

    it.each([
      ['a newline', 'a\nb v=1'],
      ['a backslash', 'a\\'],
      ['a control character', 'a\u0000b'],
      ['the empty string', ''],
      ['an overlong value', 'x'.repeat(257)],
    ])('refuses a tag value with %s, writing nothing of the batch', async (_what, desk) => {
      const m = freshMeasurement();
      const batch = [point(m, 0, 0, { occupied: 1 }, { desk: 'ok' }), point(m, 0, 1, { occupied: 1 }, { desk })];
      await expect(store.write(batch)).rejects.toBeInstanceOf(TimeSeriesRejectedError);
      expect((await store.query(query(m, { aggregate: 'count', to: at(1) })))[0]!.value).toBe(0);
    });
  });

  it.each<[string, TimePoint]>([
    ['a measurement with a space', { measurement: 'desk presence', tags: {}, fields: { occupied: 1 }, time: at(0) }],
    ['a quoted measurement', { measurement: 'x"; DROP', tags: {}, fields: { occupied: 1 }, time: at(0) }],
    ['a tag key with "="', { measurement: 'm', tags: { 'a=b': 'x' }, fields: { occupied: 1 }, time: at(0) }],
    ['a field named time', { measurement: 'm', tags: {}, fields: { time: 1 }, time: at(0) }],
    ['a NaN field', { measurement: 'm', tags: {}, fields: { occupied: Number.NaN }, time: at(0) }],
    ['an infinite field', { measurement: 'm', tags: {}, fields: { occupied: Infinity }, time: at(0) }],
    ['no field', { measurement: 'm', tags: {}, fields: {}, time: at(0) }],
    ['a tag and a field of one name', { measurement: 'm', tags: { occupied: 'x' }, fields: { occupied: 1 }, time: at(0) }],
    ['an invalid date', { measurement: 'm', tags: {}, fields: { occupied: 1 }, time: new Date(Number.NaN) }],
  ])('refuses %s', async (_what, bad) => {
    await expect(store.write([bad])).rejects.toBeInstanceOf(TimeSeriesRejectedError);
  });

  it.each<[string, Partial<SeriesQuery>]>([
    ['a quoted group tag', { groupBy: 'desk" OR 1=1' }],
    ['a quoted where key', { where: { 'desk" = \'a\' OR "x': 'y' } }],
    ['a quoted field', { field: 'occupied") FROM x --' }],
    ['a zero bucket', { everyMs: 0 }],
    ['a fractional bucket', { everyMs: 1.5 }],
    ['too many buckets', { everyMs: 1, to: at(60 * 24) }],
    ['an unknown aggregate', { aggregate: 'median' as Aggregate }],
  ])('refuses a query with %s', async (_what, overrides) => {
    await expect(store.query(query('m', overrides))).rejects.toBeInstanceOf(TimeSeriesRejectedError);
  });

  it('accepts an empty write, a second start, and answers ping', async () => {
    await store.write([]);
    await store.start();
    await expect(store.ping()).resolves.toBe(true);
  });
}

describe('EmbeddedTimeSeriesStore', () => {
  contract(() => embeddedStore());
});

describe.skipIf(!hasInflux)('InfluxTimeSeriesStore (real InfluxDB)', () => {
  contract(async () => {
    const influx = await influxStore();
    expect(await influx.admin.getDatabaseNames()).toContain(influx.database);
    return influx;
  });
});
