import { describe, expect, it } from 'vitest';
import type { OccupancyConfigInput } from './occupancy-config.js';
import type { OccupancyEvent } from './occupancy-event.js';
import { snapshotOccupancy } from './occupancy-state.js';
import { reduceOccupancyEvents } from './reduce-occupancy.js';
import { deviceOffline, iso, makeOccupancy, MINUTE, presence, seatOf, tick } from './test-fixtures.js';

const HOLD = 10 * MINUTE;

interface Scenario {
  name: string;
  config?: OccupancyConfigInput;
  events: OccupancyEvent[];
  desk: string;
  expected: { state: string; since: string };
}

describe('desk hold', () => {
  it.each<Scenario>([
    {
      name: 'presence=true occupies a desk at once',
      events: [presence('os-01', false, 0), presence('os-01', true, MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(MINUTE) },
    },
    {
      name: 'presence=true brings an offline desk back occupied',
      events: [presence('os-01', true, MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(MINUTE) },
    },
    {
      name: 'a repeated presence=true keeps the first since',
      events: [presence('os-01', true, 0), presence('os-01', true, 3 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'PIR presence=false during the hold keeps the desk occupied',
      events: [presence('os-01', true, 0), presence('os-01', false, 2 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'PIR presence=false 1 ms before the hold ends keeps the desk occupied',
      events: [presence('os-01', true, 0), presence('os-01', false, HOLD - 1)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'PIR presence=false exactly at the end of the hold frees the desk',
      events: [presence('os-01', true, 0), presence('os-01', false, HOLD)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HOLD) },
    },
    {
      name: 'a tick 1 ms before the hold ends keeps the desk occupied',
      events: [presence('os-01', true, 0), presence('os-01', false, MINUTE), tick(HOLD - 1)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'a tick exactly at the end of the hold frees the desk',
      events: [presence('os-01', true, 0), presence('os-01', false, MINUTE), tick(HOLD)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HOLD) },
    },
    {
      name: 'a late tick frees the desk since the end of the hold, not since the tick',
      events: [presence('os-01', true, 0), presence('os-01', false, MINUTE), tick(HOLD + 4 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HOLD) },
    },
    {
      name: 'the hold never releases a desk whose sensor still says occupied',
      events: [presence('os-01', true, 0), tick(HOLD + 10 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'a new presence=true restarts the hold',
      events: [
        presence('os-01', true, 0),
        presence('os-01', true, 8 * MINUTE),
        presence('os-01', false, 9 * MINUTE),
        tick(HOLD),
      ],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'the restarted hold runs out from the last presence=true',
      events: [
        presence('os-01', true, 0),
        presence('os-01', true, 8 * MINUTE),
        presence('os-01', false, 9 * MINUTE),
        tick(8 * MINUTE + HOLD),
      ],
      desk: 'os-01',
      expected: { state: 'free', since: iso(8 * MINUTE + HOLD) },
    },
    {
      name: 'radar releases the desk at once',
      events: [presence('os-03', true, 0), presence('os-03', false, 1)],
      desk: 'os-03',
      expected: { state: 'free', since: iso(1) },
    },
    {
      name: 'a pressure mat releases the desk at once',
      events: [presence('os-04', true, 0), presence('os-04', false, 30_000)],
      desk: 'os-04',
      expected: { state: 'free', since: iso(30_000) },
    },
    {
      name: 'a contact sensor (seat switch, laptop dock) releases the desk at once',
      events: [presence('os-02', true, 0, 'contact'), presence('os-02', false, MINUTE, 'contact')],
      desk: 'os-02',
      expected: { state: 'free', since: iso(MINUTE) },
    },
    {
      name: 'the kind the device reports wins over the layout: a radar on a desk laid out as PIR frees at once',
      events: [presence('os-01', true, 0, 'radar'), presence('os-01', false, MINUTE, 'radar')],
      desk: 'os-01',
      expected: { state: 'free', since: iso(MINUTE) },
    },
    {
      name: 'and a PIR reported on a desk laid out as radar holds',
      events: [presence('os-03', true, 0, 'pir'), presence('os-03', false, MINUTE, 'pir'), tick(HOLD - 1)],
      desk: 'os-03',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'an unspecified sensor is held like a PIR',
      events: [presence('os-02', true, 0), presence('os-02', false, MINUTE)],
      desk: 'os-02',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'a site hold of 5 minutes frees a PIR desk after 5 minutes',
      config: { releaseAfterMs: 5 * MINUTE },
      events: [presence('os-01', true, 0), presence('os-01', false, MINUTE), tick(5 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(5 * MINUTE) },
    },
    {
      name: 'a site hold leaves radar releasing at once',
      config: { releaseAfterMs: 5 * MINUTE },
      events: [presence('os-03', true, 0), presence('os-03', false, MINUTE)],
      desk: 'os-03',
      expected: { state: 'free', since: iso(MINUTE) },
    },
    {
      name: 'a radar hold set per sensor type is honoured',
      config: { sensors: { radar: { releaseAfterMs: 2 * MINUTE } } },
      events: [presence('os-03', true, 0), presence('os-03', false, MINUTE), tick(2 * MINUTE - 1)],
      desk: 'os-03',
      expected: { state: 'occupied', since: iso(0) },
    },
    {
      name: 'presence=false on a free desk keeps it free since it was freed',
      events: [presence('os-01', false, 0), presence('os-01', false, 5 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(0) },
    },
    {
      name: 'presence=false from a desk never seen occupied brings it back free',
      events: [presence('os-01', false, 2 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(2 * MINUTE) },
    },
    {
      name: 'a presence older than the last one heard is ignored',
      events: [presence('os-01', true, 5 * MINUTE), presence('os-01', false, 4 * MINUTE), tick(4 * MINUTE + HOLD)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(5 * MINUTE) },
    },
    {
      name: 'presence=false after a last will, still within the hold, brings the desk back occupied',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), presence('os-01', false, 2 * MINUTE)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(2 * MINUTE) },
    },
    {
      name: 'presence=false after a last will, past the hold, brings the desk back free',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE), presence('os-01', false, HOLD)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(HOLD) },
    },
  ])('$name', ({ config, events, desk, expected }) => {
    const state = makeOccupancy({ ...(config ? { config } : {}), events });

    expect(seatOf(state, desk)).toEqual(expected);
  });
});

describe('desk hold: what the sensor and the snapshot say', () => {
  it('a report without a sensor kind keeps the desk’s kind (a radar still releases at once)', () => {
    const state = makeOccupancy({ events: [presence('os-03', true, 0), presence('os-03', false, MINUTE)] });

    expect(state.desks.get('os-03')?.sensor).toBe('radar');
    expect(seatOf(state, 'os-03')).toEqual({ state: 'free', since: iso(MINUTE) });
  });

  it('a report at the very instant of the last one is applied, not taken for a late redelivery', () => {
    const state = makeOccupancy({ events: [presence('os-01', true, MINUTE), presence('os-01', false, MINUTE)] });

    expect(state.desks.get('os-01')).toMatchObject({ reportedOccupied: false, lastSeenAt: iso(MINUTE) });
  });

  it('an occupied desk with no presence on record is freed by the next tick once its sensor says empty', () => {
    const restored = snapshotOccupancy(makeOccupancy());
    const desks = restored.desks.map((d) => (d.id === 'os-01' ? { ...d, state: 'occupied' as const, since: iso(0) } : d));
    const state = makeOccupancy({ restored: { ...restored, desks }, events: [tick(MINUTE)] });

    expect(seatOf(state, 'os-01')).toEqual({ state: 'free', since: iso(MINUTE) });
  });

  it('a duplicate report naming the desk’s own sensor kind is a no-op: the very same state comes back', () => {
    const state = makeOccupancy({ events: [presence('os-03', true, MINUTE, 'radar')] });

    expect(reduceOccupancyEvents(state, [presence('os-03', true, MINUTE, 'radar')])).toBe(state);
  });
});
