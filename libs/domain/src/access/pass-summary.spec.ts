import { describe, it, expect } from 'vitest';
import type { PassInput } from './pass.js';
import { summarisePass } from './pass-summary.js';
import { makePass, makeSite } from './test-fixtures.js';

// Monday 2 March 2026, 10:00 in Quimper.
const NOW = new Date('2026-03-02T10:00:00+01:00');

describe('summarisePass', () => {
  it.each<[string, Partial<PassInput> & Pick<PassInput, 'type'>, number | null]>([
    ['carnet: credits left', { type: 'carnet', credits: 10, usedOn: [{ date: '2026-02-26' }, { date: '2026-02-27' }] }, 8],
    ['carnet: at zero', { type: 'carnet', credits: 1, usedOn: [{ date: '2026-02-27' }] }, 0],
    ['day: not yet taken', { type: 'day' }, 1],
    ['day: taken', { type: 'day', usedOn: [{ date: '2026-02-27' }] }, 0],
    ['day: lapsed unused', { type: 'day', validUntil: '2026-02-28' }, 0],
    ['half-day: not yet taken, expiring later', { type: 'half-day', validUntil: '2026-03-31' }, 1],
    // 2–31 March 2026: 22 weekdays, no public holiday.
    ['subscription: opening days left this month, today included', { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }, 22],
    // May 2026 has 21 weekdays; 1 May, 8 May, Ascension (14) and Whit Monday (25) are holidays.
    ['subscription: May, holidays excluded', { type: 'subscription', validFrom: '2026-05-01', validUntil: '2026-05-31' }, 17],
    ['subscription: ended', { type: 'subscription', validFrom: '2026-02-01', validUntil: '2026-02-28' }, 0],
    ['subscription: open-ended', { type: 'subscription', validFrom: '2026-01-01' }, null],
    ['event: not counted', { type: 'event', validFrom: '2026-03-02T18:00:00+01:00', validUntil: '2026-03-02T22:00:00+01:00' }, null],
    ['staff: not counted', { type: 'staff' }, null],
    ['day: valid until today, still to take', { type: 'day', validUntil: '2026-03-02' }, 1],
    ['day: an end that cannot be read counts as lapsed', { type: 'day', validUntil: 'someday' }, 0],
    // 2 March (today) to 6 March: five weekdays.
    ['subscription with no start: from today', { type: 'subscription', validUntil: '2026-03-06' }, 5],
    ['subscription starting later: from its start', { type: 'subscription', validFrom: '2026-03-04', validUntil: '2026-03-06' }, 3],
    ['subscription: an impossible end counts nothing', { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-32' }, 0],
    ['subscription: a start that cannot be read counts nothing', { type: 'subscription', validFrom: 'soon', validUntil: '2026-03-31' }, 0],
    ['carnet: cancelled, nothing left', { type: 'carnet', credits: 10, cancelledOn: '2026-03-01' }, 0],
    ['day: cancelled before it was taken', { type: 'day', cancelledOn: '2026-03-01' }, 0],
    ['subscription: cancelled', { type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31', cancelledOn: '2026-03-01' }, 0],
    ['staff: cancelled, still not counted', { type: 'staff', cancelledOn: '2026-03-01' }, null],
    ['event: cancelled, still not counted', { type: 'event', validFrom: '2026-03-02T18:00:00+01:00', validUntil: '2026-03-02T22:00:00+01:00', cancelledOn: '2026-03-01' }, null],
  ])('remaining, %s', (_scenario, input, expected) => {
    expect(summarisePass(makePass(input), NOW, makeSite()).remaining).toBe(expected);
  });

  it('lists uses in date order with their half-day period, and keeps validity', () => {
    const pass = makePass({
      id: 'c1',
      type: 'carnet',
      credits: 10,
      validFrom: '2026-01-01',
      usedOn: [{ date: '2026-02-27' }, { date: '2026-02-03' }],
    });
    expect(summarisePass(pass, NOW, makeSite())).toEqual({
      passId: 'c1',
      type: 'carnet',
      validFrom: '2026-01-01',
      remaining: 8,
      usedOn: [{ date: '2026-02-03' }, { date: '2026-02-27' }],
    });
  });

  it('sorts uses by date, a morning and an afternoon of the same day as taken', () => {
    const usedOn = [
      { date: '2026-02-10', period: 'afternoon' as const },
      { date: '2026-02-03', period: 'morning' as const },
      { date: '2026-02-27', period: 'afternoon' as const },
      { date: '2026-02-10', period: 'morning' as const },
      { date: '2026-02-01', period: 'morning' as const },
    ];
    const pass = makePass({ type: 'half-day', usedOn });
    expect(summarisePass(pass, NOW, makeSite()).usedOn).toEqual([usedOn[4], usedOn[1], usedOn[0], usedOn[3], usedOn[2]]);
  });

  it('keeps both validity dates, and leaves out those the pass has not', () => {
    const sub = makePass({ id: 's1', type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-06' });
    expect(summarisePass(sub, NOW, makeSite())).toStrictEqual({ passId: 's1', type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-06', remaining: 5, usedOn: [] });
    const staff = makePass({ id: 'x1', type: 'staff' });
    expect(summarisePass(staff, NOW, makeSite())).toStrictEqual({ passId: 'x1', type: 'staff', remaining: null, usedOn: [] });
  });

  it('counts a subscription mistyped to run for ever over 3,700 days at most', () => {
    // From Monday 2 March 2026 (day 1), day 3,700 is Thursday 17 April 2036, and Friday 18 April
    // would be the next opening day.
    const remaining = (validUntil: string) => summarisePass(makePass({ type: 'subscription', validFrom: '2026-03-01', validUntil }), NOW, makeSite()).remaining;
    expect(remaining('2036-04-17')).toBe((remaining('2036-04-16') ?? 0) + 1);
    expect(remaining('2036-04-18')).toBe(remaining('2036-04-17'));
    expect(remaining('9999-12-31')).toBe(remaining('2036-04-17'));
  });
});
