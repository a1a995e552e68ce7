// The desk reports summed up by the store (SQL; on InfluxDB the same SQL in a worker over the
// fetched points) give the same bodies as the domain rules over the raw changes, on generated
// histories with the awkward cases: repeated states, several desks changing at one instant, stays across midnight and across
// the change to summer time, stays open at the end, other sites, points without a desk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStore, hasInflux, influxStore, type StoreUnderTest } from '../../../../test/support/time-series.js';
import { EmbeddedTimeSeriesStore, type IntervalsQuery, MAX_POINT_ROWS, type TimePoint, type TimeSeriesStore } from '../infra/timeseries/index.js';
import { parseSiteFile } from '../sites/site-file.js';
import { readDeskChanges } from './analytics-series.js';
import { peaksReport, staysReport, utilisationReport } from './history-reports.js';
import { deskOccupancyPoint } from './series-schema.js';

const site = parseSiteFile(readFileSync(new URL('../../../../config/sites/quimper.json', import.meta.url), 'utf8'), 'quimper.json');
const MINUTE = 60_000;
const START = Date.parse('2026-03-16T00:00:00+01:00');
const END = Date.parse('2026-04-06T00:00:00+02:00');

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

/** Changes on 10-minute marks (so desks often change at the same instant), some states repeated. */
function history(seed: number): TimePoint[] {
  const next = random(seed);
  const points: TimePoint[] = [];
  for (let d = 0; d < 10; d++) {
    const desk = `desk-${String(d + 1).padStart(2, '0')}`;
    for (let t = START + Math.floor(next() * 600) * MINUTE; t < END; t += (10 + Math.floor(next() * 40) * 10) * MINUTE) {
      points.push(deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk, occupied: next() < 0.55, at: new Date(Math.floor(t / (10 * MINUTE)) * 10 * MINUTE) }));
    }
  }
  points.push(deskOccupancyPoint({ site: 'brest', zone: 'open-space', desk: 'desk-01', occupied: true, at: new Date(START + 3_600_000) }));
  points.push({ measurement: 'desk_occupancy', tags: { site: 'quimper', zone: 'open-space' }, fields: { occupied: 1 }, time: new Date(START + 7_200_000) });
  return points;
}

const PERIODS: Array<[string, string]> = [
  ['2026-03-17T00:00:00+01:00', '2026-04-05T23:00:00+02:00'],
  ['2026-03-27T13:07:00+01:00', '2026-03-31T10:33:00+02:00'], // across the change to summer time, cut mid-stay
  ['2026-03-23T09:00:00+01:00', '2026-03-23T17:00:00+01:00'],
  ['2026-04-04T00:00:00+02:00', '2026-04-05T00:00:00+02:00'], // a weekend: no opening hours
];

function equivalence(name: string, open: () => Promise<StoreUnderTest<TimeSeriesStore>>) {
  describe(`desk reports on ${name}: summed up by the store = domain rules over the raw changes`, () => {
    let under: StoreUnderTest<TimeSeriesStore>;
    let store: TimeSeriesStore;
    /** The same store, summaries refused: the reports read the changes and apply the domain rules. */
    let raw: TimeSeriesStore;

    beforeAll(async () => {
      under = await open();
      store = under.store;
      await store.write([...history(7), ...history(11).map((p) => ({ ...p, tags: { ...p.tags, desk: `${p.tags.desk}-b` } }))]);
      raw = Object.create(store, { summarizeIntervals: { value: async () => null } }) as TimeSeriesStore;
    });
    afterAll(() => under.dispose());

    it.each(PERIODS)('from %s to %s', async (fromIso, toIso) => {
      const p = { from: new Date(fromIso), to: new Date(toIso) };
      // The store's path is really taken: each report's summary is answered by the store.
      const answered: string[] = [];
      const summed = Object.create(store, {
        summarizeIntervals: {
          value: async (q: IntervalsQuery) => store.summarizeIntervals(q).then((s) => (s && answered.push(s.kind), s)),
        },
      }) as TimeSeriesStore;
      expect(await staysReport(summed, site, p)).toEqual(await staysReport(raw, site, p));
      expect(await utilisationReport(summed, site, p)).toEqual(await utilisationReport(raw, site, p));
      const days = Math.ceil((p.to.getTime() - p.from.getTime()) / 86_400_000);
      expect(await peaksReport(summed, site, p.to, days)).toEqual(await peaksReport(raw, site, p.to, days));
      expect(answered).toEqual(['durations', 'overlap', 'peaks']);
    });

    it('has something to compare: stays, busy desks and peaks above zero', async () => {
      const p = { from: new Date(PERIODS[0]![0]), to: new Date(PERIODS[0]![1]) };
      const stays = await staysReport(store, site, p);
      expect(stays.stays).toBeGreaterThan(100);
      expect((await utilisationReport(store, site, p)).desks.filter((d) => d.occupiedMinutes > 0).length).toBeGreaterThan(5);
      expect((await peaksReport(store, site, p.to, 7)).days.some((d) => d.occupied >= 5)).toBe(true);
    });
  });
}

