import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { snapshotOccupancy } from './occupancy-state.js';
import { estimateSeats } from './seat-estimate.js';
import { deviceOffline, deviceOnline, entry, makeOccupancy, MINUTE, presence } from './test-fixtures.js';

// The fixture's open space has four desks (os-01..os-04); none has spoken at first.
describe('seat estimate: desks no sensor covers are counted from the headcount', () => {
  it.each<{ rule: string; events: OccupancyEvent[]; expected: ReturnType<typeof estimateSeats> }>([
    { rule: 'nobody in, no sensor: every desk is free by estimate', events: [], expected: { uncovered: 4, estimatedOccupied: 0, estimatedFree: 4 } },
    {
      rule: 'three people in, no sensor: three desks taken by estimate',
      events: [entry('open-space', 0, 'a'), entry('open-space', 0, 'b'), entry('open-space', 0, 'c')],
      expected: { uncovered: 4, estimatedOccupied: 3, estimatedFree: 1 },
    },
    {
      rule: 'more people than desks: all taken, never below zero free',
      events: [0, 1, 2, 3, 4, 5].map((i) => entry('open-space', i, `m${i}`)),
      expected: { uncovered: 4, estimatedOccupied: 4, estimatedFree: 0 },
    },
    {
      rule: 'someone at a sensed desk is not counted again at an uncovered one',
      events: [entry('open-space', 0, 'a'), entry('open-space', 0, 'b'), presence('os-01', true, MINUTE)],
      expected: { uncovered: 3, estimatedOccupied: 1, estimatedFree: 2 },
    },
    {
      rule: 'a sensed free desk adds to the free seats',
      events: [deviceOnline('os-01', 0)],
      expected: { uncovered: 3, estimatedOccupied: 0, estimatedFree: 4 },
    },
    {
      rule: 'a sensor that spoke then went offline is not uncovered: it stays unknown',
      events: [deviceOnline('os-01', 0), deviceOffline('os-01', MINUTE)],
      expected: { uncovered: 3, estimatedOccupied: 0, estimatedFree: 3 },
    },
    {
      rule: 'a sensor gone offline is not a taken desk: the headcount still fills the uncovered ones',
      events: [entry('open-space', 0, 'a'), entry('open-space', 0, 'b'), deviceOnline('os-01', 0), deviceOffline('os-01', MINUTE)],
      expected: { uncovered: 3, estimatedOccupied: 2, estimatedFree: 1 },
    },
    {
      rule: 'every desk sensed: nothing to estimate',
      events: ['os-01', 'os-02', 'os-03', 'os-04'].map((desk) => deviceOnline(desk, 0)),
      expected: null,
    },
  ])('$rule', ({ events, expected }) => {
    const state = makeOccupancy({ events });
    expect(estimateSeats(state, 'open-space')).toEqual(expected);
    // The same from a state whose desks are a plain Map, counted desk by desk.
    expect(estimateSeats({ ...state, desks: new Map(state.desks) }, 'open-space')).toEqual(expected);
  });

  it('a desk restored free, though this process never heard its sensor, is not uncovered', () => {
    const restored = snapshotOccupancy(makeOccupancy());
    const desks = restored.desks.map((d) => (d.id === 'os-01' ? { ...d, state: 'free' as const } : d));
    const state = makeOccupancy({ restored: { ...restored, desks } });
    for (const view of [state, { ...state, desks: new Map(state.desks) }]) {
      expect(estimateSeats(view, 'open-space')).toEqual({ uncovered: 3, estimatedOccupied: 0, estimatedFree: 4 });
    }
  });
});
