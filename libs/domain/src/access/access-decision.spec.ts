import { describe, it, expect } from 'vitest';
import { decideAccess, type AccessDecision, type AccessRequest } from './access-decision.js';
import type { PassInput } from './pass.js';
import { makeBadge, makeMember, makePass, makeSite } from './test-fixtures.js';

const MONDAY_10 = '2026-03-02T10:00:00+01:00';
const march = { validFrom: '2026-03-01', validUntil: '2026-03-31' };
const tonight = { validFrom: '2026-03-02T18:00:00+01:00', validUntil: '2026-03-02T22:00:00+01:00' };

const subscription = makePass({ id: 'sub', type: 'subscription', ...march });
const carnet = makePass({ id: 'carnet', type: 'carnet', credits: 10 });
const emptyCarnet = makePass({ id: 'carnet', type: 'carnet', credits: 1, usedOn: [{ date: '2026-02-27' }] });
const day = makePass({ id: 'day', type: 'day' });
const halfDay = makePass({ id: 'half', type: 'half-day' });
const staff = makePass({ id: 'staff', type: 'staff' });
const event = makePass({ id: 'event', type: 'event', ...tonight });
const p = (input: Partial<PassInput> & Pick<PassInput, 'type' | 'id'>) => makePass(input);

interface Scenario {
  at?: string;
  door?: string;
  passes?: AccessRequest['passes'];
  badge?: AccessRequest['badge'];
  member?: AccessRequest['member'];
  lockdown?: boolean;
  site?: AccessRequest['site'];
}

function decide(s: Scenario): AccessDecision {
  return decideAccess({
    now: new Date(s.at ?? MONDAY_10),
    site: s.site ?? makeSite(),
    doorZone: s.door ?? 'open-space',
    badge: 'badge' in s ? s.badge : makeBadge(),
    member: 'member' in s ? s.member : makeMember(),
    passes: s.passes ?? [],
    ...(s.lockdown === undefined ? {} : { lockdown: s.lockdown }),
  });
}

// What a reader and the audit log see of a decision.
function outcome(d: AccessDecision) {
  return d.granted
    ? { granted: true, reason: d.reason, pass: d.pass.id, take: d.take }
    : { granted: false, reason: d.reason, detail: d.detail };
}

const deny = (reason: string, detail?: string) => ({ granted: false, reason, detail });
const grant = (reason: string, pass: string, take: { passId: string; date: string; period?: string } | null = null) => ({
  granted: true,
  reason,
  pass,
  take,
});

