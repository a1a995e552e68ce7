// points(), hourly rollups and retention: one set of cases on the embedded store and on a real
// InfluxDB, like time-series-store.spec.ts. Times are recent (the last two days) because once
// retention is configured InfluxDB refuses points older than the raw policy.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasInflux, influxServer } from '../../../../../test/support/time-series.js';
import { EmbeddedTimeSeriesStore } from './embedded-time-series-store.js';
import { InfluxTimeSeriesStore } from './influx-time-series-store.js';
import type { RetentionPlan, TimePoint, TimeSeriesStore } from './time-series-store.js';


const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const H0 = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
const at = (hours: number, minutes = 0) => new Date(H0 + hours * HOUR + minutes * MINUTE);
const BASE_PLAN: RetentionPlan = { rawDays: 90, rollupDays: 1095, rollups: [] };

let count = 0;
const fresh = () => `r${++count}_${randomUUID().slice(0, 6)}`;
const point = (
  measurement: string,
  time: Date,
  fields: Record<string, number>,
  tags: Record<string, string>,
): TimePoint => ({ measurement, tags, fields, time });

function contract(open: () => Promise<{ store: TimeSeriesStore; dispose: () => Promise<void> }>) {
  let store: TimeSeriesStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await open());
    await store.configureRetention(BASE_PLAN);
    await store.configureRetention(BASE_PLAN); // idempotent
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('points(): every value in [from, to) with its tags, in time order then tag set', async () => {
    const m = fresh();
    await store.write([
      point(m, at(0, 30), { occupied: 0 }, { site: 'quimper', desk: 'b' }),
      point(m, at(0, 10), { occupied: 1 }, { site: 'quimper', desk: 'b' }),
      point(m, at(0, 10), { occupied: 1 }, { site: 'quimper', desk: 'a' }),
      point(m, at(0, 20), { occupied: 1 }, { site: 'brest', desk: 'a' }),
      point(m, at(0, 40), { battery: 80 }, { site: 'quimper', desk: 'a' }), // another field only
      point(m, at(1), { occupied: 1 }, { site: 'quimper', desk: 'c' }), // at `to`: excluded
      point(m, at(0, 50), { occupied: 1 }, { site: 'quimper' }), // no desk tag
    ]);
    const rows = await store.points({ measurement: m, field: 'occupied', where: { site: 'quimper' }, from: at(0), to: at(1) });
    expect(rows).toEqual([
      { time: at(0, 10), value: 1, tags: { desk: 'a', site: 'quimper' } },
      { time: at(0, 10), value: 1, tags: { desk: 'b', site: 'quimper' } },
      { time: at(0, 30), value: 0, tags: { desk: 'b', site: 'quimper' } },
      { time: at(0, 50), value: 1, tags: { site: 'quimper' } },
    ]);
    expect(await store.points({ measurement: m, field: 'occupied', from: at(2), to: at(1) })).toEqual([]);
    expect(await store.points({ measurement: 'never_written', field: 'occupied', from: at(0), to: at(1) })).toEqual([]);
  });

  it('rollUp(): hourly mean and max of each field per tag set, whole hours only, into the rollups', async () => {
    const m = fresh();
    const plan: RetentionPlan = { ...BASE_PLAN, rollups: [{ measurement: m, into: `${m}_hourly`, fields: ['occupied', 'headcount'] }] };
    await store.write([
      point(m, at(0, 0), { occupied: 2, headcount: 5 }, { site: 's', zone: 'a' }),
      point(m, at(0, 30), { occupied: 4 }, { site: 's', zone: 'a' }),
      point(m, at(0, 10), { occupied: 1, headcount: 1 }, { site: 's', zone: 'b' }),
      point(m, at(1, 59), { occupied: 6, headcount: 7 }, { site: 's', zone: 'a' }),
      point(m, at(2, 10), { occupied: 9, headcount: 9 }, { site: 's', zone: 'a' }), // hour 2 is not whole before to
    ]);
    await store.rollUp(plan, at(0, -10), at(2, 30));
    const read = (field: string) =>
      store.query({ measurement: `${m}_hourly`, source: 'rollup', field, groupBy: 'zone', aggregate: 'mean', everyMs: HOUR, from: at(0), to: at(3) });
    const values = async (field: string) => (await read(field)).map((r) => [r.group, r.value]);
    expect(await values('occupied_mean')).toEqual([['a', 3], ['a', 6], ['a', null], ['b', 1], ['b', null], ['b', null]]);
    expect(await values('occupied_max')).toEqual([['a', 4], ['a', 6], ['a', null], ['b', 1], ['b', null], ['b', null]]);
    expect(await values('headcount_mean')).toEqual([['a', 5], ['a', 7], ['a', null], ['b', 1], ['b', null], ['b', null]]);

    // Recomputing an hour replaces it: a late point moves hour 0 of zone a to mean (2 + 4 + 6) / 3 = 4, max 6.
    await store.write([point(m, at(0, 45), { occupied: 6 }, { site: 's', zone: 'a' })]);
    await store.rollUp(plan, at(0), at(1));
    expect((await values('occupied_mean'))[0]).toEqual(['a', 4]);
    expect((await values('occupied_max'))[0]).toEqual(['a', 6]);
    // The raw series is still there and unchanged by the rollup.
    const raw = await store.query({ measurement: m, field: 'occupied', aggregate: 'count', everyMs: HOUR, from: at(0), to: at(3) });
    expect(raw.map((r) => r.value)).toEqual([4, 1, 1]);
  });
}

