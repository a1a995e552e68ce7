import { describe, it, expect } from 'vitest';
import { cancelPass, correctPass, endPass, passesToEnd, refundOf } from './pass-lifecycle.js';
import type { Pass } from './pass.js';
import { makePass } from './test-fixtures.js';

const PARIS = 'Europe/Paris';
const subscription = makePass({ type: 'subscription', validFrom: '2026-03-01' });
const event = makePass({ type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-16T02:00:00+01:00' });
const cancelled = makePass({ type: 'day', cancelledOn: '2026-03-02', refund: false });
const carnet = (used: number, credits = 10): Pass =>
  makePass({ type: 'carnet', credits, usedOn: Array.from({ length: used }, (_, i) => ({ date: `2026-03-0${i + 1}` })) });

describe('endPass', () => {
  it.each<[string, Pass, string, unknown]>([
    ['an open subscription ends on the day', subscription, '2026-03-20', { ok: true, after: { validFrom: '2026-03-01', validUntil: '2026-03-20' } }],
    ['an event is cut at the next local midnight (UTC+1 in March)', event, '2026-03-14', { ok: true, after: { validFrom: event.validFrom, validUntil: '2026-03-14T23:00:00.000Z' } }],
    ['a staff pass ends on the day', makePass({ type: 'staff', validFrom: '2026-03-01' }), '2026-04-10', { ok: true, after: { validFrom: '2026-03-01', validUntil: '2026-04-10' } }],
    ['ending never extends: 409', makePass({ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }), '2026-04-15', { ok: false, refusal: { conflict: 'already-ends', until: '2026-03-31' } }],
    ['ending on the last day already set: 409', makePass({ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }), '2026-03-31', { ok: false, refusal: { conflict: 'already-ends', until: '2026-03-31' } }],
    ['before its start: 400 on `on`', subscription, '2026-02-28', { ok: false, refusal: { field: 'on', message: 'avant le début du pass (2026-03-01)' } }],
    ['a cancelled pass: 409', cancelled, '2026-03-20', { ok: false, refusal: { conflict: 'cancelled' } }],
  ])('%s', (_scenario, pass, on, expected) => {
    expect(endPass(pass, on, PARIS)).toEqual(expected);
  });

  it('summer time: an event ended on 10 April stops at 22:00 UTC', () => {
    const summer = makePass({ type: 'event', validFrom: '2026-04-10T18:00:00+02:00', validUntil: '2026-04-12T02:00:00+02:00' });
    expect(endPass(summer, '2026-04-10', PARIS)).toMatchObject({ ok: true, after: { validUntil: '2026-04-10T22:00:00.000Z' } });
  });

  it('forced (a member leaving), a pass not yet started ends before it starts', () => {
    expect(endPass(subscription, '2026-02-20', PARIS, true)).toEqual({ ok: true, after: { validFrom: '2026-03-01', validUntil: '2026-02-20' } });
  });
});

describe('cancelPass and refundOf', () => {
  it.each<[string, Pass, number, number]>([
    ['a day pass not taken: all of it', makePass({ type: 'day' }), 900, 900],
    ['a day pass taken: nothing', makePass({ type: 'day', usedOn: [{ date: '2026-03-02' }] }), 900, 0],
    ['a half-day not taken: all of it', makePass({ type: 'half-day' }), 500, 500],
    ['a carnet, 3 of 10 days taken: 7/10 of 80 €', carnet(3), 8000, 5600],
    ['a carnet, 4 of 7 days taken: 3/7 of 80 € = 34.2857 → 34.29 €', carnet(4, 7), 8000, 3429],
    ['a carnet used up: nothing', carnet(5, 5), 4000, 0],
    ['an event: all of it', event, 2500, 2500],
    ['a staff pass: nothing was paid', makePass({ type: 'staff' }), 0, 0],
    ['a carnet sold without a count of days: nothing', makePass({ type: 'carnet' }), 8000, 0],
  ])('%s', (_scenario, pass, price, refund) => {
    expect(refundOf(pass, price)).toBe(refund);
    expect(cancelPass(pass, '2026-03-10', true, price)).toEqual({ ok: true, after: { ...pickTerms(pass), cancelledOn: '2026-03-10', refund: true, refundCents: refund } });
  });

  it('a subscription records the refund flag only (its billing prorates it)', () => {
    expect(refundOf(subscription, 15000)).toBe(0);
    expect(cancelPass(subscription, '2026-03-10', true, 15000)).toEqual({ ok: true, after: { validFrom: '2026-03-01', cancelledOn: '2026-03-10', refund: true } });
  });

  it('without refund, nothing is given back', () => {
    expect(cancelPass(carnet(3), '2026-03-10', false, 8000)).toEqual({ ok: true, after: { credits: 10, cancelledOn: '2026-03-10', refund: false } });
  });

  it('a cancelled pass cannot be cancelled again: 409', () => {
    expect(cancelPass(cancelled, '2026-03-10', true, 900)).toEqual({ ok: false, refusal: { conflict: 'cancelled' } });
  });
});

describe('correctPass', () => {
  it.each<[string, Pass, Parameters<typeof correctPass>[1], unknown]>([
    ['new dates', subscription, { validUntil: '2026-06-30' }, { ok: true, after: { validFrom: '2026-03-01', validUntil: '2026-06-30' } }],
    ['more credits', carnet(3), { credits: 12 }, { ok: true, after: { credits: 12 } }],
    ['inverted dates: 400 on validUntil', subscription, { validUntil: '2026-02-01' }, { ok: false, refusal: { field: 'validUntil', message: 'la fin précède le début' } }],
    ['inverted by a new start: 400 on validFrom', makePass({ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-31' }), { validFrom: '2026-04-01' }, { ok: false, refusal: { field: 'validFrom', message: 'la fin précède le début' } }],
    ['an event needs ISO times', event, { validUntil: '2026-03-16' }, { ok: false, refusal: { field: 'validUntil', message: 'heure ISO avec son décalage attendue' } }],
    ['an event window the wrong way round', event, { validUntil: '2026-03-14T17:00:00+01:00' }, { ok: false, refusal: { field: 'validUntil', message: 'la fin précède le début' } }],
    ['other passes need dates', subscription, { validFrom: '2026-03-01T10:00:00Z' }, { ok: false, refusal: { field: 'validFrom', message: 'date AAAA-MM-JJ attendue' } }],
    ['credits on a subscription', subscription, { credits: 3 }, { ok: false, refusal: { field: 'credits', message: 'seul un carnet a des crédits' } }],
    ['fewer credits than days taken', carnet(3), { credits: 2 }, { ok: false, refusal: { field: 'credits', message: '3 jours déjà pris' } }],
    ['exactly the days taken', carnet(3), { credits: 3 }, { ok: true, after: { credits: 3 } }],
    ['a cancelled pass: 409', cancelled, { validUntil: '2026-06-30' }, { ok: false, refusal: { conflict: 'cancelled' } }],
    ['a single day: start and end the same', subscription, { validUntil: '2026-03-01' }, { ok: true, after: { validFrom: '2026-03-01', validUntil: '2026-03-01' } }],
    ['an end on a pass without a start', makePass({ type: 'staff' }), { validUntil: '2026-06-30' }, { ok: true, after: { validUntil: '2026-06-30' } }],
    ['a date with words around it', subscription, { validUntil: 'le 2026-06-30' }, { ok: false, refusal: { field: 'validUntil', message: 'date AAAA-MM-JJ attendue' } }],
    ['an event kept later', event, { validUntil: '2026-03-16T03:00:00+01:00' }, { ok: true, after: { validFrom: event.validFrom, validUntil: '2026-03-16T03:00:00+01:00' } }],
    ['an event window of no length', event, { validUntil: '2026-03-14T18:00:00+01:00' }, { ok: false, refusal: { field: 'validUntil', message: 'la fin précède le début' } }],
  ])('%s', (_scenario, pass, patch, expected) => {
    expect(correctPass(pass, patch)).toEqual(expected);
  });
});

describe('passesToEnd (a member leaving on 10 March)', () => {
  it.each<[string, Pass, boolean]>([
    ['an open subscription', subscription, true],
    ['a subscription to June', makePass({ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-06-30' }), true],
    ['a subscription ending today', makePass({ type: 'subscription', validFrom: '2026-03-01', validUntil: '2026-03-10' }), false],
    ['a day pass not taken', makePass({ type: 'day' }), true],
    ['a day pass taken', makePass({ type: 'day', usedOn: [{ date: '2026-03-02' }] }), false],
    ['a half-day pass taken', makePass({ type: 'half-day', usedOn: [{ date: '2026-03-02', period: 'morning' }] }), false],
    ['a half-day pass not taken', makePass({ type: 'half-day' }), true],
    ['a carnet with days left', carnet(3), true],
    ['a carnet used up', carnet(5, 5), false],
    ['an event to come', event, true],
    ['an event past', makePass({ type: 'event', validFrom: '2026-03-01T18:00:00+01:00', validUntil: '2026-03-01T22:00:00+01:00' }), false],
    ['a cancelled pass', cancelled, false],
  ])('%s: %s', (_scenario, pass, ends) => {
    expect(passesToEnd([pass], '2026-03-10', PARIS)).toEqual(ends ? [pass] : []);
  });
});

function pickTerms(pass: Pass) {
  const { validFrom, validUntil, credits } = pass;
  return { ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}), ...(credits !== undefined ? { credits } : {}) };
}