describe('decideAccess', () => {
  it('outside the hours of an opening day: no detail at all, the day is open', () => {
    expect(decideAccess({ now: new Date('2026-03-02T20:00:00+01:00'), site: makeSite(), doorZone: 'open-space', badge: makeBadge(), member: makeMember(), passes: [subscription] })).toStrictEqual({ granted: false, reason: 'outside-hours' });
  });

  it.each<[string, Scenario, ReturnType<typeof deny> | ReturnType<typeof grant>]>([
    ['unknown-badge: no badge holds the UID', { badge: null, passes: [subscription] }, deny('unknown-badge')],
    ['unknown-badge: the badge belongs to another member', { badge: makeBadge({ memberId: 'm2' }), passes: [subscription] }, deny('unknown-badge')],
    ['unknown-badge: the badge points at no member', { member: null, passes: [subscription] }, deny('unknown-badge')],
    ['badge-revoked: revoked badge, even with staff rights', { badge: makeBadge({ status: 'revoked' }), passes: [staff] }, deny('badge-revoked')],
    ['badge-revoked: lost badge', { badge: makeBadge({ status: 'lost' }), passes: [subscription] }, deny('badge-revoked')],
    ['badge-revoked: inactive member', { member: makeMember({ active: false }), passes: [subscription] }, deny('badge-revoked')],
    ['badge-revoked: wins over a lockdown', { badge: makeBadge({ status: 'revoked' }), passes: [staff], lockdown: true }, deny('badge-revoked')],
    ['no-valid-pass: no pass at all', {}, deny('no-valid-pass')],
    ["no-valid-pass: another member's pass is ignored", { passes: [p({ id: 'x', type: 'staff', memberId: 'm2' })] }, deny('no-valid-pass')],
    ['no-valid-pass: subscription ended', { passes: [p({ id: 'sub', type: 'subscription', validUntil: '2026-02-28' })] }, deny('no-valid-pass')],
    ['outside-hours: subscription on Saturday', { at: '2026-03-07T10:00:00+01:00', passes: [subscription] }, deny('outside-hours', 'weekly-hours')],
    ['outside-hours: subscription at 20:00', { at: '2026-03-02T20:00:00+01:00', passes: [subscription, carnet] }, deny('outside-hours')],
    ['outside-hours: 08:49, before the early-entry grace', { at: '2026-03-02T08:49:00+01:00', passes: [subscription] }, deny('outside-hours')],
    ['granted: 08:50, inside the early-entry grace', { at: '2026-03-02T08:50:00+01:00', passes: [subscription] }, grant('subscription', 'sub')],
    [
      'outside-hours: Ascension, named for the log',
      { at: '2026-05-14T10:00:00+02:00', passes: [p({ id: 'sub', type: 'subscription' })] },
      deny('outside-hours', 'Ascension'),
    ],
    [
      'outside-hours: Whit Monday',
      { at: '2026-05-25T10:00:00+02:00', passes: [p({ id: 'sub', type: 'subscription' })] },
      deny('outside-hours', 'Lundi de Pentecôte'),
    ],
    [
      'outside-hours: a closure, with its reason',
      { at: '2026-08-10T10:00:00+02:00', passes: [carnet], site: makeSite({ closures: [{ from: '2026-08-03', to: '2026-08-14', reason: "Congés d'été" }] }) },
      deny('outside-hours', "Congés d'été"),
    ],
    ['zone-not-allowed: coworking pass at the event-room door', { door: 'event-room', passes: [subscription] }, deny('zone-not-allowed')],
    ['pass-exhausted: carnet at zero', { passes: [emptyCarnet] }, deny('pass-exhausted')],
    ['most specific: an empty carnet beats an ended subscription', { passes: [p({ id: 'old', type: 'subscription', validUntil: '2026-02-28' }), emptyCarnet] }, deny('pass-exhausted')],
    ['most specific: an empty carnet beats an ended subscription checked after it', { passes: [emptyCarnet, p({ id: 'old', type: 'subscription', validUntil: '2026-02-28' })] }, deny('pass-exhausted')],
    ['most specific: a wrong zone beats an empty carnet', { door: 'event-room', passes: [emptyCarnet, subscription] }, deny('zone-not-allowed')],
    ['no-valid-pass on a Sunday: no closure named, only outside-hours says why the site is shut', { at: '2026-03-08T10:00:00+01:00' }, deny('no-valid-pass')],
    ["most specific: tonight's event beats a subscription's wrong zone", { door: 'event-room', passes: [subscription, event] }, deny('outside-hours')],
    ['event: 20:00 in the evening', { at: '2026-03-02T20:00:00+01:00', door: 'event-room', passes: [subscription, event] }, grant('event', 'event')],
    ['staff: Sunday 03:00, any zone', { at: '2026-03-08T03:00:00+01:00', door: 'server-room', passes: [staff] }, grant('staff', 'staff')],
    ['lockdown: staff still get in', { lockdown: true, passes: [subscription, staff] }, grant('staff', 'staff')],
    ['lockdown: everyone else is refused', { lockdown: true, passes: [subscription, event] }, deny('outside-hours', 'lockdown')],
    ['DST: first Monday of summer time, 08:50 CEST', { at: '2026-03-30T08:50:00+02:00', passes: [subscription] }, grant('subscription', 'sub')],
    ['DST: first Monday of winter time, 08:49 CET', { at: '2026-10-26T08:49:00+01:00', passes: [p({ id: 'sub', type: 'subscription' })] }, deny('outside-hours')],
    ['midnight: a coworking pass at 00:00', { at: '2026-03-03T00:00:00+01:00', passes: [subscription] }, deny('outside-hours')],
  ])('%s', (_scenario, scenario, expected) => {
    expect(outcome(decide(scenario))).toEqual(expected);
  });

  // Cheapest first: staff, event, subscription, re-entry, new day / half-day, carnet credit.
  it.each<[string, Scenario, ReturnType<typeof grant>]>([
    ['subscription before a carnet credit', { passes: [carnet, subscription] }, grant('subscription', 'sub')],
    ['staff before a subscription', { passes: [subscription, staff] }, grant('staff', 'staff')],
    ['event before a subscription in the hall', { at: '2026-03-02T16:30:00+01:00', door: 'hall', passes: [subscription, p({ id: 'event', type: 'event', validFrom: '2026-03-02T16:00:00+01:00', validUntil: '2026-03-02T18:00:00+01:00' })] }, grant('event', 'event')],
    ['a day pass before a carnet credit', { passes: [carnet, day] }, grant('day', 'day', { passId: 'day', date: '2026-03-02' })],
    ['the day already taken today before a new day', { passes: [day, p({ id: 'carnet', type: 'carnet', credits: 5, usedOn: [{ date: '2026-03-02' }] })] }, grant('carnet', 'carnet')],
    ['morning: a day before a half-day', { at: '2026-03-02T09:30:00+01:00', passes: [halfDay, day] }, grant('day', 'day', { passId: 'day', date: '2026-03-02' })],
    ['12:59: still morning, the day', { at: '2026-03-02T12:59:00+01:00', passes: [halfDay, day] }, grant('day', 'day', { passId: 'day', date: '2026-03-02' })],
    ['13:00: afternoon, the half-day', { at: '2026-03-02T13:00:00+01:00', passes: [day, halfDay] }, grant('half-day', 'half', { passId: 'half', date: '2026-03-02', period: 'afternoon' })],
    ['only a half-day in the morning', { at: '2026-03-02T09:30:00+01:00', passes: [halfDay] }, grant('half-day', 'half', { passId: 'half', date: '2026-03-02', period: 'morning' })],
    [
      'two carnets: the one with fewer credits left',
      { passes: [p({ id: 'a', type: 'carnet', credits: 10 }), p({ id: 'b', type: 'carnet', credits: 10, usedOn: [{ date: '2026-02-20' }] })] },
      grant('carnet', 'b', { passId: 'b', date: '2026-03-02' }),
    ],
    [
      'two day passes: the one expiring first',
      { passes: [p({ id: 'a', type: 'day' }), p({ id: 'b', type: 'day', validUntil: '2026-06-30' }), p({ id: 'c', type: 'day', validUntil: '2026-12-31' })] },
      grant('day', 'b', { passId: 'b', date: '2026-03-02' }),
    ],
    [
      'afternoon: a new day before a credit of a carnet expiring sooner',
      { at: '2026-03-02T14:00:00+01:00', passes: [p({ id: 'carnet', type: 'carnet', credits: 5, validUntil: '2026-03-31' }), day] },
      grant('day', 'day', { passId: 'day', date: '2026-03-02' }),
    ],
    ['a dated day pass before an open-ended one', { passes: [p({ id: 'a', type: 'day' }), p({ id: 'z', type: 'day', validUntil: '2026-12-31' })] }, grant('day', 'z', { passId: 'z', date: '2026-03-02' })],
    ['a dated day pass before an open-ended one, listed first', { passes: [p({ id: 'z', type: 'day', validUntil: '2026-12-31' }), p({ id: 'a', type: 'day' })] }, grant('day', 'z', { passId: 'z', date: '2026-03-02' })],
    ['the day pass expiring first, listed last', { passes: [p({ id: 'a', type: 'day', validUntil: '2026-12-31' }), p({ id: 'z', type: 'day', validUntil: '2026-06-30' })] }, grant('day', 'z', { passId: 'z', date: '2026-03-02' })],
    ['the day pass expiring first, listed first', { passes: [p({ id: 'z', type: 'day', validUntil: '2026-06-30' }), p({ id: 'a', type: 'day', validUntil: '2026-12-31' })] }, grant('day', 'z', { passId: 'z', date: '2026-03-02' })],
    [
      'the carnet with fewer credits left, listed last',
      { passes: [p({ id: 'a', type: 'carnet', credits: 10 }), p({ id: 'z', type: 'carnet', credits: 3 })] },
      grant('carnet', 'z', { passId: 'z', date: '2026-03-02' }),
    ],
    [
      'the carnet with fewer credits left, listed first',
      { passes: [p({ id: 'z', type: 'carnet', credits: 3 }), p({ id: 'a', type: 'carnet', credits: 10 })] },
      grant('carnet', 'z', { passId: 'z', date: '2026-03-02' }),
    ],
    ['identical passes: the smallest id', { passes: [p({ id: 'z', type: 'day' }), p({ id: 'k', type: 'day' })] }, grant('day', 'k', { passId: 'k', date: '2026-03-02' })],
    ['a zone-refused subscription leaves the carnet', { door: 'meeting-room', passes: [p({ id: 'sub', type: 'subscription', zones: ['hall', 'open-space'] }), carnet] }, grant('carnet', 'carnet', { passId: 'carnet', date: '2026-03-02' })],
  ])('cheapest pass: %s', (_scenario, scenario, expected) => {
    expect(outcome(decide(scenario))).toEqual(expected);
  });

  it('decides without touching the passes it was given', () => {
    const passes = [p({ id: 'carnet', type: 'carnet', credits: 3 })];
    const before = structuredClone(passes);
    decide({ passes });
    expect(passes).toEqual(before);
  });
});
