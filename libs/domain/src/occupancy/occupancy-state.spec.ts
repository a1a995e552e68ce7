import { describe, expect, it } from 'vitest';
import { createOccupancyState, occupiedDesksIn, snapshotOccupancy, type OccupancyLayout } from './occupancy-state.js';
import { reduceOccupancyEvents } from './reduce-occupancy.js';
import { at, entry, iso, LAYOUT, makeOccupancy, MINUTE, presence, seatOf, tick } from './test-fixtures.js';

describe('initial occupancy state', () => {
  it('starts every desk offline until its sensor speaks', () => {
    const state = makeOccupancy();

    expect([...state.desks.values()].map((desk) => [desk.id, desk.state, desk.since])).toEqual(
      LAYOUT.desks.map((desk) => [desk.id, 'offline', iso(0)]),
    );
  });

  it.each([
    { name: 'a desk with a sensor type keeps it', desk: 'os-03', expected: 'radar' },
    { name: 'a desk without a sensor type is a PIR', desk: 'os-02', expected: 'pir' },
  ])('$name', ({ desk, expected }) => {
    expect(makeOccupancy().desks.get(desk)?.sensor).toBe(expected);
  });

  it('has a zero headcount for every layout zone and every desk zone', () => {
    const layout: OccupancyLayout = { site: 'brest', zones: ['hall'], desks: [{ id: 'd-1', label: 'D1', zone: 'loft' }] };

    const state = createOccupancyState(layout, { at: at(0) });

    expect([...state.zones.values()]).toEqual([
      { id: 'hall', counted: 0, entriesToday: 0, headcount: 0 },
      { id: 'loft', counted: 0, entriesToday: 0, headcount: 0 },
    ]);
  });
});

describe('a state whose desks are a plain Map (built by hand rather than by createOccupancyState)', () => {
  const made = makeOccupancy({ events: [presence('os-01', true, 0), presence('os-03', true, 0)] });
  const byHand = { ...made, desks: new Map(made.desks) };

  it('counts the occupied desks of a zone', () => {
    expect([occupiedDesksIn(byHand.desks, 'open-space'), occupiedDesksIn(byHand.desks, 'meeting-room')]).toEqual([2, 0]);
  });

  it('is updated by the reducer as a copy, the old map untouched', () => {
    const next = reduceOccupancyEvents(byHand, [presence('mr-01', true, MINUTE)]);

    expect(seatOf(next, 'mr-01')).toEqual({ state: 'occupied', since: iso(MINUTE) });
    expect(next.zones.get('meeting-room')?.headcount).toBe(1);
    expect(seatOf(byHand, 'mr-01')).toEqual({ state: 'offline', since: iso(0) });
  });
});

