import { describe, expect, it } from 'vitest';
import { decideAccess } from './access-decision.js';
import { grantWindows, siteBoundaries, type GrantWindow } from './grant-windows.js';
import type { Pass } from './pass.js';
import { makeBadge, makeMember, makePass, makeSite } from './test-fixtures.js';

const H = 3_600_000;
const t = (iso: string) => Date.parse(iso);
const site = makeSite();

interface Scenario {
  name: string;
  from: string;
  passes: Pass[];
  door?: string;
  revoked?: boolean;
  lockdown?: boolean;
  /** How long the list runs; 24 h when absent. */
  hours?: number;
  expected: Array<[string, string]>;
}

const subscription = makePass({ id: 'sub', type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-04-30' });

const SCENARIOS: Scenario[] = [
  { name: 'a subscription: the opening hours with the 10 min early entry', from: '2026-03-02T07:30:00+01:00', passes: [subscription], expected: [['2026-03-02T08:50:00+01:00', '2026-03-02T17:00:00+01:00']] },
  { name: 'a list issued at noon runs into the next morning', from: '2026-03-02T12:00:00+01:00', passes: [subscription], expected: [['2026-03-02T12:00:00+01:00', '2026-03-02T17:00:00+01:00'], ['2026-03-03T08:50:00+01:00', '2026-03-03T12:00:00+01:00']] },
  { name: 'Friday noon: nothing on Saturday', from: '2026-03-06T12:00:00+01:00', passes: [subscription], expected: [['2026-03-06T12:00:00+01:00', '2026-03-06T17:00:00+01:00']] },
  { name: 'staff: the whole list, in one window', from: '2026-03-02T12:00:00+01:00', passes: [makePass({ type: 'staff' })], expected: [['2026-03-02T12:00:00+01:00', '2026-03-03T12:00:00+01:00']] },
  { name: 'a revoked badge: nothing', from: '2026-03-02T12:00:00+01:00', passes: [makePass({ type: 'staff' })], revoked: true, expected: [] },
  { name: 'lockdown: staff only', from: '2026-03-02T12:00:00+01:00', passes: [subscription], lockdown: true, expected: [] },
  { name: 'a day pass not yet taken: every opening hour it could be taken in', from: '2026-03-02T12:00:00+01:00', passes: [makePass({ type: 'day' })], expected: [['2026-03-02T12:00:00+01:00', '2026-03-02T17:00:00+01:00'], ['2026-03-03T08:50:00+01:00', '2026-03-03T12:00:00+01:00']] },
  { name: 'a day pass taken today: today only', from: '2026-03-02T12:00:00+01:00', passes: [makePass({ type: 'day', usedOn: [{ date: '2026-03-02' }] })], expected: [['2026-03-02T12:00:00+01:00', '2026-03-02T17:00:00+01:00']] },
  { name: 'a morning half-day taken: until the split', from: '2026-03-02T10:00:00+01:00', passes: [makePass({ type: 'half-day', usedOn: [{ date: '2026-03-02', period: 'morning' }] })], expected: [['2026-03-02T10:00:00+01:00', '2026-03-02T13:00:00+01:00']] },
  { name: 'an event pass: its own window at the event room, whatever the hours', from: '2026-03-02T12:00:00+01:00', door: 'event-room', passes: [makePass({ type: 'event', validFrom: '2026-03-02T18:30:00+01:00', validUntil: '2026-03-02T22:15:00+01:00' })], expected: [['2026-03-02T18:30:00+01:00', '2026-03-02T22:15:00+01:00']] },
  { name: 'an event pass across closing time: one window, from its start to its end', from: '2026-03-02T12:00:00+01:00', door: 'event-room', passes: [makePass({ type: 'event', validFrom: '2026-03-02T16:00:00+01:00', validUntil: '2026-03-02T18:00:00+01:00' })], expected: [['2026-03-02T16:00:00+01:00', '2026-03-02T18:00:00+01:00']] },
  { name: 'a list issued during an event: from the list\'s start to the event\'s end', from: '2026-03-02T19:00:00+01:00', door: 'event-room', passes: [makePass({ type: 'event', validFrom: '2026-03-02T18:30:00+01:00', validUntil: '2026-03-02T22:15:00+01:00' })], expected: [['2026-03-02T19:00:00+01:00', '2026-03-02T22:15:00+01:00']] },
  { name: 'a list ending during an event: up to the list\'s end', from: '2026-03-02T12:00:00+01:00', hours: 8, door: 'event-room', passes: [makePass({ type: 'event', validFrom: '2026-03-02T18:30:00+01:00', validUntil: '2026-03-02T22:15:00+01:00' })], expected: [['2026-03-02T18:30:00+01:00', '2026-03-02T20:00:00+01:00']] },
  { name: 'an event pass for a whole local day (bare dates)', from: '2026-03-02T12:00:00+01:00', door: 'event-room', passes: [makePass({ type: 'event', validFrom: '2026-03-03', validUntil: '2026-03-03' })], expected: [['2026-03-03T00:00:00+01:00', '2026-03-03T12:00:00+01:00']] },
  { name: 'an event pass at a door of another zone: nothing', from: '2026-03-02T12:00:00+01:00', door: 'open-space', passes: [makePass({ type: 'event', validFrom: '2026-03-02T18:30:00+01:00', validUntil: '2026-03-02T22:15:00+01:00' })], expected: [] },
  { name: 'across the spring DST change (Paris, 29 March 2026)', from: '2026-03-29T00:00:00+01:00', passes: [subscription], expected: [] },
  { name: 'the Monday after the DST change opens at 08:50 summer time', from: '2026-03-29T12:00:00+02:00', passes: [subscription], expected: [['2026-03-30T08:50:00+02:00', '2026-03-30T12:00:00+02:00']] },
];

const zoneOf: Record<string, string> = { entrance: 'hall', 'open-space': 'open-space', 'event-room': 'event-room' };

function windowsOf(s: Scenario): GrantWindow[] {
  const from = t(s.from);
  const until = from + (s.hours ?? 24) * H;
  const request = {
    site,
    doorZone: zoneOf[s.door ?? 'open-space']!,
    badge: makeBadge({ status: s.revoked ? 'revoked' : 'active' }),
    member: makeMember(),
    passes: s.passes,
    lockdown: s.lockdown ?? false,
  };
  return grantWindows(request, from, until, siteBoundaries(site, from, until));
}

describe('grantWindows: when a badge would be granted at a door over the next 24 h', () => {
  it.each(SCENARIOS)('$name', (s) => {
    expect(windowsOf(s)).toEqual(s.expected.map(([a, b]) => [t(a), t(b)]));
  });

  it.each(SCENARIOS)('agrees with decideAccess minute by minute: $name', (s) => {
    const from = t(s.from);
    const windows = windowsOf(s);
    for (let at = from; at < from + (s.hours ?? 24) * H; at += 60_000) {
      const inside = windows.some(([a, b]) => a <= at && at < b);
      const granted = decideAccess({ now: new Date(at), site, doorZone: zoneOf[s.door ?? 'open-space']!, badge: makeBadge({ status: s.revoked ? 'revoked' : 'active' }), member: makeMember(), passes: s.passes, lockdown: s.lockdown ?? false }).granted;
      if (inside !== granted) throw new Error(`${new Date(at).toISOString()}: windows say ${inside}, decideAccess ${granted}`);
    }
  });
});

describe('grantWindows on an empty range', () => {
  it('a list of no length holds no window, even for staff', () => {
    const at = t('2026-03-02T12:00:00+01:00');
    const request = { site, doorZone: 'open-space', badge: makeBadge(), member: makeMember(), passes: [makePass({ type: 'staff' })], lockdown: false };
    expect(grantWindows(request, at, at, siteBoundaries(site, at, at))).toEqual([]);
  });
});

describe('siteBoundaries', () => {
  it.each<[string, string, string, string[]]>([
    ['the split, the closing, midnight and the next early entry', '2026-03-02T12:00:30+01:00', '2026-03-03T12:00:30+01:00', ['2026-03-02T13:00:00+01:00', '2026-03-02T17:00:00+01:00', '2026-03-03T00:00:00+01:00', '2026-03-03T08:50:00+01:00']],
    ['nothing twice when from is a flip minute, nothing at until', '2026-03-02T13:00:00+01:00', '2026-03-02T17:00:00+01:00', []],
    ['the minute the clock jumps to summer time', '2026-03-29T01:30:00+01:00', '2026-03-29T03:30:00+02:00', ['2026-03-29T03:00:00+02:00']],
  ])('%s', (_case, fromIso, untilIso, after) => {
    const from = t(fromIso);
    expect(siteBoundaries(site, from, t(untilIso))).toEqual([from, ...after.map(t)]);
  });


  it('starts with from and stays in range, sorted', () => {
    const from = t('2026-03-02T12:00:30+01:00');
    const boundaries = siteBoundaries(site, from, from + 24 * H);
    expect(boundaries[0]).toBe(from);
    expect([...boundaries].sort((a, b) => a - b)).toEqual(boundaries);
    expect(boundaries.every((b) => b >= from && b < from + 24 * H)).toBe(true);
  });
});
