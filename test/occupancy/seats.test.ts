// Occupancy through the whole service: desk sensor events in, seats API, retained MQTT summary,
// cross-checks and time series out. The bus is driven directly until the devices pipeline lands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeatsMessageSchema } from '#protocol';
import { BrokerService } from '../../apps/api/src/infra/mqtt/broker.service.js';
import { BufferedTimeSeriesWriter, TimeSeriesStore } from '../../apps/api/src/infra/timeseries/index.js';
import { OccupancySeries } from '../../apps/api/src/occupancy/occupancy-series.js';
import { OccupancyService } from '../../apps/api/src/occupancy/occupancy.service.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { getSeats, presence, sensorStatus, stateOf } from './helpers.js';
import { eventually } from '../support/eventually.js';

// Each test starts its own service and brings its desks where it needs them: none counts on another.
describe.shuffle('occupancy of the demo site', () => {
  let cantine: TestCantine;
  let retained: unknown[];

  beforeEach(async () => {
    retained = [];
    cantine = await startTestCantine();
    // The embedded broker admits only provisioned devices: the service's own client reads the summary.
    await cantine.app.get(BrokerService).subscribe('cantine/quimper/seats', (_topic, payload) => {
      retained.push(JSON.parse(payload.toString('utf8')));
    });
  });
  afterEach(() => cantine.dispose());

  it('starts with every desk offline: nobody can tell a free desk from a dead sensor yet', async () => {
    const seats = await getSeats(cantine);
    expect(seats).toMatchObject({ free: 0, occupied: 0, offline: 24, total: 24 });
  });

  it('already has the retained summary on the broker at start', async () => {
    const first = await eventually(() => {
      expect(retained.length).toBeGreaterThan(0);
      return retained[0];
    });
    expect(SeatsMessageSchema.parse(first)).toMatchObject({ free: 0, occupied: 0, offline: 24, total: 24 });
  });

  it('shows a desk occupied after its sensor reports presence, free after it comes online empty', async () => {
    presence(cantine, 'desk-01', true);
    sensorStatus(cantine, 'desk-02', true);
    const seats = await getSeats(cantine);
    expect(stateOf(seats, 'desk-01')).toBe('occupied');
    expect(stateOf(seats, 'desk-02')).toBe('free');
    expect(seats).toMatchObject({ free: 1, occupied: 1, offline: 22, total: 24 });
  });

  it('takes a desk offline on its sensor last will', async () => {
    sensorStatus(cantine, 'desk-02', true);
    expect(stateOf(await getSeats(cantine), 'desk-02')).toBe('free');
    sensorStatus(cantine, 'desk-02', false);
    expect(stateOf(await getSeats(cantine), 'desk-02')).toBe('offline');
  });

  it('ignores desks and sites it does not know', async () => {
    const before = await getSeats(cantine);
    presence(cantine, 'desk-99', true);
    presence(cantine, 'desk-03', true, 'brest');
    expect(await getSeats(cantine)).toEqual(before);
  });

  it('answers the contract body without personal data, plus the counts of each zone', async () => {
    presence(cantine, 'desk-01', true);
    sensorStatus(cantine, 'desk-02', true);
    sensorStatus(cantine, 'desk-02', false);
    const seats = await getSeats(cantine);
    expect(Object.keys(seats).sort()).toEqual(['desks', 'free', 'occupied', 'offline', 'site', 'total', 'zones']);
    expect(seats.desks[0]).toEqual({ id: 'desk-01', label: '1', zone: 'open-space', state: 'occupied', since: expect.any(String) });
    expect(seats.zones.map((zone) => zone.id)).toEqual(['hall', 'open-space', 'event-room', 'meeting-room']);
    // 22 desks no sensor ever spoke for (desk-02's spoke, then went offline): estimated from the headcount, whose one person sits at desk-01.
    expect(seats.zones[1]).toEqual({ id: 'open-space', free: 0, occupied: 1, offline: 23, total: 24, headcount: 1, uncovered: 22, estimatedFree: 22 });
    expect(seats.zones[0]).toEqual({ id: 'hall', free: 0, occupied: 0, offline: 0, total: 0, headcount: 0 });
  });

  it('keeps the retained summary in step with the seats', async () => {
    presence(cantine, 'desk-01', true);
    const seats = await getSeats(cantine);
    await eventually(
      () => expect(retained.at(-1)).toMatchObject({ free: seats.free, occupied: seats.occupied, offline: seats.offline, total: 24 }),
    );
    const last = SeatsMessageSchema.parse(retained.at(-1));
    expect(Number.isNaN(Date.parse(last.ts))).toBe(false);
  });

  it('answers 404 for the seats of an unknown site', async () => {
    expect((await fetch(`${cantine.baseUrl}/api/sites/nowhere/seats`)).status).toBe(404);
  });

  it('serves an empty public events list for the wall when no event pass exists, 404 for an unknown site', async () => {
    const response = await fetch(`${cantine.baseUrl}/api/sites/quimper/events`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    expect((await fetch(`${cantine.baseUrl}/api/sites/nowhere/events`)).status).toBe(404);
  });

  describe('cross-checks for the manager', () => {
    const crossChecks = async () => {
      const response = await fetch(`${cantine.baseUrl}/api/sites/quimper/occupancy/cross-checks`, { headers: await managerHeaders(cantine.baseUrl) });
      expect(response.status).toBe(200);
      return response.json() as Promise<{
        desksWithoutEntry: { deskCount: number };
        membersWithoutDesk: { memberCount: number; members: unknown[] };
      }>;
    };

    it('are refused without a manager token', async () => {
      expect((await fetch(`${cantine.baseUrl}/api/sites/quimper/occupancy/cross-checks`)).status).toBe(401);
    });

    it('list a desk in use in a zone nobody badged into today', async () => {
      presence(cantine, 'desk-01', true);
      expect((await crossChecks()).desksWithoutEntry).toEqual({ deskCount: 1, zones: [{ zone: 'open-space', desks: ['desk-01'] }] });
    });

    it('list a member badged into a desk zone where no desk is in use', async () => {
      presence(cantine, 'desk-01', true);
      const occupancy = cantine.app.get(OccupancyService);
      occupancy.recordEntry('quimper', 'open-space', 'member-anne', new Date());
      expect((await crossChecks()).desksWithoutEntry.deskCount).toBe(0);
      sensorStatus(cantine, 'desk-01', false);
      const checks = await crossChecks();
      expect(checks.membersWithoutDesk).toMatchObject({ memberCount: 1, members: [{ memberId: 'member-anne', zone: 'open-space' }] });
    });

    it('count entries and exits in the zone headcount, never below zero, and never leak it to the public body', async () => {
      const occupancy = cantine.app.get(OccupancyService);
      occupancy.recordEntry('quimper', 'open-space', 'member-anne', new Date());
      expect((await getSeats(cantine)).zones.find((zone) => zone.id === 'open-space')?.headcount).toBe(1);
      occupancy.recordExit('quimper', 'open-space', new Date());
      occupancy.recordExit('quimper', 'open-space', new Date());
      const seats = await getSeats(cantine);
      expect(seats.zones.find((zone) => zone.id === 'open-space')?.headcount).toBe(0);
      expect(JSON.stringify(seats)).not.toContain('member-anne');
    });
  });

  it('writes desk changes and per-zone minutes to the time series, without member identities', async () => {
    presence(cantine, 'desk-01', true);
    // Two points of one series need two times: a change in the same millisecond would replace the first.
    const firstAt = Date.now();
    await eventually(() => Date.now() > firstAt);
    sensorStatus(cantine, 'desk-01', false);
    cantine.app.get(OccupancySeries).writeZoneSnapshot(new Date(Math.floor(Date.now() / 60_000) * 60_000));
    expect(await cantine.app.get(BufferedTimeSeriesWriter).flush()).toBe(true);
    const store = cantine.app.get(TimeSeriesStore);
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 60_000);
    const desk = await store.query({ measurement: 'desk_occupancy', field: 'occupied', where: { desk: 'desk-01' }, from, to, everyMs: 3_600_000, aggregate: 'count' });
    expect(desk.reduce((sum, row) => sum + (row.value ?? 0), 0)).toBeGreaterThanOrEqual(2);
    const zones = await store.query({ measurement: 'zone_occupancy', field: 'offline', where: { zone: 'open-space' }, from, to, everyMs: 3_600_000, aggregate: 'last' });
    expect(zones.some((row) => row.value === 24)).toBe(true);
  });
});
