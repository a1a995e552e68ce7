import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../infra/config/app-config.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { Clock, DemoClock } from '../infra/clock.js';
import { parseSiteFile } from '../sites/site-file.js';
import type { SitesService } from '../sites/sites.service.js';
import { OccupancyClock, TICK_MS } from './occupancy-clock.js';
import type { OccupancySnapshotRepository, SavedOccupancy } from './occupancy-snapshot.repository.js';
import { OccupancyService } from './occupancy.service.js';

const quimper = parseSiteFile(fs.readFileSync('config/sites/quimper.json', 'utf8'), 'quimper.json');
const sites = {
  list: () => [quimper],
  get: () => quimper,
  useSeatsSource: () => undefined,
  onChange: () => undefined,
} as unknown as SitesService;
const noSnapshots = {
  load: async (): Promise<SavedOccupancy | null> => null,
  save: async () => undefined,
} as unknown as OccupancySnapshotRepository;

/** Monday 2 March 2026 in Quimper (UTC+1): opens 09:00 (08:00Z), closes 17:00 (16:00Z). */
const at = (utc: string) => new Date(`2026-03-02T${utc}Z`);

describe('the occupancy clock', () => {
  let occupancy: OccupancyService;
  let clock: OccupancyClock;
  let serviceClock: Clock;

  beforeEach(async () => {
    // The service starts on a Monday morning: the last closing it knows of is Friday's.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at('07:00:00'));
    serviceClock = new Clock();
    occupancy = new OccupancyService(sites, noSnapshots, serviceClock, new SiteOwnership(loadConfig({})));
    await occupancy.onModuleInit();
    clock = new OccupancyClock(occupancy, sites, serviceClock);
    occupancy.apply('quimper', { type: 'presence', desk: 'desk-01', occupied: true, at: at('15:50:00') });
    occupancy.recordEntry('quimper', 'open-space', 'member-anne', at('15:50:00'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes over a site deleted a moment ago, whose occupancy has not left yet, and ticks the others', () => {
    const goneAlready = { ...sites, list: () => [], get: (id: string) => { throw new Error(`Unknown site "${id}"`); } } as unknown as SitesService;
    const ticking = new OccupancyClock(occupancy, goneAlready, serviceClock);
    expect(() => ticking.tick(at('16:00:10'))).not.toThrow();
    // Not closed: the site is no longer known, so its day is not run either.
    expect(occupancy.state('quimper').desks.get('desk-01')?.state).toBe('occupied');
  });

  it('leaves the day alone before closing time', () => {
    clock.tick(at('15:59:45'));
    expect(occupancy.state('quimper').desks.get('desk-01')?.state).toBe('occupied');
    expect(occupancy.state('quimper').zones.get('open-space')?.entriesToday).toBe(1);
  });

  it('closes the day on the first tick after the site closing time, once', () => {
    clock.tick(at('16:00:10'));
    const closed = occupancy.state('quimper');
    expect(closed.desks.get('desk-01')).toMatchObject({ state: 'free', since: at('16:00:10').toISOString() });
    expect(closed.zones.get('open-space')).toMatchObject({ counted: 0, entriesToday: 0 });
    expect(closed.members.size).toBe(0);

    occupancy.apply('quimper', { type: 'presence', desk: 'desk-02', occupied: true, at: at('16:05:00') });
    clock.tick(at('16:05:10'));
    expect(occupancy.state('quimper').desks.get('desk-02')?.state).toBe('occupied');
  });

  it('lets the hold run out on a tick once the sensor says empty', () => {
    occupancy.apply('quimper', { type: 'presence', desk: 'desk-02', occupied: true, at: at('10:00:00') });
    occupancy.apply('quimper', { type: 'presence', desk: 'desk-02', occupied: false, at: at('10:01:00') });
    clock.tick(at('10:05:00'));
    expect(occupancy.state('quimper').desks.get('desk-02')?.state).toBe('occupied');
    clock.tick(at('10:10:15'));
    expect(occupancy.state('quimper').desks.get('desk-02')).toMatchObject({ state: 'free', since: at('10:10:00').toISOString() });
  });

  it('ticks on the service clock, not the machine time (a demo or test clock moves the day along)', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(at('07:00:00'));
    serviceClock.now = () => at('16:00:10');
    clock.onApplicationBootstrap();
    expect(occupancy.state('quimper').desks.get('desk-01')).toMatchObject({ state: 'free', since: at('16:00:10').toISOString() });

    occupancy.recordEntry('quimper', 'open-space', 'member-anne', at('16:01:00'));
    serviceClock.now = () => new Date(at('16:01:00').getTime() + 12 * 3600_000);
    vi.advanceTimersByTime(TICK_MS);
    // Only the service clock is 12 h on: the machine's is still 07:00, and Anne has timed out.
    expect(occupancy.state('quimper').zones.get('open-space')?.counted).toBe(0);
    clock.onModuleDestroy();
  });
});

describe('the occupancy clock on a demo clock', () => {
  // Monday 7 December 2026, 10:00 in Quimper; the real clock is faked, timers included.
  const demoStart = new Date('2026-12-07T10:00:00+01:00');
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Desk-01 occupied then reported empty at the clock's start; the ticker started. */
  async function leftAtStart(makeClock: () => Clock) {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-06T22:00:00Z'));
    const clock = makeClock();
    const occupancy = new OccupancyService(sites, noSnapshots, clock, new SiteOwnership(loadConfig({})));
    await occupancy.onModuleInit();
    const start = clock.now();
    occupancy.apply('quimper', { type: 'presence', desk: 'desk-01', occupied: true, at: start });
    occupancy.apply('quimper', { type: 'presence', desk: 'desk-01', occupied: false, at: start });
    const ticker = new OccupancyClock(occupancy, sites, clock);
    ticker.onApplicationBootstrap();
    return { desk: () => occupancy.state('quimper').desks.get('desk-01'), stop: () => ticker.onModuleDestroy() };
  }

  it('at ×60 frees a desk ten demo minutes, ten real seconds, after it was left', async () => {
    const { desk, stop } = await leftAtStart(() => new DemoClock(demoStart, 60));
    vi.advanceTimersByTime(9_000);
    expect(desk()?.state).toBe('occupied');
    vi.advanceTimersByTime(1_500);
    expect(desk()).toMatchObject({ state: 'free', since: new Date('2026-12-07T10:10:00+01:00').toISOString() });
    stop();
  });

  it('on the system clock holds the same desk for ten real minutes', async () => {
    const { desk, stop } = await leftAtStart(() => new Clock());
    vi.advanceTimersByTime(10_500);
    expect(desk()?.state).toBe('occupied');
    vi.advanceTimersByTime(10 * 60_000);
    expect(desk()?.state).toBe('free');
    stop();
  });
});
