import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { closeOfDay, deviceOffline, entry, iso, makeOccupancy, MINUTE, presence, tick } from './test-fixtures.js';
import { reduceOccupancyEvents } from './reduce-occupancy.js';
import { coalesceSeatChanges, listSeatChanges, type SeatChange } from './seat-changes.js';

/** os-01 held after presence=false, os-02 free, os-03 occupied. */
const HISTORY: OccupancyEvent[] = [
  presence('os-01', true, 0),
  presence('os-01', false, MINUTE),
  presence('os-02', false, 0),
  presence('os-03', true, 0),
];

describe('seat changes', () => {
  it.each<{ name: string; events: OccupancyEvent[]; expected: SeatChange[] }>([
    { name: 'nothing happened', events: [], expected: [] },
    { name: 'a fresher presence=true on an occupied desk changes no seat', events: [presence('os-03', true, 2 * MINUTE)], expected: [] },
    { name: 'presence=false during the hold changes no seat', events: [presence('os-01', false, 2 * MINUTE)], expected: [] },
    { name: 'an entry changes no seat', events: [entry('open-space', 2 * MINUTE, 'anne')], expected: [] },
    {
      name: 'a desk taken',
      events: [presence('os-02', true, 2 * MINUTE)],
      expected: [{ id: 'os-02', state: 'occupied', since: iso(2 * MINUTE) }],
    },
    {
      name: 'a last will',
      events: [deviceOffline('os-03', 2 * MINUTE)],
      expected: [{ id: 'os-03', state: 'offline', since: iso(2 * MINUTE) }],
    },
    {
      name: 'a desk released by a tick',
      events: [tick(10 * MINUTE)],
      expected: [{ id: 'os-01', state: 'free', since: iso(10 * MINUTE) }],
    },
    {
      name: 'several desks at once, in layout order',
      events: [closeOfDay(60 * MINUTE)],
      expected: [
        { id: 'os-01', state: 'free', since: iso(60 * MINUTE) },
        { id: 'os-03', state: 'free', since: iso(60 * MINUTE) },
      ],
    },
    {
      name: 'a desk freed and taken again in between shows its new since',
      events: [presence('os-03', false, 2 * MINUTE), presence('os-03', true, 3 * MINUTE)],
      expected: [{ id: 'os-03', state: 'occupied', since: iso(3 * MINUTE) }],
    },
  ])('$name', ({ events, expected }) => {
    const previous = makeOccupancy({ events: HISTORY });

    expect(listSeatChanges(previous, reduceOccupancyEvents(previous, events))).toEqual(expected);
  });

  it('lists every desk the first time a site is seen through a new layout', () => {
    const previous = makeOccupancy({ layout: { site: 'quimper', zones: [], desks: [] } });
    const next = makeOccupancy();

    expect(listSeatChanges(previous, next).map((change) => change.id)).toEqual(['os-01', 'os-02', 'os-03', 'os-04', 'mr-01']);
  });
});

const change = (id: string, state: SeatChange['state'], minute: number): SeatChange => ({ id, state, since: iso(minute * MINUTE) });

describe('seat change coalescing', () => {
  it.each<{ name: string; queue: SeatChange[]; expected: SeatChange[] }>([
    { name: 'an empty queue stays empty', queue: [], expected: [] },
    {
      name: 'changes of different desks all pass, in order',
      queue: [change('os-01', 'occupied', 1), change('os-02', 'free', 2)],
      expected: [change('os-01', 'occupied', 1), change('os-02', 'free', 2)],
    },
    {
      name: 'a storm on one desk sends only its last state',
      queue: [change('os-01', 'occupied', 1), change('os-01', 'offline', 2), change('os-01', 'free', 3), change('os-01', 'occupied', 4)],
      expected: [change('os-01', 'occupied', 4)],
    },
    {
      name: 'survivors keep the order of their last change',
      queue: [change('os-01', 'occupied', 1), change('os-02', 'occupied', 2), change('os-01', 'free', 3), change('os-03', 'offline', 4)],
      expected: [change('os-02', 'occupied', 2), change('os-01', 'free', 3), change('os-03', 'offline', 4)],
    },
    {
      name: 'a desk that went back to its first state still sends that last state',
      queue: [change('os-01', 'free', 1), change('os-01', 'occupied', 2), change('os-01', 'free', 3)],
      expected: [change('os-01', 'free', 3)],
    },
  ])('$name', ({ queue, expected }) => {
    expect(coalesceSeatChanges(queue)).toEqual(expected);
  });

  it('leaves the queue it was given untouched', () => {
    const queue = [change('os-01', 'occupied', 1), change('os-01', 'free', 2)];

    coalesceSeatChanges(queue);

    expect(queue).toEqual([change('os-01', 'occupied', 1), change('os-01', 'free', 2)]);
  });
});