equivalence('the embedded store (SQL)', () => embeddedStore('cantine-aggregation-'));
describe.skipIf(!hasInflux)('InfluxDB', () => equivalence('InfluxDB (the same SQL in a worker, over the fetched points)', () => influxStore()));

describe('stay durations', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Stays of 10, 20, 60 and 90 minutes, then one of 5 more: medians 40, then 20.
  it.each([
    [[10, 20, 60, 90], 40],
    [[10, 20, 60, 90, 5], 20],
  ])('%j minutes: median %d on both paths', async (durations, median) => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-median-'));
    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    const t0 = Date.parse('2026-03-23T09:00:00+01:00');
    await store.write(
      durations.flatMap((minutes, i) => [
        deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk: `desk-0${i + 1}`, occupied: true, at: new Date(t0 + i * MINUTE) }),
        deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk: `desk-0${i + 1}`, occupied: false, at: new Date(t0 + (i + minutes) * MINUTE) }),
      ]),
    );
    const raw = Object.create(store, { summarizeIntervals: { value: async () => null } }) as TimeSeriesStore;
    const p = { from: new Date(t0), to: new Date(t0 + 86_400_000) };
    const sum = durations.reduce((a, b) => a + b, 0);
    for (const s of [store, raw]) {
      expect(await staysReport(s, site, p)).toMatchObject({
        stays: durations.length,
        ongoing: 0,
        medianMinutes: median,
        longestMinutes: 90,
        averageMinutes: Math.round((sum / durations.length) * 10) / 10,
      });
    }
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a long period of a busy site', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers from more desk changes than one points() answer may hold, on both paths', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-busy-'));
    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    // 220 desks × 16 changes a day × 60 days: 211,200 changes, over the cap of a points() answer.
    const from = Date.parse('2026-01-05T00:00:00Z');
    const points: TimePoint[] = [];
    for (let day = 0; day < 60; day++) {
      for (let d = 0; d < 220; d++) {
        for (let k = 0; k < 16; k++) {
          const at = new Date(from + day * 86_400_000 + (7 * 60 + k * 40 + (d % 7)) * MINUTE);
          points.push(deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk: `d${d}`, occupied: k % 2 === 0, at }));
        }
      }
    }
    expect(points.length).toBeGreaterThan(MAX_POINT_ROWS);
    for (let i = 0; i < points.length; i += 50_000) await store.write(points.slice(i, i + 50_000));
    // From 07:01: the week slices of the raw path start there, one minute after some changes.
    const p = { from: new Date(from + 2 * 86_400_000 + 421 * MINUTE), to: new Date(from + 60 * 86_400_000) };
    const stays = await staysReport(store, site, p);
    const startsInPeriod = points.filter((q) => q.fields.occupied === 1 && q.time >= p.from && q.time < p.to).length;
    expect(stays.stays).toBe(startsInPeriod);
    expect(stays.medianMinutes).toBe(40);
    // The raw path reads the changes a week at a time: none is lost, none read twice.
    const lookback = new Date(p.from.getTime() - 2 * 86_400_000);
    expect((await readDeskChanges(store, 'quimper', p.from, p.to)).length).toBe(points.filter((q) => q.time >= lookback && q.time < p.to).length);
    await store.close();
  });
});
