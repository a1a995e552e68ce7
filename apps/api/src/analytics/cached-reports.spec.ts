// The reports through the service's store (CachingTimeSeriesStore: finished days kept) equal the
// same reports read straight from the adapter, on a seeded fortnight, cold and warm, and after what
// changes a finished day: a late point written into it, its rollups recomputed, a day passing.
// On the embedded store, and on InfluxDB when the suite has one.
import { readFileSync } from 'node:fs';
import { dayProfile, localTime, typicalDay } from '#domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStore, hasInflux, influxStore, type StoreUnderTest } from '../../../../test/support/time-series.js';
import { CachingTimeSeriesStore, type IntervalsQuery, type SeriesQuery, type TimePoint, type TimeSeriesStore } from '../infra/timeseries/index.js';
import { parseSiteFile } from '../sites/site-file.js';
import { DESK_LOOKBACK_MS, readOccupiedSamples } from './analytics-series.js';
import { denialsReport, peaksReport, staysReport, utilisationReport } from './history-reports.js';
import { occupancySeries, type Every } from './occupancy-report.js';
import { accessDecisionPoint, deskOccupancyPoint, RETENTION_PLAN, zoneOccupancyPoint } from './series-schema.js';
import { round, startOfLocalDay } from './report-format.js';
import { TypicalDays } from './typical-days.js';
import { forecastReport, heatmapReport, todayReport } from './typical-reports.js';

const site = parseSiteFile(readFileSync(new URL('../../../../config/sites/quimper.json', import.meta.url), 'utf8'), 'quimper.json');
const MINUTE = 60_000;
const DAY = 86_400_000;
/** 20 days ago at UTC midnight: InfluxDB refuses points older than the raw policy's 90 days. */
const START = Math.floor(Date.now() / DAY) * DAY - 20 * DAY;
/** Mid-morning of the 15th day: 14 finished UTC days, today partial. */
const NOW = START + 14 * DAY + 9 * 3_600_000 + 17 * MINUTE;

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

/** Minute snapshots of two zones with random occupancy (some minutes missing), and decisions. */
function history(until: number): TimePoint[] {
  const next = random(5);
  const points: TimePoint[] = [];
  for (let t = START; t < until; t += MINUTE) {
    if (next() < 0.05) continue;
    const occupied = Math.floor(next() * 25);
    const at = new Date(t);
    points.push(zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied, free: 24 - occupied, offline: 0, headcount: occupied + 1, at }));
    points.push(zoneOccupancyPoint({ site: 'quimper', zone: 'hall', occupied: 0, free: 0, offline: 0, headcount: Math.floor(next() * 4), at }));
    if (next() < 0.05) {
      const granted = next() < 0.8;
      points.push(accessDecisionPoint({ site: 'quimper', door: 'entrance', granted, reason: granted ? 'subscription' : next() < 0.5 ? 'outside-hours' : 'no-valid-pass', at }));
    }
  }
  return [...points, ...desks(until)];
}

/**
 * Every desk changes every day (the reports' lookback rule), on 10-minute marks so that desks
 * change at the same instant; some stays run across midnight, one is still open.
 */
function desks(until: number): TimePoint[] {
  const next = random(9);
  const points: TimePoint[] = [];
  const change = (desk: string, occupied: boolean, t: number) => {
    if (t < until) points.push(deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk, occupied, at: new Date(t) }));
  };
  for (let day = START; day < until; day += DAY) {
    for (let d = 0; d < 12; d++) {
      const desk = `desk-${String(d + 1).padStart(2, '0')}`;
      let t = day + (7 * 60 + Math.floor(next() * 12) * 10) * MINUTE;
      for (let k = 0; k < 3; k++) {
        change(desk, true, t);
        if (next() < 0.2) change(desk, true, t + 30 * MINUTE); // a repeated state
        t += (30 + Math.floor(next() * 18) * 10) * MINUTE;
        change(desk, false, t);
        t += Math.floor(next() * 6) * 10 * MINUTE;
      }
      if (d < 2) change(desk, true, day + 22 * 3_600_000); // across midnight, until 01:00
      if (d < 2) change(desk, false, day + 25 * 3_600_000);
    }
  }
  change('desk-12', true, until - 30 * MINUTE);
  // 40 hours, from within the partial first day of a report, ending after the day that follows it.
  change('desk-20', true, START + 2 * DAY + 10 * 3_600_000);
  change('desk-20', false, START + 4 * DAY + 2 * 3_600_000);
  return points;
}

