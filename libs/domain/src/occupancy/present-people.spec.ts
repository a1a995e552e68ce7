// "Présents" counts people, not door passages (docs/occupancy.md, "Who is present").
import { describe, expect, it } from 'vitest';
import type { OccupancyEvent } from './occupancy-event.js';
import { closeOfDay, entry, exit, makeOccupancy, MINUTE, tick } from './test-fixtures.js';
import { PRESENCE_TIMEOUT_MS } from './zone-headcount.js';

interface Scenario {
  rule: string;
  events: OccupancyEvent[];
  /** Headcount per zone, and who is present where. */
  hall: number;
  openSpace: number;
  present: Record<string, string>;
}

describe('who is present: a member is in one zone at a time', () => {
  it.each<Scenario>([
    {
      rule: 'a member badging at the entrance then at the open space is one person, in the open space',
      events: [entry('hall', 0, 'anne'), entry('open-space', MINUTE, 'anne')],
      hall: 0, openSpace: 1, present: { anne: 'open-space' },
    },
    {
      rule: 'badging again into the zone one is in counts nobody new',
      events: [entry('open-space', 0, 'anne'), entry('open-space', MINUTE, 'anne')],
      hall: 0, openSpace: 1, present: { anne: 'open-space' },
    },
    {
      rule: 'going back to the hall moves them back',
      events: [entry('hall', 0, 'anne'), entry('open-space', MINUTE, 'anne'), entry('hall', 2 * MINUTE, 'anne')],
      hall: 1, openSpace: 0, present: { anne: 'hall' },
    },
    {
      rule: 'a badge-in without a member counts one more person',
      events: [entry('hall', 0), entry('hall', MINUTE)],
      hall: 2, openSpace: 0, present: {},
    },
    {
      rule: 'an exit naming the member takes them out of the zone they are in',
      events: [entry('hall', 0, 'anne'), entry('open-space', MINUTE, 'anne'), entry('open-space', MINUTE, 'yann'), exit('hall', 2 * MINUTE, 'anne')],
      hall: 0, openSpace: 1, present: { yann: 'open-space' },
    },
    {
      rule: 'an exit naming no one takes out who came into that zone earliest',
      events: [entry('hall', 0, 'anne'), entry('hall', MINUTE, 'yann'), exit('hall', 2 * MINUTE)],
      hall: 1, openSpace: 0, present: { yann: 'hall' },
    },
    {
      rule: 'an exit from a zone with no known member takes out an anonymous person',
      events: [entry('hall', 0), entry('open-space', 0, 'anne'), exit('hall', MINUTE)],
      hall: 0, openSpace: 1, present: { anne: 'open-space' },
    },
    {
      rule: 'a member not seen for the timeout is taken out on the next tick',
      events: [entry('open-space', 0, 'anne'), entry('open-space', 4 * 3600_000, 'yann'), tick(PRESENCE_TIMEOUT_MS)],
      hall: 0, openSpace: 1, present: { yann: 'open-space' },
    },
    {
      rule: 'a tick before the timeout keeps them in',
      events: [entry('open-space', 0, 'anne'), tick(PRESENCE_TIMEOUT_MS - MINUTE)],
      hall: 0, openSpace: 1, present: { anne: 'open-space' },
    },
    {
      rule: 'badging again restarts the timeout',
      events: [entry('open-space', 0, 'anne'), entry('open-space', 3600_000, 'anne'), tick(PRESENCE_TIMEOUT_MS)],
      hall: 0, openSpace: 1, present: { anne: 'open-space' },
    },
    {
      rule: 'the close of day takes everyone out',
      events: [entry('hall', 0, 'anne'), entry('open-space', 0, 'yann'), entry('hall', 0), closeOfDay(8 * 3600_000)],
      hall: 0, openSpace: 0, present: {},
    },
  ])('$rule', ({ events, hall, openSpace, present }) => {
    const state = makeOccupancy({ events });
    expect(state.zones.get('hall')?.headcount).toBe(hall);
    expect(state.zones.get('open-space')?.headcount).toBe(openSpace);
    expect(Object.fromEntries([...state.present.values()].map((p) => [p.memberId, p.zone]))).toEqual(present);
  });

  it('fourteen attendees badging at the entrance then the event room are fourteen people, all in the event room', () => {
    const layout = { site: 'quimper', zones: ['hall', 'event-room'], desks: [] };
    const attendees = Array.from({ length: 14 }, (_, i) => `m${i}`);
    const events = attendees.flatMap((id, i) => [entry('hall', i * MINUTE, id), entry('event-room', i * MINUTE + 30_000, id)]);
    const state = makeOccupancy({ layout, events });
    expect([state.zones.get('hall')?.headcount, state.zones.get('event-room')?.headcount]).toEqual([0, 14]);
  });

  it('a snapshot saved before presence was tracked counts everyone badged in as present', () => {
    const restored = { desks: [], zones: [{ id: 'hall', counted: 1, entriesToday: 1 }], members: [{ memberId: 'anne', zone: 'hall', at: new Date(0).toISOString() }] };
    const state = makeOccupancy({ restored, events: [entry('open-space', MINUTE, 'anne')] });
    expect([state.zones.get('hall')?.headcount, state.zones.get('open-space')?.headcount]).toEqual([0, 1]);
  });
});
