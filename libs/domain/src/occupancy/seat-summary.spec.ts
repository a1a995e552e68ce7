import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { entry, iso, makeOccupancy, MINUTE, presence } from './test-fixtures.js';
import { countSeats, listSeats, seatsBody, summarizeSeats, summarizeSeatsByZone } from './seat-summary.js';

/** os-01 occupied, os-02 free, os-03 occupied, os-04 offline, mr-01 free. */
const MORNING: OccupancyEvent[] = [
  presence('os-01', true, 0),
  presence('os-02', false, MINUTE),
  presence('os-03', true, 2 * MINUTE),
  presence('mr-01', false, 3 * MINUTE),
  entry('open-space', 0, 'anne'),
];

describe('seat summary', () => {
  it.each<{ name: string; events: OccupancyEvent[]; zone?: string; expected: object }>([
    { name: 'a fresh site is all offline', events: [], expected: { free: 0, occupied: 0, offline: 5, total: 5 } },
    { name: 'the site counts every desk once', events: MORNING, expected: { free: 2, occupied: 2, offline: 1, total: 5 } },
    { name: 'a zone counts only its own desks', events: MORNING, zone: 'open-space', expected: { free: 1, occupied: 2, offline: 1, total: 4 } },
    { name: 'a zone without desks has no seats', events: MORNING, zone: 'hall', expected: { free: 0, occupied: 0, offline: 0, total: 0 } },
  ])('$name', ({ events, zone, expected }) => {
    const state = makeOccupancy({ events });
    expect(summarizeSeats(state, zone)).toEqual(expected);
    // The same from a state whose desks are a plain Map (tests, tools): counted desk by desk.
    expect(summarizeSeats({ ...state, desks: new Map(state.desks) }, zone)).toEqual(expected);
  });

  it('counts plain seats with the same rule, as a wall does from its socket events', () => {
    const seats = [
      { zone: 'open-space', state: 'occupied' as const },
      { zone: 'open-space', state: 'offline' as const },
      { zone: 'meeting-room', state: 'free' as const },
    ];
    expect(countSeats(seats)).toEqual({ free: 1, occupied: 1, offline: 1, total: 3 });
    expect(countSeats(seats, 'open-space')).toEqual({ free: 0, occupied: 1, offline: 1, total: 2 });
    expect(countSeats([], 'hall')).toEqual({ free: 0, occupied: 0, offline: 0, total: 0 });
  });

  it('summarises each zone that has desks, in layout order', () => {
    expect([...summarizeSeatsByZone(makeOccupancy({ events: MORNING }))]).toEqual([
      ['open-space', { free: 1, occupied: 2, offline: 1, total: 4 }],
      ['meeting-room', { free: 1, occupied: 0, offline: 0, total: 1 }],
    ]);
  });

  it('lists the seats in layout order with their state and since', () => {
    expect(listSeats(makeOccupancy({ events: MORNING }))).toEqual([
      { id: 'os-01', label: 'OS 1', zone: 'open-space', state: 'occupied', since: iso(0) },
      { id: 'os-02', label: 'OS 2', zone: 'open-space', state: 'free', since: iso(MINUTE) },
      { id: 'os-03', label: 'OS 3', zone: 'open-space', state: 'occupied', since: iso(2 * MINUTE) },
      { id: 'os-04', label: 'OS 4', zone: 'open-space', state: 'offline', since: iso(0), uncovered: true },
      { id: 'mr-01', label: 'MR 1', zone: 'meeting-room', state: 'free', since: iso(3 * MINUTE) },
    ]);
  });

  it('gives the seats body of the contract, without personal data or sensor internals', () => {
    const body = seatsBody(makeOccupancy({ events: MORNING }));

    expect(Object.keys(body)).toEqual(['free', 'occupied', 'offline', 'total', 'desks']);
    expect(body).toMatchObject({ free: 2, occupied: 2, offline: 1, total: 5 });
    const contract = ['id', 'label', 'zone', 'state', 'since'];
    // os-04's sensor never spoke: the additive `uncovered` flag says so (seat-estimate.ts).
    expect(body.desks.map((seat) => Object.keys(seat))).toEqual([contract, contract, contract, [...contract, 'uncovered'], contract]);
    expect(JSON.stringify(body)).not.toContain('anne');
  });
});
