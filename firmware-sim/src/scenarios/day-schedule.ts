// A day at the cantine, as a list of timed events (minutes since the site's local midnight). Pure
// and seeded: the runner plays it, the specs check it is plausible. Arrivals from 8:50, a lunch dip
// from 12:00 to about 13:30, everyone gone by 17:00, then the 18:00 talk in the event room.
import type { MemberRecord } from '../credentials.js';
import { createRandom, type Random } from '../random.js';

export type DayEvent =
  | { at: number; type: 'badge'; member: string; uid: string; door: string; why: string }
  | { at: number; type: 'sit' | 'stand'; member: string; desk: string }
  | { at: number; type: 'heartbeat' }
  | { at: number; type: 'phase'; label: string };

export interface DayDoors {
  entrance: string;
  openSpace: string;
  eventRoom: string;
}

export interface DayInput {
  members: ReadonlyArray<Pick<MemberRecord, 'key' | 'uid' | 'role'>>;
  desks: readonly string[];
  doors: DayDoors;
  seed: number | string;
  strangerUid?: string;
  heartbeatEveryMin?: number;
}

export const H = (hours: number, minutes = 0) => hours * 60 + minutes;
export const FIRST_ARRIVAL = H(8, 50);
export const CLOSING = H(17);
export const DAY_START = H(8, 45);
export const DAY_END = H(19, 45);

type Draft = Exclude<DayEvent, { type: 'sit' | 'stand' }> | { at: number; type: 'sit' | 'stand'; member: string };

/** Badge at the entrance, then at the open-space door, then sit down. */
function comeIn(random: Random, doors: DayDoors, member: DayInput['members'][number], at: number, why: string): Draft[] {
  const inner = at + random.between(0.5, 2);
  return [
    { at, type: 'badge', member: member.key, uid: member.uid, door: doors.entrance, why },
    { at: inner, type: 'badge', member: member.key, uid: member.uid, door: doors.openSpace, why },
    { at: inner + random.between(1, 4), type: 'sit', member: member.key },
  ];
}

/** Skewed early: most people come between 8:50 and 9:30, a few until 11:20. */
const morningArrival = (random: Random) => FIRST_ARRIVAL + random.next() ** 2 * 150;

function coworkerDay(random: Random, doors: DayDoors, member: DayInput['members'][number]): Draft[] {
  const events = comeIn(random, doors, member, morningArrival(random), 'arrives');
  const leave = random.around(H(16, 15), 35, H(15, 30), H(16, 55));
  if (random.chance(0.8)) {
    events.push({ at: random.around(H(12, 10), 12, H(12), H(12, 35)), type: 'stand', member: member.key });
    events.push(...comeIn(random, doors, member, random.around(H(13, 12), 12, H(13), H(13, 32)), 'back from lunch'));
  }
  events.push({ at: leave, type: 'stand', member: member.key });
  return events;
}

function memberDay(random: Random, doors: DayDoors, member: DayInput['members'][number]): Draft[] {
  const badge = (at: number, door: string, why: string): Draft => ({ at, type: 'badge', member: member.key, uid: member.uid, door, why });
  switch (member.role) {
    case 'coworker':
      return coworkerDay(random, doors, member);
    case 'morning':
      return [...comeIn(random, doors, member, morningArrival(random), 'arrives (morning pass)'), { at: random.around(H(12, 5), 8, H(11, 50), H(12, 25)), type: 'stand', member: member.key }];
    case 'afternoon':
      return [...comeIn(random, doors, member, random.around(H(13, 15), 10, H(13, 2), H(13, 40)), 'arrives (afternoon pass)'), { at: random.around(H(16, 30), 15, H(16), H(16, 55)), type: 'stand', member: member.key }];
    case 'staff':
      return [...comeIn(random, doors, member, FIRST_ARRIVAL + random.between(0, 4), 'opens up'), { at: H(16, 57), type: 'stand', member: member.key }];
    case 'no-pass':
      return [badge(H(10, 5), doors.entrance, 'forgot to renew'), badge(H(10, 6), doors.entrance, 'tries again')];
    case 'revoked':
      return [badge(H(9, 20), doors.entrance, 'lost card, reported and revoked')];
    case 'event': {
      // The event pass opens the doors at 18:00, its start: the first come just then.
      const at = random.around(H(18, 4), 4, H(18), H(18, 12));
      return [badge(at, doors.entrance, 'comes for the talk'), badge(at + random.between(0.5, 2), doors.eventRoom, 'comes for the talk')];
    }
  }
}

