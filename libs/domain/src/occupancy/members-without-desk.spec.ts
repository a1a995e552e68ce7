import { describe, expect, it } from 'vitest';
import { findMembersWithoutDesk, type MembersWithoutDesk } from './members-without-desk.js';
import type { OccupancyEvent } from './occupancy-event.js';
import { closeOfDay, deviceOffline, entry, iso, makeOccupancy, MINUTE, presence } from './test-fixtures.js';

describe('members badged in without a desk in use', () => {
  it.each<{ name: string; events: OccupancyEvent[]; expected: MembersWithoutDesk }>([
    { name: 'nobody badged in, nothing to report', events: [presence('os-01', false, 0)], expected: { memberCount: 0, members: [] } },
    {
      name: 'a member in a desk zone where no desk is in use is reported',
      events: [entry('open-space', 0, 'anne'), presence('os-01', false, MINUTE)],
      expected: { memberCount: 1, members: [{ memberId: 'anne', zone: 'open-space', at: iso(0) }] },
    },
    {
      name: 'one desk in use in the zone clears its members',
      events: [entry('open-space', 0, 'anne'), entry('open-space', 0, 'bruno'), presence('os-03', true, MINUTE)],
      expected: { memberCount: 0, members: [] },
    },
    {
      name: 'a desk in use in another zone does not clear them',
      events: [entry('meeting-room', 0, 'anne'), entry('open-space', 0, 'bruno'), presence('os-01', true, MINUTE)],
      expected: { memberCount: 1, members: [{ memberId: 'anne', zone: 'meeting-room', at: iso(0) }] },
    },
    {
      name: 'a member last seen in a zone without desks is not expected at a desk',
      events: [entry('hall', 0, 'anne')],
      expected: { memberCount: 0, members: [] },
    },
    {
      name: 'a member counts in the zone they badged into last',
      events: [entry('meeting-room', 0, 'anne'), entry('open-space', MINUTE, 'anne'), presence('mr-01', true, 2 * MINUTE)],
      expected: { memberCount: 1, members: [{ memberId: 'anne', zone: 'open-space', at: iso(MINUTE) }] },
    },
    {
      name: 'an offline desk is not in use',
      events: [entry('meeting-room', 0, 'anne'), presence('mr-01', true, MINUTE), deviceOffline('mr-01', 2 * MINUTE)],
      expected: { memberCount: 1, members: [{ memberId: 'anne', zone: 'meeting-room', at: iso(0) }] },
    },
    {
      name: 'yesterday’s members are forgotten',
      events: [entry('open-space', 0, 'anne'), closeOfDay(8 * 60 * MINUTE)],
      expected: { memberCount: 0, members: [] },
    },
  ])('$name', ({ events, expected }) => {
    expect(findMembersWithoutDesk(makeOccupancy({ events }))).toEqual(expected);
  });
});
