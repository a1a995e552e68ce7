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
});