describe('restored occupancy state', () => {
  const lived = makeOccupancy({
    events: [
      presence('os-01', true, 0),
      presence('os-01', false, MINUTE),
      presence('os-02', false, 0),
      presence('os-03', true, 0),
      entry('open-space', 0, 'anne'),
      entry('hall', 0),
    ],
  });
  // Through JSON, as a saved snapshot would be.
  const restored = JSON.parse(JSON.stringify(snapshotOccupancy(lived))) as ReturnType<typeof snapshotOccupancy>;
  const restart = at(3 * MINUTE);

  it.each([
    { name: 'an occupied desk stays occupied instead of flashing free', desk: 'os-01', expected: { state: 'occupied', since: iso(0) } },
    { name: 'a free desk stays free', desk: 'os-02', expected: { state: 'free', since: iso(0) } },
    { name: 'a radar desk stays occupied', desk: 'os-03', expected: { state: 'occupied', since: iso(0) } },
    { name: 'a desk never heard from stays offline since the first start', desk: 'os-04', expected: { state: 'offline', since: iso(0) } },
  ])('$name', ({ desk, expected }) => {
    const state = createOccupancyState(LAYOUT, { restored, at: restart });

    expect(seatOf(state, desk)).toEqual(expected);
  });

  it('keeps the hold running from before the restart', () => {
    const state = makeOccupancy({ restored, events: [tick(10 * MINUTE - 1)] });
    const released = makeOccupancy({ restored, events: [tick(10 * MINUTE)] });

    expect(seatOf(state, 'os-01')).toEqual({ state: 'occupied', since: iso(0) });
    expect(seatOf(released, 'os-01')).toEqual({ state: 'free', since: iso(10 * MINUTE) });
  });

  it('keeps headcounts, entries and badge-ins', () => {
    const state = createOccupancyState(LAYOUT, { restored, at: restart });

    expect(state.zones.get('open-space')).toEqual({ id: 'open-space', counted: 1, entriesToday: 1, headcount: 2 });
    expect(state.zones.get('hall')).toEqual({ id: 'hall', counted: 1, entriesToday: 1, headcount: 1 });
    expect([...state.members.values()]).toEqual([{ memberId: 'anne', zone: 'open-space', at: iso(0) }]);
  });

  it('takes label, zone and sensor from the new layout, drops removed desks and starts new ones offline', () => {
    const layout: OccupancyLayout = {
      site: 'quimper',
      zones: ['hall'],
      desks: [
        { id: 'os-01', label: 'Window 1', zone: 'loft', sensor: 'radar' },
        { id: 'os-09', label: 'OS 9', zone: 'open-space' },
      ],
    };

    const state = createOccupancyState(layout, { restored, at: restart });

    expect([...state.desks.values()].map(({ id, label, zone, sensor, state: s }) => ({ id, label, zone, sensor, state: s }))).toEqual([
      { id: 'os-01', label: 'Window 1', zone: 'loft', sensor: 'radar', state: 'occupied' },
      { id: 'os-09', label: 'OS 9', zone: 'open-space', sensor: 'pir', state: 'offline' },
    ]);
    expect(state.zones.get('loft')?.headcount).toBe(1);
    expect([...state.members.values()]).toEqual([{ memberId: 'anne', zone: 'open-space', at: iso(0) }]);
  });

  it('never re-occupies a freed desk when a longer hold is configured across the restart', () => {
    const shortHold = makeOccupancy({
      config: { releaseAfterMs: 5 * MINUTE },
      events: [presence('os-01', true, 0), presence('os-01', false, MINUTE), tick(5 * MINUTE)],
    });

    const state = makeOccupancy({ restored: snapshotOccupancy(shortHold), events: [presence('os-01', false, 7 * MINUTE)] });

    expect(seatOf(state, 'os-01')).toEqual({ state: 'free', since: iso(5 * MINUTE) });
  });

  it('drops a badge-in whose zone left the layout', () => {
    const layout: OccupancyLayout = { site: 'quimper', zones: ['hall'], desks: [] };

    const state = createOccupancyState(layout, { restored, at: restart });
    expect(state.members.size).toBe(0);
    expect(state.present.size).toBe(0);
  });

  it('takes who is present from the snapshot, or everyone badged in from a snapshot saved before presence was tracked', () => {
    const anne = { memberId: 'anne', zone: 'open-space', at: iso(0) };
    const left = createOccupancyState(LAYOUT, { restored: { ...restored, present: [] }, at: restart });
    const { present: _present, ...older } = restored;
    const old = createOccupancyState(LAYOUT, { restored: older, at: restart });

    expect([[...left.members.values()], [...left.present.values()]]).toEqual([[anne], []]);
    expect([[...old.members.values()], [...old.present.values()]]).toEqual([[anne], [anne]]);
  });

  it('round-trips through a snapshot, leaving out instants a desk never had', () => {
    expect(snapshotOccupancy(createOccupancyState(LAYOUT, { restored, at: restart }))).toStrictEqual(restored);
    expect(restored.desks.find((desk) => desk.id === 'os-04')).toStrictEqual({ id: 'os-04', state: 'offline', since: iso(0), reportedOccupied: false });
  });
});
