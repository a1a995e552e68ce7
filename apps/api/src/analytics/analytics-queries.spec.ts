// The analytics reports through a real store: one set of cases on the embedded store and on a
// real InfluxDB. Fixture: the demo site (Europe/Paris, Mon–Fri 09–17, 24 desks); "today" is
// Monday 2026-03-30, the first Monday of summer time, and the Mondays before it are UTC+1, so a
// wrong offset anywhere moves the numbers. Expected values are worked out in the comments.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedStore, hasInflux, influxStore } from '../../../../test/support/time-series.js';
import { EmbeddedTimeSeriesStore, type TimePoint, type TimeSeriesStore } from '../infra/timeseries/index.js';
import { parseSiteFile } from '../sites/site-file.js';
import { resolveOccupancyQuery } from './analytics-params.js';
import { denialsReport, peaksReport, staysReport, utilisationReport } from './history-reports.js';
import { occupancySeries } from './occupancy-report.js';
import { accessDecisionPoint, deskOccupancyPoint, RETENTION_PLAN, zoneOccupancyPoint } from './series-schema.js';
import { forecastReport, heatmapReport, todayReport } from './typical-reports.js';


const site = parseSiteFile(readFileSync(new URL('../../../../config/sites/quimper.json', import.meta.url), 'utf8'), 'quimper.json');
const NOW = new Date('2026-03-30T10:20:00+02:00');
const d = (iso: string) => new Date(iso);