/** Every report that reads the aggregated series, over periods cut mid-bucket and mid-day. */
async function reports(store: TimeSeriesStore, nowMs: number) {
  const now = new Date(nowMs);
  const cut = { from: new Date(START + 3 * DAY), to: new Date(START + 9 * DAY + 13 * 3_600_000) };
  const series = (from: number, to: number, every: Every) => occupancySeries(store, site, new Date(from), new Date(to), every, now);
  const live = { occupied: 3, offline: 1, total: 24 };
  return {
    minutes: await series(START + 9 * DAY, START + 10 * DAY, '1m'),
    quarters: await series(START + 2 * DAY + 7 * MINUTE, nowMs, '15m'),
    hours: await series(START + 3 * 3_600_000 + 30 * MINUTE, nowMs, '1h'),
    days: await series(START, nowMs, '1d'),
    /** Cut mid-day in the past, then the same series through that day whole. */
    cut: await series(START + 4 * DAY, START + 6 * DAY + 5 * 3_600_000 + 7 * MINUTE, '15m'),
    through: await series(START + 4 * DAY, START + 8 * DAY, '15m'),
    /** Up to tomorrow's end: today is in it whole, and still being written. */
    ahead: await series(START + 13 * DAY, START + 16 * DAY, '15m'),
    rollups: await occupancySeries(store, site, new Date(START), new Date(nowMs), '1h', new Date(START + 95 * DAY)),
    heatmap: await heatmapReport(store, site, now, 2, 'desks'),
    today: await todayReport(store, site, now, 2),
    forecast: await forecastReport(store, site, now, live),
    denials: await denialsReport(store, site, { from: new Date(START + 5 * 3_600_000), to: now }),
    utilisation: await utilisationReport(store, site, { from: new Date(START + 2 * DAY + 3 * 3_600_000), to: now }),
    utilisationCut: await utilisationReport(store, site, cut),
    peaks: await peaksReport(store, site, now, 10),
    stays: await staysReport(store, site, { from: new Date(START + 2 * DAY + 3 * 3_600_000), to: now }),
    staysCut: await staysReport(store, site, cut),
  };
}

