import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { reduceOccupancyEvents } from './reduce-occupancy.js';
import { entry, exit, iso, makeOccupancy, MINUTE, presence, tick } from './test-fixtures.js';

const HOLD = 10 * MINUTE;

interface Scenario {
  name: string;
  events: OccupancyEvent[];
  zone: string;
  expected: { counted: number; headcount: number; entriesToday: number };
}

describe('zone headcount', () => {
  it.each<Scenario>([
    {
      name: 'each entry counts one more person',
      events: [entry('open-space', 0), entry('open-space', MINUTE), entry('open-space', 2 * MINUTE)],
      zone: 'open-space',
      expected: { counted: 3, headcount: 3, entriesToday: 3 },
    },
    {
      name: 'an exit counts one person less',
      events: [entry('open-space', 0), entry('open-space', MINUTE), exit('open-space', 2 * MINUTE)],
      zone: 'open-space',
      expected: { counted: 1, headcount: 1, entriesToday: 2 },
    },
    {
      name: 'an exit from an empty zone stays at zero',
      events: [exit('hall', 0)],
      zone: 'hall',
      expected: { counted: 0, headcount: 0, entriesToday: 0 },
    },
    {
      name: 'more exits than entries never go negative, and the next entry counts one',
      events: [entry('hall', 0), exit('hall', MINUTE), exit('hall', 2 * MINUTE), exit('hall', 3 * MINUTE), entry('hall', 4 * MINUTE)],
      zone: 'hall',
      expected: { counted: 1, headcount: 1, entriesToday: 2 },
    },
    {
      name: 'entries into another zone leave this one alone',
      events: [entry('hall', 0), entry('meeting-room', MINUTE)],
      zone: 'open-space',
      expected: { counted: 0, headcount: 0, entriesToday: 0 },
    },
    {
      name: 'an entry into a zone the site does not have is ignored',
      events: [entry('roof', 0)],
      zone: 'hall',
      expected: { counted: 0, headcount: 0, entriesToday: 0 },
    },
    {
      name: 'occupied desks raise the headcount of a zone nobody badged into',
      events: [presence('os-01', true, 0), presence('os-03', true, MINUTE)],
      zone: 'open-space',
      expected: { counted: 0, headcount: 2, entriesToday: 0 },
    },
    {
      name: 'a headcount above the occupied desks is kept',
      events: [entry('open-space', 0), entry('open-space', 0), entry('open-space', 0), presence('os-01', true, MINUTE)],
      zone: 'open-space',
      expected: { counted: 3, headcount: 3, entriesToday: 3 },
    },
    {
      name: 'an exit cannot take the headcount below the occupied desks',
      events: [entry('open-space', 0), presence('os-01', true, MINUTE), presence('os-03', true, MINUTE), exit('open-space', 2 * MINUTE)],
      zone: 'open-space',
      expected: { counted: 0, headcount: 2, entriesToday: 1 },
    },
    {
      name: 'the headcount follows the desks back down when they are released',
      events: [presence('os-01', true, 0), presence('os-03', true, 0), presence('os-01', false, MINUTE), tick(HOLD)],
      zone: 'open-space',
      expected: { counted: 0, headcount: 1, entriesToday: 0 },
    },
    {
      name: 'an offline desk does not count towards the headcount',
      events: [presence('mr-01', true, 0), tick(30 * MINUTE)],
      zone: 'meeting-room',
      expected: { counted: 0, headcount: 0, entriesToday: 0 },
    },
  ])('$name', ({ events, zone, expected }) => {
    const state = makeOccupancy({ events });
    const { counted, headcount, entriesToday } = state.zones.get(zone)!;

    expect({ counted, headcount, entriesToday }).toEqual(expected);
  });

  it.each([
    {
      name: 'a member is remembered in the zone of their latest badge-in',
      events: [entry('hall', 0, 'anne'), entry('open-space', MINUTE, 'anne')],
      expected: [{ memberId: 'anne', zone: 'open-space', at: iso(MINUTE) }],
    },
    {
      name: 'members are listed in the order they first badged in',
      events: [entry('hall', 0, 'anne'), entry('hall', MINUTE, 'bruno'), entry('open-space', 2 * MINUTE, 'anne')],
      expected: [
        { memberId: 'anne', zone: 'open-space', at: iso(2 * MINUTE) },
        { memberId: 'bruno', zone: 'hall', at: iso(MINUTE) },
      ],
    },
    {
      name: 'an entry without a member counts a person but remembers nobody',
      events: [entry('hall', 0)],
      expected: [],
    },
    {
      name: 'an exit does not forget a member: they still badged in today',
      events: [entry('hall', 0, 'anne'), exit('hall', MINUTE)],
      expected: [{ memberId: 'anne', zone: 'hall', at: iso(0) }],
    },
  ])('$name', ({ events, expected }) => {
    const state = makeOccupancy({ events });

    expect([...state.members.values()]).toEqual(expected);
  });
});

describe('zone headcount: who leaves', () => {
  it('an exit from a zone the site does not have changes nothing, named or not', () => {
    const state = makeOccupancy({ events: [entry('hall', 0, 'anne')] });
    const next = reduceOccupancyEvents(state, [exit('rooftop', MINUTE), exit('rooftop', MINUTE, 'zoe')]);

    expect(next).toBe(state);
  });

  it('a named member who is not in leaves a zone counting more people than the members it holds by name', () => {
    // Anne is in the hall by name; someone came into the open space on a visitor's opening.
    const state = makeOccupancy({ events: [entry('hall', 0, 'anne'), entry('open-space', 0), exit('open-space', MINUTE, 'bruno')] });

    expect(state.zones.get('open-space')?.counted).toBe(0);
    expect(state.zones.get('hall')?.counted).toBe(1);
  });

  it('an anonymous exit takes out the member who came into that zone earliest', () => {
    // Anne came first but went on to the open space and back: Bruno has now been in the hall longest.
    const state = makeOccupancy({
      events: [entry('hall', 0, 'anne'), entry('hall', MINUTE, 'bruno'), entry('open-space', 2 * MINUTE, 'anne'), entry('hall', 3 * MINUTE, 'anne'), exit('hall', 4 * MINUTE)],
    });

    expect([...state.present.keys()]).toEqual(['anne']);
  });

  it('of members who came in at the same instant, the first one told leaves', () => {
    const state = makeOccupancy({ events: [entry('hall', 0, 'anne'), entry('hall', 0, 'bruno'), exit('hall', MINUTE)] });

    expect([...state.present.keys()]).toEqual(['bruno']);
  });
});