/** Phases, heartbeats, a visitor's unknown card and a coworker peeking into the event room. */
function extras(input: DayInput, random: Random): Draft[] {
  const drafts: Draft[] = [
    { at: H(9), type: 'phase', label: 'opening hours start' },
    { at: H(12), type: 'phase', label: 'lunch time' },
    { at: H(17), type: 'phase', label: 'closing time' },
    { at: H(18), type: 'phase', label: 'the talk starts in the event room' },
    { at: H(19, 30), type: 'phase', label: 'the talk ends' },
  ];
  const every = input.heartbeatEveryMin ?? 15;
  for (let at = DAY_START; at <= DAY_END; at += every) drafts.push({ at, type: 'heartbeat' });
  if (input.strangerUid !== undefined) {
    drafts.push({ at: H(10, 40), type: 'badge', member: 'visitor', uid: input.strangerUid, door: input.doors.entrance, why: "a visitor's transport card" });
  }
  const curious = input.members.filter((member) => member.role === 'coworker');
  if (curious.length > 0) {
    const member = random.pick(curious);
    drafts.push({ at: H(15), type: 'badge', member: member.key, uid: member.uid, door: input.doors.eventRoom, why: 'peeks into the event room' });
  }
  return drafts;
}

type DeskDraft = Extract<Draft, { member: string; type: 'sit' | 'stand' }>;
const isDeskDraft = (draft: Draft): draft is DeskDraft => draft.type === 'sit' || draft.type === 'stand';

/** Gives each sit a free desk (seeded) and each stand the desk its member holds. */
function assignDesks(drafts: Draft[], desks: readonly string[], random: Random): DayEvent[] {
  const free = new Set(desks);
  const held = new Map<string, string>();
  const events: DayEvent[] = [];
  for (const draft of drafts) {
    if (!isDeskDraft(draft)) {
      events.push(draft);
      continue;
    }
    const desk = draft.type === 'sit' ? (free.size > 0 && !held.has(draft.member) ? random.pick([...free]) : undefined) : held.get(draft.member);
    // Nobody free to sit: they work from the hall sofa, which has no sensor.
    if (desk === undefined) continue;
    if (draft.type === 'sit') {
      free.delete(desk);
      held.set(draft.member, desk);
    } else {
      free.add(desk);
      held.delete(draft.member);
    }
    events.push({ ...draft, desk });
  }
  return events;
}

export function daySchedule(input: DayInput): DayEvent[] {
  const random = createRandom(input.seed).fork('day');
  const drafts = input.members.flatMap((member) => memberDay(random.fork(member.key), input.doors, member));
  drafts.push(...extras(input, random.fork('extras')));
  const ordered = drafts.map((draft, index) => ({ draft, index })).sort((a, b) => a.draft.at - b.draft.at || a.index - b.index);
  return assignDesks(
    ordered.map(({ draft }) => draft),
    input.desks,
    random.fork('desks'),
  );
}

/** Desks held at a moment of the schedule: for the specs and the console. */
export function occupiedAt(events: readonly DayEvent[], at: number): number {
  let occupied = 0;
  for (const event of events) {
    if (event.at > at) break;
    if (event.type === 'sit') occupied++;
    else if (event.type === 'stand') occupied--;
  }
  return occupied;
}