describe('EmbeddedTimeSeriesStore: points, rollups, retention', () => {
  let dir: string;
  contract(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-ts-retention-'));
    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  it('expire(): deletes raw points older than rawDays and rollups older than rollupDays', async () => {
    const store = new EmbeddedTimeSeriesStore({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'cantine-ts-expire-')) });
    await store.start();
    const now = new Date('2026-06-01T00:00:00Z');
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const plan: RetentionPlan = { rawDays: 90, rollupDays: 1095, rollups: [{ measurement: 'z', into: 'z_hourly', fields: ['occupied'] }] };
    await store.write([91, 89].map((n) => point('z', day(n), { occupied: n }, { zone: 'a' })));
    await store.write([1096, 1094].map((n) => point('z', day(n), { occupied: n }, { zone: 'a' })));
    await store.rollUp(plan, day(1100), now);
    // Raw: 91 days and 1096 and 1094 go; rollups: only 1096 days goes.
    expect(await store.expire(plan, now)).toBe(3 + 1);
    const raw = await store.points({ measurement: 'z', field: 'occupied', from: day(2000), to: now });
    expect(raw.map((r) => r.value)).toEqual([89]);
    const rollups = await store.query({ measurement: 'z_hourly', source: 'rollup', field: 'occupied_mean', aggregate: 'count', everyMs: 86_400_000, from: day(1100), to: now });
    expect(rollups.reduce((n, r) => n + (r.value ?? 0), 0)).toBe(3);
    expect(await store.expire(plan, now)).toBe(0);
    await store.close();
    rmSync(path.dirname(store.file), { recursive: true, force: true });
  });
});

describe.skipIf(!hasInflux)('InfluxTimeSeriesStore (real InfluxDB): points, rollups, retention', () => {
  const database = `cantine_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = hasInflux
    ? new InfluxDB({ host: new URL(influxServer!).hostname, port: Number(new URL(influxServer!).port || 8086) })
    : undefined;
  contract(async () => {
    const store = new InfluxTimeSeriesStore(`${influxServer}/${database}`);
    await store.start();
    return { store, dispose: () => admin!.dropDatabase(database) };
  });

  it('configureRetention(): raw (default, 90 days) and rollup (3 years) policies, one continuous query per rollup', async () => {
    const store = new InfluxTimeSeriesStore(`${influxServer}/${database}`);
    const plan: RetentionPlan = { ...BASE_PLAN, rollups: [{ measurement: 'zone_occupancy', into: 'zone_occupancy_hourly', fields: ['occupied'] }] };
    await store.configureRetention(plan);
    await store.configureRetention(plan);
    const policies = await admin!.showRetentionPolicies(database);
    expect(policies.find((p) => p.name === 'raw')).toMatchObject({ duration: '2160h0m0s', default: true });
    expect(policies.find((p) => p.name === 'rollup')).toMatchObject({ duration: '26280h0m0s', default: false });
    const queries = await admin!.showContinousQueries(database);
    expect(queries.map((q) => q.name)).toEqual(['cq_zone_occupancy_hourly']);
    expect(queries[0]!.query).toContain('RESAMPLE EVERY 1h FOR 2h');
    expect(await store.expire(plan)).toBe(0);
  });
});
