import { describe, expect, it } from 'vitest';
import type { OccupancyConfigInput } from './occupancy-config.js';
import type { OccupancyEvent } from './occupancy-event.js';
import { reduceOccupancyEvents } from './reduce-occupancy.js';
import { deviceOffline, deviceOnline, iso, makeOccupancy, MINUTE, presence, seatOf, tick } from './test-fixtures.js';

const HOLD = 10 * MINUTE;
const HEARTBEAT = 30 * MINUTE;

interface Scenario {
  name: string;
  config?: OccupancyConfigInput;
  events: OccupancyEvent[];
  desk: string;
  expected: { state: string; since: string };
}

describe('desk heartbeat', () => {
  it.each<Scenario>([
    {
      name: 'a desk nobody has heard from stays offline since the start',
      events: [tick(HEARTBEAT * 2)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(0) },
    },
    {
      name: 'a tick 1 ms before the heartbeat timeout keeps the desk live',
      events: [presence('os-01', false, 0), tick(HEARTBEAT - 1)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(0) },
    },
    {
      name: 'a tick exactly at the heartbeat timeout takes the desk offline',
      events: [presence('os-01', false, 0), tick(HEARTBEAT)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(HEARTBEAT) },
    },
    {
      name: 'a late tick dates offline from the timeout, not from the tick',
      events: [presence('os-01', false, 0), tick(HEARTBEAT + 7 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(HEARTBEAT) },
    },
    {
      name: 'silence counts from the last message, not from the last presence=true',
      events: [presence('os-01', true, 0), presence('os-01', false, 20 * MINUTE), tick(20 * MINUTE + HEARTBEAT - 1)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(20 * MINUTE) },
    },
    {
      name: 'an online status resets the silence',
      events: [presence('os-01', false, 0), deviceOnline('os-01', 25 * MINUTE), tick(HEARTBEAT + 5 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(0) },
    },
    {
      name: 'a silent occupied desk goes offline, since its sensor can no longer vouch for it',
      events: [presence('os-01', true, 0), tick(HEARTBEAT)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(HEARTBEAT) },
    },
    {
      name: 'a heartbeat timeout set per sensor type is honoured',
      config: { sensors: { radar: { heartbeatTimeoutMs: 5 * MINUTE } } },
      events: [presence('os-03', false, 0), tick(5 * MINUTE)],
      desk: 'os-03',
      expected: { state: 'offline', since: iso(5 * MINUTE) },
    },
    {
      name: 'a site heartbeat timeout is honoured',
      config: { heartbeatTimeoutMs: 60 * MINUTE },
      events: [presence('os-01', false, 0), tick(HEARTBEAT)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(0) },
    },
    {
      name: 'a last will takes an occupied desk offline at once',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(MINUTE) },
    },
    {
      name: 'a second last will keeps the first since',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), deviceOffline('os-01', 2 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(MINUTE) },
    },
    {
      name: 'a presence=true after a last will reconnects the desk occupied',
      events: [presence('os-01', false, 0), deviceOffline('os-01', MINUTE), presence('os-01', true, 3 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(3 * MINUTE) },
    },
    {
      name: 'an online status within the hold reconnects the desk occupied',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), deviceOnline('os-01', 2 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(2 * MINUTE) },
    },
    {
      name: 'a desk reconnected within the hold is released when the hold runs out',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), deviceOnline('os-01', 2 * MINUTE), tick(HOLD)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HOLD) },
    },
    {
      name: 'an online status past the hold reconnects the desk free',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), deviceOnline('os-01', HOLD)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HOLD) },
    },
    {
      name: 'an online status from a desk never heard from brings it back free',
      events: [deviceOnline('os-01', MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(MINUTE) },
    },
    {
      name: 'an online status on a live desk keeps its state and since',
      events: [presence('os-01', true, 0), deviceOnline('os-01', 20 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'a desk that timed out comes back with its next presence',
      events: [presence('os-01', false, 0), tick(HEARTBEAT), presence('os-01', false, HEARTBEAT + MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HEARTBEAT + MINUTE) },
    },
    {
      name: 'a last will older than the last presence is ignored',
      events: [presence('os-01', true, 2 * MINUTE), deviceOffline('os-01', MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(2 * MINUTE) },
    },
  ])('$name', ({ config, events, desk, expected }) => {
    const state = makeOccupancy({ ...(config ? { config } : {}), events });

    expect(seatOf(state, desk)).toEqual(expected);
  });
});

describe('desk heartbeat: messages that change nothing', () => {
  it.each<[string, OccupancyEvent]>([
    ['an online status from a desk the layout lacks', deviceOnline('nope', 2 * MINUTE)],
    ['an online status older than the last message heard', deviceOnline('os-01', 0)],
  ])('%s', (_name, event) => {
    const state = makeOccupancy({ events: [presence('os-01', true, MINUTE)] });

    expect(reduceOccupancyEvents(state, [event])).toBe(state);
  });

  it('a silent desk already offline keeps the since it went offline', () => {
    const state = makeOccupancy({ events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), tick(24 * 60 * MINUTE)] });

    expect(seatOf(state, 'os-01')).toEqual({ state: 'offline', since: iso(MINUTE) });
  });
});
