import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { snapshotOccupancy } from './occupancy-state.js';
import {
  closeOfDay,
  deviceOffline,
  deviceOnline,
  entry,
  exit,
  iso,
  makeOccupancy,
  MINUTE,
  presence,
  seatOf,
} from './test-fixtures.js';

const CLOSING = 8 * 60 * MINUTE;
const NEXT_MORNING = 24 * 60 * MINUTE;

describe('close of day', () => {
  it.each<{ name: string; events: OccupancyEvent[]; desk: string; expected: { state: string; since: string } }>([
    {
      name: 'an occupied desk is freed at closing',
      events: [presence('os-01', true, CLOSING - MINUTE), closeOfDay(CLOSING)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(CLOSING) },
    },
    {
      name: 'a desk held after presence=false is freed at closing',
      events: [presence('os-01', true, CLOSING - 2 * MINUTE), presence('os-01', false, CLOSING - MINUTE), closeOfDay(CLOSING)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(CLOSING) },
    },
    {
      name: 'a free desk stays free since it was freed',
      events: [presence('os-01', false, MINUTE), closeOfDay(CLOSING)],
      desk: 'os-01',
      expected: { state: 'free', since: iso(MINUTE) },
    },
    {
      name: 'an offline desk stays offline since it went offline',
      events: [presence('os-01', true, MINUTE), deviceOffline('os-01', 2 * MINUTE), closeOfDay(CLOSING)],
      desk: 'os-01',
      expected: { state: 'offline', since: iso(2 * MINUTE) },
    },
    {
      name: 'an offline desk forgets its last presence and comes back free the next day',
      events: [
        presence('os-01', true, CLOSING - MINUTE),
        deviceOffline('os-01', CLOSING - 1),
        closeOfDay(CLOSING),
        deviceOnline('os-01', CLOSING + MINUTE),
      ],
      desk: 'os-01',
      expected: { state: 'free', since: iso(CLOSING + MINUTE) },
    },
    {
      name: 'a desk freed at closing is occupied again by the next presence',
      events: [presence('os-01', true, 0), closeOfDay(CLOSING), presence('os-01', true, NEXT_MORNING)],
      desk: 'os-01',
      expected: { state: 'occupied', since: iso(NEXT_MORNING) },
    },
  ])('$name', ({ events, desk, expected }) => {
    expect(seatOf(makeOccupancy({ events }), desk)).toEqual(expected);
  });

  it.each<{ name: string; events: OccupancyEvent[]; zone: string }>([
    { name: 'a counted zone goes back to zero', events: [entry('hall', 0), entry('hall', MINUTE)], zone: 'hall' },
    {
      name: 'a zone counted by its desks goes back to zero',
      events: [presence('os-01', true, 0), presence('os-03', true, 0)],
      zone: 'open-space',
    },
    {
      name: 'a zone with entries and desks goes back to zero',
      events: [entry('open-space', 0, 'anne'), presence('os-01', true, MINUTE)],
      zone: 'open-space',
    },
  ])('$name', ({ events, zone }) => {
    const before = makeOccupancy({ events }).zones.get(zone)!;
    const after = makeOccupancy({ events: [...events, closeOfDay(CLOSING)] }).zones.get(zone)!;

    expect(before.headcount).toBeGreaterThan(0);
    expect(after).toEqual({ id: zone, counted: 0, headcount: 0, entriesToday: 0 });
  });

  it('forgets who badged in today', () => {
    const state = makeOccupancy({ events: [entry('hall', 0, 'anne'), entry('open-space', MINUTE, 'bruno'), closeOfDay(CLOSING)] });

    expect(state.members.size).toBe(0);
  });

  it('forgets who badged in today when everyone has left already', () => {
    const state = makeOccupancy({ events: [entry('hall', 0, 'anne'), exit('hall', MINUTE, 'anne'), closeOfDay(CLOSING)] });

    expect([state.members.size, state.present.size]).toEqual([0, 0]);
    expect(state.zones.get('hall')).toEqual({ id: 'hall', counted: 0, headcount: 0, entriesToday: 0 });
  });

  it('forgets who is present even with no badge-in on record (a snapshot holding only presence)', () => {
    const restored = { ...snapshotOccupancy(makeOccupancy()), present: [{ memberId: 'anne', zone: 'hall', at: iso(0) }] };
    const state = makeOccupancy({ restored, events: [closeOfDay(CLOSING)] });

    expect(state.present.size).toBe(0);
  });

  it('forgets what the sensors last reported, so nothing carries over to the next day', () => {
    const events = [presence('os-01', true, CLOSING - MINUTE), presence('os-02', true, CLOSING - MINUTE), deviceOffline('os-02', CLOSING - 1)];
    const state = makeOccupancy({ events: [...events, closeOfDay(CLOSING)] });

    for (const id of ['os-01', 'os-02']) {
      const desk = state.desks.get(id)!;
      expect([desk.reportedOccupied, desk.lastPresentAt]).toEqual([false, undefined]);
    }
  });
});
