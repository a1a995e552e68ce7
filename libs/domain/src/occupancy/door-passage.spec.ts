// Exits: exit readers and exit-only doors take people out (docs/occupancy.md, "Exits").
import { describe, expect, it } from 'vitest';
import type { Badge, Member } from '../access/pass.js';
import { decideExit, openingIsExit, readerSide, type PassageDoor } from './door-passage.js';
import type { OccupancyEvent } from './occupancy-event.js';
import { entry, exit, makeOccupancy, MINUTE } from './test-fixtures.js';

const entrance: PassageDoor = { zone: 'hall', exitReaders: ['reader-inside'] };
const fireExit: PassageDoor = { zone: 'hall', exitOnly: true };
const plain: PassageDoor = { zone: 'open-space' };

describe('which way a passage goes', () => {
  it.each<{ rule: string; door: PassageDoor; reader: string; side: 'entry' | 'exit' }>([
    { rule: 'a reader listed in the door\'s exitReaders lets people out', door: entrance, reader: 'reader-inside', side: 'exit' },
    { rule: 'another reader at the same door lets people in', door: entrance, reader: 'reader-outside', side: 'entry' },
    { rule: 'every reader of an exit-only door lets people out', door: fireExit, reader: 'any-reader', side: 'exit' },
    { rule: 'a door without exit settings only lets people in', door: plain, reader: 'reader-inside', side: 'entry' },
  ])('$rule', ({ door, reader, side }) => {
    expect(readerSide(door, reader)).toBe(side);
  });

  it.each<{ rule: string; door: PassageDoor; withinGrant: boolean; exits: boolean }>([
    { rule: 'an exit-only door opened with no badge lets one person out', door: fireExit, withinGrant: false, exits: true },
    { rule: 'an exit-only door opened after an exit badge is that badge\'s passage, counted once', door: fireExit, withinGrant: true, exits: false },
    { rule: 'an entry door opened without a badge counts nobody (it is an alarm, not a passage)', door: entrance, withinGrant: false, exits: false },
    { rule: 'an entry door opened after a badge is that badge\'s passage', door: entrance, withinGrant: true, exits: false },
  ])('$rule', ({ door, withinGrant, exits }) => {
    expect(openingIsExit(door, withinGrant)).toBe(exits);
  });
});

describe('a badge at an exit reader', () => {
  const anne: Member = { id: 'anne', name: 'Anne', adherent: true, active: true };
  const badge = (status: Badge['status'], memberId = 'anne'): Badge => ({ uid: '04A224B2C31F80', memberId, status });

  it.each<{ rule: string; badge: Badge | null; member: Member | null; memberId: string | undefined }>([
    { rule: 'an active badge opens and names its member', badge: badge('active'), member: anne, memberId: 'anne' },
    { rule: 'a revoked badge still opens (nobody is locked in) and names its member', badge: badge('revoked'), member: anne, memberId: 'anne' },
    { rule: 'an inactive member still gets out', badge: badge('active'), member: { ...anne, active: false }, memberId: 'anne' },
    { rule: 'an unknown badge opens and names no one', badge: null, member: null, memberId: undefined },
    { rule: 'a badge pointing at another member names no one', badge: badge('active', 'yann'), member: anne, memberId: undefined },
  ])('$rule', ({ badge: held, member, memberId }) => {
    const decision = decideExit(held, member);
    expect(decision).toMatchObject({ granted: true, reason: 'exit' });
    expect(decision.memberId).toBe(memberId);
  });
});

describe('exits and "Présents"', () => {
  // What the service turns a passage into: an exit reader's badge names the member, an exit-only door opening no one.
  it.each<{ rule: string; events: OccupancyEvent[]; hall: number; openSpace: number }>([
    {
      rule: 'a member leaving by an exit reader is out, wherever they had gone since the entrance',
      events: [entry('hall', 0, 'anne'), entry('open-space', MINUTE, 'anne'), entry('hall', MINUTE, 'yann'), exit('hall', 2 * MINUTE, 'anne')],
      hall: 1, openSpace: 0,
    },
    {
      rule: 'an exit-only door opening takes out who came into the zone earliest, once per opening',
      events: [entry('hall', 0, 'anne'), entry('hall', MINUTE, 'yann'), exit('hall', 2 * MINUTE)],
      hall: 1, openSpace: 0,
    },
    {
      rule: 'leaving twice counts one person out, not two',
      events: [entry('hall', 0, 'anne'), entry('hall', MINUTE, 'yann'), exit('hall', 2 * MINUTE, 'anne'), exit('hall', 3 * MINUTE, 'anne')],
      hall: 1, openSpace: 0,
    },
    {
      rule: 'a member leaving who was never counted by name takes out someone who came in unnamed, not a colleague',
      events: [entry('hall', 0), entry('hall', MINUTE, 'yann'), exit('hall', 2 * MINUTE, 'anne'), exit('hall', 3 * MINUTE, 'anne')],
      hall: 1, openSpace: 0,
    },
  ])('$rule', ({ events, hall, openSpace }) => {
    const state = makeOccupancy({ events });
    expect([state.zones.get('hall')?.headcount, state.zones.get('open-space')?.headcount]).toEqual([hall, openSpace]);
  });
});