function equivalence(name: string, open: () => Promise<StoreUnderTest<TimeSeriesStore>>) {
  describe.shuffle(`reports on ${name}: through the cache of finished days = straight from the adapter`, () => {
    let under: StoreUnderTest<TimeSeriesStore>;
    let adapter: TimeSeriesStore;
    let clock = NOW;
    let cached: CachingTimeSeriesStore;
    /** Milliseconds of series the adapter was asked to aggregate. */
    let asked = 0;
    /** [readFrom, from] of each interval summary the adapter was asked for. */
    const summaries: Array<[number, number]> = [];

    beforeAll(async () => {
      under = await open();
      adapter = under.store;
      await adapter.configureRetention(RETENTION_PLAN);
      const points = history(NOW);
      for (let i = 0; i < points.length; i += 10_000) await adapter.write(points.slice(i, i + 10_000));
      await adapter.rollUp(RETENTION_PLAN, new Date(START), new Date(NOW));
    });
    afterAll(() => under.dispose());

    const fresh = () => {
      clock = NOW;
      asked = 0;
      const counted = Object.create(adapter, {
        query: { value: (q: SeriesQuery) => ((asked += q.to.getTime() - q.from.getTime()), adapter.query(q)) },
        summarizeIntervals: {
          value: (q: IntervalsQuery) => (summaries.push([q.readFrom.getTime(), q.from.getTime()]), adapter.summarizeIntervals(q)),
        },
      }) as TimeSeriesStore;
      summaries.length = 0;
      cached = new CachingTimeSeriesStore(counted, { now: () => clock });
    };

    it('answers the same, cold and then from the cache', async () => {
      fresh();
      const expected = await reports(adapter, NOW);
      expect(expected.minutes.points.filter((p) => p.occupied !== null).length).toBeGreaterThan(1000);
      expect(expected.denials.denied).toBeGreaterThan(10);
      expect(expected.stays.stays).toBeGreaterThan(300);
      expect(expected.stays.ongoing).toBeGreaterThan(0);
      expect(expected.peaks.days.filter((d) => d.occupied > 5).length).toBeGreaterThan(5);
      expect(await reports(cached, NOW)).toEqual(expected);
      const cold = asked;
      asked = 0;
      expect(await reports(cached, NOW)).toEqual(expected);
      // Warm, only today and the partial first days are read again.
      expect(asked).toBeLessThan(cold / 5);
    });

    it('stays from within a finished day: warm, its first day is not read again (it is kept whole)', async () => {
      fresh();
      // Noon: stays started that morning are left out, those of the afternoon counted.
      const period = { from: new Date(START + 2 * DAY + 12 * 3_600_000), to: new Date(NOW) };
      const expected = await staysReport(adapter, site, period);
      expect(await staysReport(cached, site, period)).toEqual(expected);
      summaries.length = 0;
      expect(await staysReport(cached, site, period)).toEqual(expected);
      // Yesterday and today only (two desks' stays run past midnight: yesterday is not kept yet).
      const yesterday = Math.floor(NOW / DAY) * DAY - DAY;
      expect(summaries.length).toBeGreaterThan(0);
      expect(Math.min(...summaries.map(([readFrom]) => readFrom))).toBe(yesterday - DESK_LOOKBACK_MS);
    });

    it('warm, what the desk reports read again needs no look-back: the desks open at its start (today: at midnight) are kept', async () => {
      fresh();
      const expected = await reports(adapter, NOW);
      expect(await reports(cached, NOW)).toEqual(expected);
      summaries.length = 0;
      expect(await reports(cached, NOW)).toEqual(expected);
      // Today, yesterday (its stays run past midnight: not kept yet) and the periods' partial days.
      expect(summaries.length).toBeGreaterThan(3);
      const today = Math.floor(NOW / DAY) * DAY;
      expect(summaries.filter(([readFrom, from]) => readFrom !== (from <= today ? from : today))).toEqual([]);
    });

    it('today and forecast: the typical day is kept for the day, and computed again after a late point into one of its weeks', async () => {
      fresh();
      const kept = new TypicalDays();
      const spans: Array<[number, number]> = [];
      const watched = Object.create(cached, {
        query: { value: (q: SeriesQuery) => (spans.push([q.from.getTime(), q.to.getTime()]), cached.query(q)) },
      }) as TimeSeriesStore;
      const now = new Date(NOW);
      const live = { occupied: 3, offline: 1, total: 24 };
      const first = await todayReport(watched, site, now, 2, kept);
      expect(first).toEqual(await todayReport(adapter, site, now, 2));
      // As before the typical day was kept: one read of the weeks and today, both rules over it.
      const samples = await readOccupiedSamples(adapter, 'quimper', startOfLocalDay(now, site.timezone, -14), now);
      const date = localTime(now, site.timezone).date;
      const typical = typicalDay({ samples, timeZone: site.timezone, date, weeks: 2, site });
      const today = dayProfile(samples, site.timezone, date);
      expect(first.basedOn).toEqual(typical.basedOn);
      const before = typical.slots.map((slot, i) => [round(today[i]!.value), round(slot.value)]);
      expect(first.slots.map((slot) => [slot.today, slot.typical])).toEqual(before);
      expect(first.slots.filter((slot) => slot.today !== null && slot.typical !== null).length).toBeGreaterThan(5);
      expect(await forecastReport(watched, site, now, live, kept)).toEqual(await forecastReport(adapter, site, now, live));
      spans.length = 0;
      expect(await todayReport(watched, site, now, 2, kept)).toEqual(first);
      // Only today is read again.
      const midnight = startOfLocalDay(now, site.timezone).getTime();
      expect(spans).toEqual([[midnight, NOW]]);
      // A week before today, 10:00 in Quimper: the typical day's 10:00 slot moves.
      const at = new Date(midnight - 7 * DAY + 10 * 3_600_000);
      await cached.write([zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied: 99, free: 0, offline: 0, headcount: 99, at })]);
      const after = await todayReport(watched, site, now, 2, kept);
      expect(after).toEqual(await todayReport(adapter, site, now, 2));
      expect(after).not.toEqual(first);
    });

    it('windows whose look-back reaches before the raw retention: kept while what retention left is the same, read again after an expiry, the next day, or in a day\'s first hour', async () => {
      fresh();
      // 10 days of raw points: the first days of these reports look back before them. The adapter
      // itself keeps its points (its policy and expiry are left alone): the answers must not move.
      const plan = { ...RETENTION_PLAN, rawDays: 10 };
      const inner = Object.create(cached.inner, {
        configureRetention: { value: () => Promise.resolve() },
        expire: { value: () => Promise.resolve(0) },
      }) as TimeSeriesStore;
      const store = new CachingTimeSeriesStore(inner, { now: () => clock, ttlMs: 30 * DAY });
      await store.configureRetention(plan);
      const period = { from: new Date(START + 4 * DAY + 3 * 3_600_000), to: new Date(START + 9 * DAY + 13 * 3_600_000) };
      const read = async (on: TimeSeriesStore) => ({
        peaks: await peaksReport(on, site, new Date(clock), 10),
        stays: await staysReport(on, site, period),
        utilisation: await utilisationReport(on, site, period),
      });
      const beforeRetention = () => summaries.filter(([readFrom]) => readFrom < clock - plan.rawDays * DAY);
      const expected = await read(adapter);
      expect(await read(store)).toEqual(expected);
      expect(beforeRetention().length).toBeGreaterThan(2);
      summaries.length = 0;
      expect(await read(store)).toEqual(expected);
      expect(beforeRetention()).toEqual([]);
      // An expiry may have deleted points they were read from.
      await store.expire(plan, new Date(clock));
      summaries.length = 0;
      expect(await read(store)).toEqual(expected);
      expect(beforeRetention().length).toBeGreaterThan(2);
      // The next day (InfluxDB drops a day's shard after midnight): the same period read again.
      clock = NOW + DAY;
      summaries.length = 0;
      expect(await read(store)).toEqual(await read(adapter));
      expect(summaries.filter(([readFrom]) => readFrom < NOW - plan.rawDays * DAY).length).toBeGreaterThan(2);
      // Within a day's first hour, the drop may be under way: not kept.
      clock = Math.floor(NOW / DAY) * DAY + DAY + 30 * MINUTE;
      expect(await read(store)).toEqual(await read(adapter));
      summaries.length = 0;
      await read(store);
      expect(beforeRetention().length).toBeGreaterThan(2);
    });

    it('sees a late point written into a finished day', async () => {
      fresh();
      await reports(cached, NOW);
      const at = new Date(START + 9 * DAY + 10 * 3_600_000);
      await cached.write([
        zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied: 99, free: 0, offline: 0, headcount: 99, at }),
        accessDecisionPoint({ site: 'quimper', door: 'entrance', granted: false, reason: 'badge-revoked', at }),
        deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk: 'desk-05', occupied: false, at }),
        deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk: 'desk-07', occupied: true, at }),
      ]);
      const expected = await reports(adapter, NOW);
      expect(expected.minutes.points.some((p) => p.occupied === 99)).toBe(true);
      expect(await reports(cached, NOW)).toEqual(expected);
    });

    it('sees recomputed rollups and a day that ends', async () => {
      fresh();
      await reports(cached, NOW);
      const at = new Date(START + 2 * DAY + 4 * 3_600_000);
      await cached.write([zoneOccupancyPoint({ site: 'quimper', zone: 'hall', occupied: 0, free: 0, offline: 0, headcount: 77, at })]);
      await cached.rollUp(RETENTION_PLAN, new Date(START + 2 * DAY), new Date(START + 3 * DAY));
      expect(await reports(cached, NOW)).toEqual(await reports(adapter, NOW));
      // Within the entries' hour: yesterday is now a finished day, read whole.
      clock = NOW + 15 * MINUTE;
      await adapter.write(history(clock).filter((p) => p.time.getTime() >= NOW));
      expect(await reports(cached, clock)).toEqual(await reports(adapter, clock));
    });
  });
}

equivalence('the embedded store', () => embeddedStore('cantine-cached-'));
describe.skipIf(!hasInflux)('InfluxDB', () => equivalence('InfluxDB', () => influxStore()));
