import { describe, expect, it } from 'vitest';
import { findDesksWithoutEntry, type DesksWithoutEntry } from './desks-without-entry.js';
import type { OccupancyEvent } from './occupancy-event.js';
import { closeOfDay, deviceOffline, entry, exit, makeOccupancy, MINUTE, presence } from './test-fixtures.js';

describe('desks in use without an entry today', () => {
  it.each<{ name: string; events: OccupancyEvent[]; expected: DesksWithoutEntry }>([
    { name: 'a quiet site has nothing to report', events: [], expected: { deskCount: 0, zones: [] } },
    {
      name: 'occupied desks in a zone nobody badged into are reported',
      events: [presence('os-01', true, 0), presence('os-03', true, MINUTE), presence('os-02', false, MINUTE)],
      expected: { deskCount: 2, zones: [{ zone: 'open-space', desks: ['os-01', 'os-03'] }] },
    },
    {
      name: 'one entry into the zone clears it',
      events: [entry('open-space', 0, 'anne'), presence('os-01', true, MINUTE), presence('os-03', true, MINUTE)],
      expected: { deskCount: 0, zones: [] },
    },
    {
      name: 'an entry with no member known still counts as an entry',
      events: [entry('open-space', 0), presence('os-01', true, MINUTE)],
      expected: { deskCount: 0, zones: [] },
    },
    {
      name: 'an entry that was followed by an exit still counts as today’s entry',
      events: [entry('open-space', 0), exit('open-space', MINUTE), presence('os-01', true, 2 * MINUTE)],
      expected: { deskCount: 0, zones: [] },
    },
    {
      name: 'an entry into the hall does not clear the open space',
      events: [entry('hall', 0, 'anne'), presence('os-01', true, MINUTE)],
      expected: { deskCount: 1, zones: [{ zone: 'open-space', desks: ['os-01'] }] },
    },
    {
      name: 'each zone is checked on its own',
      events: [entry('open-space', 0), presence('os-01', true, MINUTE), presence('mr-01', true, MINUTE)],
      expected: { deskCount: 1, zones: [{ zone: 'meeting-room', desks: ['mr-01'] }] },
    },
    {
      name: 'an offline desk is not in use',
      events: [presence('os-01', true, 0), deviceOffline('os-01', MINUTE)],
      expected: { deskCount: 0, zones: [] },
    },
    {
      name: 'yesterday’s entries do not count today',
      events: [entry('open-space', 0), closeOfDay(8 * 60 * MINUTE), presence('os-01', true, 24 * 60 * MINUTE)],
      expected: { deskCount: 1, zones: [{ zone: 'open-space', desks: ['os-01'] }] },
    },
  ])('$name', ({ events, expected }) => {
    expect(findDesksWithoutEntry(makeOccupancy({ events }))).toEqual(expected);
  });
});
