import { describe, expect, it } from 'vitest';
import { generateMembers, strangerUid } from '../members.js';
import { CLOSING, daySchedule, FIRST_ARRIVAL, H, occupiedAt, type DayEvent, type DayInput } from './day-schedule.js';

const desks = Array.from({ length: 24 }, (_, index) => `desk-${String(index + 1).padStart(2, '0')}`);
const doors = { entrance: 'entrance', openSpace: 'open-space', eventRoom: 'event-room' };
const input = (seed: number): DayInput => ({
  members: generateMembers(seed, desks.length, '2025-03-04', new Date('2025-03-04T07:00:00Z')),
  desks,
  doors,
  seed,
  strangerUid: strangerUid(seed),
});
const roleOf = (day: DayInput) => new Map(day.members.map((member) => [member.key, member.role]));
const badges = (events: DayEvent[]) => events.filter((event): event is Extract<DayEvent, { type: 'badge' }> => event.type === 'badge');

describe.each([1, 2, 3, 42, 2025])('the day with seed %i is plausible', (seed) => {
  const day = input(seed);
  const events = daySchedule(day);
  const roles = roleOf(day);

  it('is in time order', () => {
    for (let index = 1; index < events.length; index++) expect(events[index]!.at).toBeGreaterThanOrEqual(events[index - 1]!.at);
  });

  it('has its first arrival at 8:50 or later', () => {
    const first = badges(events)[0]!;
    expect(first.at).toBeGreaterThanOrEqual(FIRST_ARRIVAL);
    expect(first.at).toBeLessThan(H(9, 15));
  });

  it('has nobody badging or sitting after 17:00 but the event attendees', () => {
    const late = events.filter((event) => event.at > CLOSING && (event.type === 'badge' || event.type === 'sit'));
    expect(late.length).toBeGreaterThan(0);
    for (const event of late) expect(roles.get((event as { member: string }).member)).toBe('event');
    expect(occupiedAt(events, CLOSING)).toBe(0);
  });

  it('dips at lunch and fills up again', () => {
    const lateMorning = occupiedAt(events, H(11, 30));
    const lunch = occupiedAt(events, H(12, 45));
    const afternoon = occupiedAt(events, H(14, 30));
    expect(lateMorning).toBeGreaterThanOrEqual(14);
    expect(lunch).toBeLessThan(lateMorning * 0.6);
    expect(afternoon).toBeGreaterThan(lunch * 1.5);
  });

  it('never seats two people at one desk, nor more people than desks', () => {
    const holder = new Map<string, string>();
    for (const event of events) {
      if (event.type === 'sit') {
        expect(holder.has(event.desk)).toBe(false);
        holder.set(event.desk, event.member);
      } else if (event.type === 'stand') {
        expect(holder.get(event.desk)).toBe(event.member);
        holder.delete(event.desk);
      }
    }
  });

  it('brings the event attendees to the event room around 18:00', () => {
    const talk = badges(events).filter((event) => event.door === 'event-room' && event.at > CLOSING);
    expect(talk).toHaveLength(day.members.filter((member) => member.role === 'event').length);
    for (const event of talk) expect(event.at).toBeGreaterThan(H(17, 30));
    for (const event of talk) expect(event.at).toBeLessThan(H(18, 15));
  });

  it('includes the moments that show denials', () => {
    const whys = badges(events).map((event) => event.why);
    expect(whys).toEqual(expect.arrayContaining(["a visitor's transport card", 'forgot to renew', 'lost card, reported and revoked', 'peeks into the event room']));
  });

  it('sends sensor heartbeats all day', () => {
    const beats = events.filter((event) => event.type === 'heartbeat');
    expect(beats.length).toBeGreaterThan(40);
  });
});

describe('seeded determinism', () => {
  it('gives the same day for the same seed, another day for another seed', () => {
    expect(daySchedule(input(7))).toEqual(daySchedule(input(7)));
    expect(daySchedule(input(7))).not.toEqual(daySchedule(input(8)));
  });

  it('gives the same members and badge UIDs for the same seed', () => {
    expect(generateMembers(5, 24, '2025-03-04', new Date(0))).toEqual(generateMembers(5, 24, '2025-03-04', new Date(0)));
  });
});
