import { describe, expect, it } from 'vitest';
import { passInForce, type PassInForceFields } from './pass-in-force.js';

const today = '2026-03-10';
const pass = (name: string, fields: Partial<PassInForceFields> = {}) => ({ name, remaining: 1, ...fields });

describe('passInForce: the pass a member row shows', () => {
  it.each([
    ['no pass', [], null],
    ['a day pass not taken yet', [pass('day')], 'day'],
    ['a carnet used up', [pass('carnet', { remaining: 0 })], null],
    ['a staff pass (nothing counted)', [pass('staff', { remaining: null })], 'staff'],
    ['a cancelled pass', [pass('day', { cancelledOn: '2026-03-09' })], null],
    ['a subscription that starts tomorrow', [pass('sub', { validFrom: '2026-03-11' })], null],
    ['a subscription that ended yesterday', [pass('sub', { validFrom: '2026-01-01', validUntil: '2026-03-09' })], null],
    ['a subscription that ends today', [pass('sub', { validFrom: '2026-01-01', validUntil: today })], 'sub'],
    ['an event tonight (ISO times, read by date)', [pass('event', { validFrom: `${today}T18:00:00+01:00`, validUntil: `${today}T22:00:00+01:00`, remaining: null })], 'event'],
    ['the first sold of two that qualify', [pass('carnet'), pass('day')], 'carnet'],
    ['the next one when the first is used up', [pass('carnet', { remaining: 0 }), pass('day')], 'day'],
  ])('%s', (_, passes, expected) => {
    expect(passInForce(passes, today)?.name ?? null).toBe(expected);
  });
});