/** Snapshots every quarter hour of one local hour (UTC+1 before 03-29, UTC+2 from it). */
function hourOfSnapshots(date: string, hour: number, offset: string, openSpace: number, hall = 0): TimePoint[] {
  return [0, 15, 30, 45].flatMap((minute) => {
    const at = d(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00${offset}`);
    return [
      zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied: openSpace, free: 24 - openSpace, offline: 0, headcount: openSpace + 1, at }),
      zoneOccupancyPoint({ site: 'quimper', zone: 'hall', occupied: hall, free: 0, offline: 0, headcount: 2, at }),
    ];
  });
}

// Open-space occupied desks on the Mondays before today, per local hour (the hall has no desk):
//   09h: 4, 6, 10 → median 6;  10h: 8, 10, 12 → median 10;  11h: 2, 3, 4 → median 3.
const MONDAYS: Array<[string, number, number, number]> = [
  ['2026-03-09', 4, 8, 2],
  ['2026-03-16', 6, 10, 3],
  ['2026-03-23', 10, 12, 4],
];
const zoneSnapshots: TimePoint[] = [
  ...MONDAYS.flatMap(([date, nine, ten, eleven]) => [
    ...hourOfSnapshots(date, 9, '+01:00', nine),
    ...hourOfSnapshots(date, 10, '+01:00', ten),
    ...hourOfSnapshots(date, 11, '+01:00', eleven),
  ]),
  // A Tuesday: only the open space, once.
  zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied: 20, free: 4, offline: 0, headcount: 21, at: d('2026-03-24T10:00:00+01:00') }),
  // Today: 13 at 09h, 11 from 10:00 to 10:15 (now is 10:20).
  ...hourOfSnapshots('2026-03-30', 9, '+02:00', 13),
  ...hourOfSnapshots('2026-03-30', 10, '+02:00', 11).slice(0, 4),
  // Another site, never counted.
  zoneOccupancyPoint({ site: 'brest', zone: 'open-space', occupied: 50, free: 0, offline: 0, headcount: 50, at: d('2026-03-23T09:00:00+01:00') }),
];

const desk = (id: string, iso: string, occupied: boolean, siteId = 'quimper') => deskOccupancyPoint({ site: siteId, zone: 'open-space', desk: id, occupied, at: d(iso) });
const deskChanges: TimePoint[] = [
  desk('desk-03', '2026-03-22T20:00:00+01:00', true), // Sunday evening, still there on Monday morning
  desk('desk-01', '2026-03-23T09:00:00+01:00', true),
  desk('desk-02', '2026-03-23T10:00:00+01:00', true), // 3 desks at 10:00: the peak
  desk('desk-03', '2026-03-23T10:30:00+01:00', false),
  desk('desk-02', '2026-03-23T11:00:00+01:00', false),
  desk('desk-01', '2026-03-23T12:00:00+01:00', false),
  desk('desk-02', '2026-03-23T14:00:00+01:00', true),
  desk('desk-02', '2026-03-23T16:30:00+01:00', false),
  desk('desk-05', '2026-03-30T09:00:00+02:00', true),
  desk('desk-01', '2026-03-23T10:00:00+01:00', true, 'brest'),
];

const decision = (iso: string, granted: boolean, reason: string, siteId = 'quimper') => accessDecisionPoint({ site: siteId, door: 'entrance', granted, reason, at: d(iso) });
const decisions: TimePoint[] = [
  decision('2026-03-23T08:55:00+01:00', true, 'subscription'),
  decision('2026-03-23T09:10:00+01:00', true, 'subscription'),
  decision('2026-03-23T13:00:00+01:00', true, 'day'),
  decision('2026-03-23T07:30:00+01:00', false, 'outside-hours'),
  decision('2026-03-23T19:00:00+01:00', false, 'outside-hours'),
  decision('2026-03-23T10:00:00+01:00', false, 'unknown-badge'),
  decision('2026-03-23T10:00:00+01:00', false, 'unknown-badge', 'brest'),
];

const MONDAY_23 = { from: d('2026-03-23T00:00:00+01:00'), to: d('2026-03-24T00:00:00+01:00') };

function contract(open: () => Promise<{ store: TimeSeriesStore; dispose: () => Promise<void> }>) {
  let store: TimeSeriesStore;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await open());
    await store.write([...zoneSnapshots, ...deskChanges, ...decisions]);
  });
  afterAll(async () => {
    await dispose?.();
  });

  it('occupancy by the hour: the sum over zones of each zone’s mean, null without data', async () => {
    const { from, to, every } = resolveOccupancyQuery({ from: '2026-03-23', to: '2026-03-24', every: '1h' }, site, NOW);
    const body = await occupancySeries(store, site, from, to, every, NOW);
    expect(body).toMatchObject({ site: 'quimper', from: '2026-03-22T23:00:00.000Z', to: '2026-03-23T23:00:00.000Z', every: '1h' });
    expect(body.points).toHaveLength(24);
    // Headcount: open space (occupied + 1) + hall 2.
    expect(body.points.filter((p) => p.occupied !== null)).toEqual([
      { time: '2026-03-23T08:00:00.000Z', occupied: 10, headcount: 13 },
      { time: '2026-03-23T09:00:00.000Z', occupied: 12, headcount: 15 },
      { time: '2026-03-23T10:00:00.000Z', occupied: 4, headcount: 7 },
    ]);
  });

  it('occupancy by the quarter hour and by local day', async () => {
    const quarter = await occupancySeries(store, site, d('2026-03-23T09:00:00+01:00'), d('2026-03-23T10:00:00+01:00'), '15m', NOW);
    expect(quarter.points.map((p) => [p.occupied, p.headcount])).toEqual([[10, 13], [10, 13], [10, 13], [10, 13]]);
    // Monday: mean of its hours (10 + 12 + 4) / 3 = 8.67, headcount (13 + 15 + 7) / 3 = 11.67; Tuesday: 20 and 21.
    const days = await occupancySeries(store, site, d('2026-03-23T00:00:00+01:00'), d('2026-03-26T00:00:00+01:00'), '1d', NOW);
    expect(days.points).toEqual([
      { time: '2026-03-22T23:00:00.000Z', occupied: 8.67, headcount: 11.67 },
      { time: '2026-03-23T23:00:00.000Z', occupied: 20, headcount: 21 },
      { time: '2026-03-24T23:00:00.000Z', occupied: null, headcount: null },
    ]);
  });

  it('today against the typical Monday (median of 3 Mondays with data out of 8)', async () => {
    const body = await todayReport(store, site, NOW);
    expect(body.date).toBe('2026-03-30');
    expect(body.basedOn).toEqual(['2026-03-23', '2026-03-16', '2026-03-09']);
    expect(body.slots.filter((s) => s.today !== null || s.typical !== null)).toEqual([
      { time: '2026-03-30T07:00:00.000Z', hour: '09:00', today: 13, typical: 6 },
      { time: '2026-03-30T08:00:00.000Z', hour: '10:00', today: 11, typical: 10 },
      { time: '2026-03-30T09:00:00.000Z', hour: '11:00', today: null, typical: 3 },
    ]);
  });

  it('heatmap over 8 weeks: Monday 09h mean of 4×4, 4×6, 4×10 = 6.67; hours on the wall clock', async () => {
    const body = await heatmapReport(store, site, NOW, 8, 'desks');
    expect(body).toMatchObject({ unit: 'desks', weeks: 8, from: '2026-02-01T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    const filled = body.cells.flatMap((row, day) => row.flatMap((v, hour) => (v === null ? [] : [[day, hour, v]])));
    expect(filled).toEqual([[0, 9, 6.67], [0, 10, 10], [0, 11, 3], [1, 10, 20]]);
    const ratio = await heatmapReport(store, site, NOW, 8, 'ratio');
    expect(ratio.cells[0]![10]).toBe(0.417); // 10 / 24
  });

  it('forecast: ratio (13 + 1) / (6 + 1) = 2 from the 09h slot; 11h = 3 × 2 = 6 of 20 desks', async () => {
    const body = await forecastReport(store, site, NOW, { occupied: 12, offline: 4, total: 24 });
    expect(body).toMatchObject({ date: '2026-03-30', ratio: 2, capacity: 20, current: 12 });
    expect(body.slots.map((s) => [s.hour, s.occupied, s.free, s.basis])).toEqual([
      ['10:00', 12, 8, 'current'],
      ['11:00', 6, 14, 'typical'],
      ['12:00', 12, 8, 'current'],
      ['13:00', 12, 8, 'current'],
      ['14:00', 12, 8, 'current'],
      ['15:00', 12, 8, 'current'],
      ['16:00', 12, 8, 'current'],
    ]);
    expect(body.slots[1]!.time).toBe('2026-03-30T09:00:00.000Z');
  });

  it('utilisation on Monday 03-23 (480 open minutes): 180, 210 and 90 minutes', async () => {
    const body = await utilisationReport(store, site, MONDAY_23);
    expect(body.openMinutes).toBe(480);
    expect(body.desks).toHaveLength(24);
    expect(body.desks.filter((row) => row.occupiedMinutes > 0)).toEqual([
      { desk: 'desk-01', zone: 'open-space', label: expect.any(String), occupiedMinutes: 180, ratio: 0.375 },
      { desk: 'desk-02', zone: 'open-space', label: expect.any(String), occupiedMinutes: 210, ratio: 0.438 },
      { desk: 'desk-03', zone: 'open-space', label: expect.any(String), occupiedMinutes: 90, ratio: 0.188 },
    ]);
  });

  it('daily peaks of the last 8 days: 3 desks at 10:00 on 03-23, 1 today', async () => {
    const body = await peaksReport(store, site, NOW, 8);
    expect(body.days).toHaveLength(8);
    expect(body.days[0]).toEqual({ date: '2026-03-23', occupied: 3, at: '2026-03-23T09:00:00.000Z' });
    expect(body.days.slice(1, 7).every((day) => day.occupied === 0 && day.at === null)).toBe(true);
    expect(body.days[7]).toEqual({ date: '2026-03-30', occupied: 1, at: '2026-03-30T07:00:00.000Z' });
  });

  it('stays on 03-23: 180, 60 and 150 min (desk-03 came the day before and is not counted)', async () => {
    expect(await staysReport(store, site, MONDAY_23)).toMatchObject({
      stays: 3,
      ongoing: 0,
      averageMinutes: 130,
      medianMinutes: 150,
      longestMinutes: 180,
    });
  });

  it('denials on 03-23: 3 granted, 3 denied, outside-hours first', async () => {
    expect(await denialsReport(store, site, MONDAY_23)).toMatchObject({
      granted: 3,
      denied: 3,
      denialRate: 0.5,
      reasons: [
        { reason: 'outside-hours', count: 2, share: 0.667 },
        { reason: 'unknown-badge', count: 1, share: 0.333 },
      ],
    });
  });
}

describe('analytics reports on the embedded store', () => {
  it('reads hourly and daily series older than 90 days from the hourly rollups', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cantine-analytics-rollup-'));
    const store = new EmbeddedTimeSeriesStore({ dataDir: dir });
    await store.start();
    await store.write(zoneSnapshots);
    await store.rollUp(RETENTION_PLAN, d('2026-03-01T00:00:00Z'), d('2026-04-01T00:00:00Z'));
    await store.expire(RETENTION_PLAN, d('2026-09-01T00:00:00Z')); // the raw points are gone
    const later = d('2026-09-01T12:00:00Z');
    const hours = await occupancySeries(store, site, MONDAY_23.from, MONDAY_23.to, '1h', later);
    expect(hours.points.filter((p) => p.occupied !== null).map((p) => [p.time, p.occupied, p.headcount])).toEqual([
      ['2026-03-23T08:00:00.000Z', 10, 13],
      ['2026-03-23T09:00:00.000Z', 12, 15],
      ['2026-03-23T10:00:00.000Z', 4, 7],
    ]);
    const days = await occupancySeries(store, site, MONDAY_23.from, MONDAY_23.to, '1d', later);
    expect(days.points).toEqual([{ time: '2026-03-22T23:00:00.000Z', occupied: 8.67, headcount: 11.67 }]);
    // Finer buckets have no rollup: the raw points are gone, so they are empty.
    const quarters = await occupancySeries(store, site, MONDAY_23.from, MONDAY_23.to, '15m', later);
    expect(quarters.points.every((p) => p.occupied === null)).toBe(true);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  contract(() => embeddedStore('cantine-analytics-'));
});

describe.skipIf(!hasInflux)('analytics reports on a real InfluxDB', () => {
  contract(() => influxStore('cantine_analytics_'));
});
