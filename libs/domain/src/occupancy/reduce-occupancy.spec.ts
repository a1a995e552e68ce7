import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { snapshotOccupancy } from './occupancy-state.js';
import {
  closeOfDay,
  deviceOffline,
  deviceOnline,
  entry,
  exit,
  makeOccupancy,
  MINUTE,
  presence,
  tick,
} from './test-fixtures.js';
import { reduceOccupancy } from './reduce-occupancy.js';

/** A morning in progress: os-01 held after presence=false, os-02 free, os-03 occupied, os-04 and mr-01 offline. */
const HISTORY: OccupancyEvent[] = [
  presence('os-01', true, 0),
  presence('os-01', false, MINUTE),
  presence('os-02', false, 0),
  presence('os-03', true, 0),
  entry('hall', 0, 'anne'),
];

describe('occupancy reducer', () => {
  it.each<{ name: string; history?: OccupancyEvent[]; event: OccupancyEvent }>([
    { name: 'a presence from a desk the site does not have', event: presence('os-99', true, 2 * MINUTE) },
    { name: 'a presence older than the last one heard', event: presence('os-03', false, -MINUTE) },
    { name: 'a last will from a desk already offline', event: deviceOffline('os-04', 2 * MINUTE) },
    { name: 'an entry into a zone the site does not have', event: entry('roof', 2 * MINUTE, 'anne') },
    { name: 'an exit from an empty zone', event: exit('meeting-room', 2 * MINUTE) },
    { name: 'a tick before any hold or heartbeat runs out', event: tick(5 * MINUTE) },
    { name: 'a tick on a fresh site whose desks are all offline', history: [], event: tick(60 * MINUTE) },
    { name: 'a close of day right after a close of day', history: [...HISTORY, closeOfDay(8 * 60 * MINUTE)], event: closeOfDay(8 * 60 * MINUTE + 1) },
    { name: 'an event whose time is not a date', event: { type: 'presence', desk: 'os-02', occupied: true, at: new Date('garbage') } },
  ])('returns the same state for $name', ({ history = HISTORY, event }) => {
    const state = makeOccupancy({ events: history });

    expect(reduceOccupancy(state, event)).toBe(state);
  });

  it.each<{ name: string; event: OccupancyEvent }>([
    { name: 'a presence=true', event: presence('os-02', true, 2 * MINUTE) },
    { name: 'a fresher presence=true on an occupied desk', event: presence('os-03', true, 2 * MINUTE) },
    { name: 'an online status from a live desk', event: deviceOnline('os-02', 2 * MINUTE) },
    { name: 'a last will', event: deviceOffline('os-03', 2 * MINUTE) },
    { name: 'an entry', event: entry('open-space', 2 * MINUTE, 'bruno') },
    { name: 'an exit', event: exit('hall', 2 * MINUTE) },
    { name: 'a tick that releases a desk', event: tick(11 * MINUTE) },
    { name: 'a close of day', event: closeOfDay(8 * 60 * MINUTE) },
  ])('returns a new state for $name and leaves the previous one untouched', ({ event }) => {
    const state = makeOccupancy({ events: HISTORY });
    const before = snapshotOccupancy(state);

    const next = reduceOccupancy(state, event);

    expect(next).not.toBe(state);
    expect(snapshotOccupancy(next)).not.toEqual(before);
    expect(snapshotOccupancy(state)).toEqual(before);
  });

  it('keeps the identity of desks and zones an event did not touch', () => {
    const state = makeOccupancy({ events: HISTORY });

    const next = reduceOccupancy(state, presence('os-02', true, 2 * MINUTE));

    expect(next.desks.get('os-03')).toBe(state.desks.get('os-03'));
    expect(next.zones.get('hall')).toBe(state.zones.get('hall'));
    expect(next.members).toBe(state.members);
  });
});
