import { describe, it, expect } from 'vitest';
import { localTime } from './local-time.js';
import type { Pass, PassInput } from './pass.js';
import { checkPass, creditsLeft, type PassCheck } from './pass-validity.js';
import { makePass, makeSite } from './test-fixtures.js';

const site = makeSite();
const MONDAY_10 = '2026-03-02T10:00:00+01:00';
const SATURDAY_10 = '2026-03-07T10:00:00+01:00';

function check(pass: Pass, instant: string, doorZone = 'open-space'): PassCheck {
  const now = new Date(instant);
  return checkPass(pass, { now, local: localTime(now, site.timezone), site, doorZone });
}

const pass = (input: Partial<PassInput> & Pick<PassInput, 'type'>) => makePass({ id: 'p1', ...input });
const tonight = { validFrom: '2026-03-02T18:00:00+01:00', validUntil: '2026-03-02T22:00:00+01:00' };
const take = (date: string, period?: 'morning' | 'afternoon'): PassCheck => ({
  ok: true,
  take: period ? { passId: 'p1', date, period } : { passId: 'p1', date },
});
const reentry: PassCheck = { ok: true, take: null };
const denied = (reason: string) => ({ ok: false, reason });

describe('checkPass', () => {
  it.each<[string, Pass, string, string, PassCheck | ReturnType<typeof denied>]>([
    ['day: the first badge-in takes the day', pass({ type: 'day', validFrom: '2026-03-02' }), MONDAY_10, 'open-space', take('2026-03-02')],
    ['cancelled: a day pass opens nothing, even re-entering', pass({ type: 'day', cancelledOn: '2026-03-02', usedOn: [{ date: '2026-03-02' }] }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['cancelled: a staff pass opens nothing', pass({ type: 'staff', cancelledOn: '2026-03-02' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['day: before its validFrom', pass({ type: 'day', validFrom: '2026-03-03' }), MONDAY_10, 'open-space', denied('no-valid-pass')],
    ['day: after its validUntil', pass({ type: 'day', validUntil: '2026-02-28' }), MONDAY_10, 'open-space', denied('no-valid-pass')],
    ['day: taken today re-enters free', pass({ type: 'day', usedOn: [{ date: '2026-03-02' }] }), MONDAY_10, 'hall', reentry],
    ['day: taken on Friday is used up', pass({ type: 'day', usedOn: [{ date: '2026-02-27' }] }), MONDAY_10, 'hall', denied('pass-exhausted')],
    ['day: used up says so even on Saturday', pass({ type: 'day', usedOn: [{ date: '2026-02-27' }] }), SATURDAY_10, 'hall', denied('pass-exhausted')],
    ['day: unused on Saturday', pass({ type: 'day' }), SATURDAY_10, 'hall', denied('outside-hours')],
    ['day: wrong zone is told before wrong time', pass({ type: 'day' }), SATURDAY_10, 'event-room', denied('zone-not-allowed')],
    ['half-day: 12:59 takes the morning', pass({ type: 'half-day' }), '2026-03-02T12:59:00+01:00', 'hall', take('2026-03-02', 'morning')],
    ['half-day: 13:00 takes the afternoon', pass({ type: 'half-day' }), '2026-03-02T13:00:00+01:00', 'hall', take('2026-03-02', 'afternoon')],
    ['half-day: 08:50 early entry takes the morning', pass({ type: 'half-day' }), '2026-03-02T08:50:00+01:00', 'hall', take('2026-03-02', 'morning')],
    [
      'half-day: morning taken, back at 11:00',
      pass({ type: 'half-day', usedOn: [{ date: '2026-03-02', period: 'morning' }] }),
      '2026-03-02T11:00:00+01:00',
      'hall',
      reentry,
    ],
    [
      'half-day: morning taken, back at 14:00',
      pass({ type: 'half-day', usedOn: [{ date: '2026-03-02', period: 'morning' }] }),
      '2026-03-02T14:00:00+01:00',
      'hall',
      denied('pass-exhausted'),
    ],
    [
      'half-day: afternoon taken, back at 15:30',
      pass({ type: 'half-day', usedOn: [{ date: '2026-03-02', period: 'afternoon' }] }),
      '2026-03-02T15:30:00+01:00',
      'hall',
      reentry,
    ],
    [
      'carnet: a credit left is taken',
      pass({ type: 'carnet', credits: 10, usedOn: [{ date: '2026-02-25' }, { date: '2026-02-26' }] }),
      MONDAY_10,
      'open-space',
      take('2026-03-02'),
    ],
    [
      'carnet: at zero',
      pass({ type: 'carnet', credits: 2, usedOn: [{ date: '2026-02-26' }, { date: '2026-02-27' }] }),
      MONDAY_10,
      'open-space',
      denied('pass-exhausted'),
    ],
    [
      'carnet: at zero but its last credit was taken today',
      pass({ type: 'carnet', credits: 2, usedOn: [{ date: '2026-02-27' }, { date: '2026-03-02' }] }),
      '2026-03-02T16:00:00+01:00',
      'open-space',
      reentry,
    ],
    ['carnet: sold without credits', pass({ type: 'carnet' }), MONDAY_10, 'open-space', denied('pass-exhausted')],
    ['carnet: expired with credits left', pass({ type: 'carnet', credits: 10, validUntil: '2026-02-28' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['subscription: a weekday in its dates', pass({ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }), MONDAY_10, 'open-space', reentry],
    ['subscription: after its end', pass({ type: 'subscription', validFrom: '2026-02-01', validUntil: '2026-02-28' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['subscription: before its start', pass({ type: 'subscription', validFrom: '2026-03-03' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['subscription: Saturday', pass({ type: 'subscription' }), SATURDAY_10, 'open-space', denied('outside-hours')],
    ['subscription: 20:00', pass({ type: 'subscription' }), '2026-03-02T20:00:00+01:00', 'open-space', denied('outside-hours')],
    ['subscription: Ascension', pass({ type: 'subscription' }), '2026-05-14T10:00:00+02:00', 'open-space', denied('outside-hours')],
    ['subscription: event room', pass({ type: 'subscription' }), MONDAY_10, 'event-room', denied('zone-not-allowed')],
    ['subscription: unparseable end matches nothing', pass({ type: 'subscription', validUntil: 'soon' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['event: 20:00 inside its evening window', pass({ type: 'event', ...tonight }), '2026-03-02T20:00:00+01:00', 'event-room', reentry],
    ['event: 17:30, before its window the same day', pass({ type: 'event', ...tonight }), '2026-03-02T17:30:00+01:00', 'event-room', denied('outside-hours')],
    ['event: 22:00, its end is exclusive', pass({ type: 'event', ...tonight }), '2026-03-02T22:00:00+01:00', 'event-room', denied('outside-hours')],
    ['event: the next day', pass({ type: 'event', ...tonight }), '2026-03-03T20:00:00+01:00', 'event-room', denied('no-valid-pass')],
    ['event: open-space door', pass({ type: 'event', ...tonight }), '2026-03-02T20:00:00+01:00', 'open-space', denied('zone-not-allowed')],
    [
      'event: past midnight, inside a window ending at 01:00',
      pass({ type: 'event', validFrom: '2026-03-06T19:00:00+01:00', validUntil: '2026-03-07T01:00:00+01:00' }),
      '2026-03-07T00:30:00+01:00',
      'event-room',
      reentry,
    ],
    ['event: bare dates cover whole days, Saturday included', pass({ type: 'event', validFrom: '2026-03-07', validUntil: '2026-03-07' }), SATURDAY_10, 'hall', reentry],
    ['event: without an end', pass({ type: 'event', validFrom: tonight.validFrom }), '2026-03-02T20:00:00+01:00', 'event-room', denied('no-valid-pass')],
    ['staff: Sunday 03:00 in any zone', pass({ type: 'staff' }), '2026-03-08T03:00:00+01:00', 'server-room', reentry],
    ['staff: after its end', pass({ type: 'staff', validUntil: '2026-02-28' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    ['day: valid until today, taken today', pass({ type: 'day', validUntil: '2026-03-02' }), MONDAY_10, 'open-space', take('2026-03-02')],
    ['subscription: unparseable start matches nothing', pass({ type: 'subscription', validFrom: 'soon' }), MONDAY_10, 'hall', denied('no-valid-pass')],
    [
      'half-day: a use entered by hand without its period covers the whole day',
      pass({ type: 'half-day', usedOn: [{ date: '2026-03-02' }] }),
      '2026-03-02T15:30:00+01:00',
      'hall',
      reentry,
    ],
    ['event: the day before, not "come back later"', pass({ type: 'event', ...tonight }), '2026-03-01T20:00:00+01:00', 'event-room', denied('no-valid-pass')],
    ['event: an unparseable start', pass({ type: 'event', validFrom: 'tonight', validUntil: tonight.validUntil }), '2026-03-02T20:00:00+01:00', 'event-room', denied('no-valid-pass')],
  ])('%s', (_scenario, p, instant, doorZone, expected) => {
    expect(check(p, instant, doorZone)).toEqual(expected);
  });

  it.each<[string, Partial<PassInput>, number]>([
    ['ten credits, three used', { credits: 10, usedOn: [{ date: '2026-03-02' }, { date: '2026-03-03' }, { date: '2026-03-04' }] }, 7],
    ['no credits', {}, 0],
    ['more uses than credits never goes negative', { credits: 1, usedOn: [{ date: '2026-03-02' }, { date: '2026-03-03' }] }, 0],
  ])('creditsLeft: %s', (_scenario, input, expected) => {
    expect(creditsLeft(makePass({ type: 'carnet', ...input }))).toBe(expected);
  });
});
