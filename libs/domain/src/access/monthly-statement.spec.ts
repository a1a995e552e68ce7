import { describe, it, expect } from 'vitest';
import { monthlyStatement, termsAt } from './monthly-statement.js';
import type { Pass, PassChange, PassTerms } from './pass.js';
import { DEFAULT_TARIFFS } from './tariffs.js';
import { makeMember, makePass } from './test-fixtures.js';

// Every amount below is computed by hand from the default tariffs (adherent: day 9 €, half-day
// 5 €, carnet of 10 days 80 €, subscription 150 € a month) unless the pass carries its own price.
const anne = makeMember();
const bob = makeMember({ id: 'm2', name: 'Bob', adherent: false });

const change = (kind: PassChange['kind'], on: string, before: PassTerms, after: PassTerms): PassChange => ({ kind, on, before, after });
const sub = (overrides: Partial<Pass>): Pass => makePass({ id: 's1', type: 'subscription', soldOn: '2026-01-15', validFrom: '2026-01-15', priceCents: 15000, ...overrides });
// Subscription from 15 January, ended on 20 March: its third period (15 March–14 April, 31 days)
// is used 6 days (15–20 March): 15000 × 6 / 31 = 2903.23 → 2903 cents.
const endedInMarch = (on: string, mode: Pass['endMode']) =>
  sub({ endMode: mode, validUntil: '2026-03-20', changes: [change('end', on, { validFrom: '2026-01-15' }, { validFrom: '2026-01-15', validUntil: '2026-03-20' })] });
const carnetRefunded = makePass({
  id: 'c1', type: 'carnet', credits: 10, soldOn: '2026-02-10', priceCents: 8000,
  usedOn: [{ date: '2026-02-11' }, { date: '2026-02-12' }, { date: '2026-03-02' }],
  cancelledOn: '2026-03-05', refund: true, refundCents: 5600,
  changes: [change('cancel', '2026-03-05', { credits: 10 }, { credits: 10, cancelledOn: '2026-03-05', refund: true, refundCents: 5600 })],
});
// Sold from 1 January to 30 June, corrected on 10 April to start on 1 February.
const corrected = sub({
  id: 's2', soldOn: '2026-01-01', validFrom: '2026-02-01', validUntil: '2026-06-30',
  changes: [change('correct', '2026-04-10', { validFrom: '2026-01-01', validUntil: '2026-06-30' }, { validFrom: '2026-02-01', validUntil: '2026-06-30' })],
});

type Line = [date: string, item: string, label: string, cents: number];

describe('monthlyStatement', () => {
  it.each<[string, Pass[], string, Line[]]>([
    ['day passes bill the month they are sold, used or not', [
      makePass({ id: 'd1', type: 'day', soldOn: '2026-03-02', priceCents: 900, usedOn: [{ date: '2026-04-07' }] }),
      makePass({ id: 'd2', type: 'day', soldOn: '2026-03-20', priceCents: 900 }),
      makePass({ id: 'h1', type: 'half-day', soldOn: '2026-03-21', priceCents: 500 }),
    ], '2026-03', [['2026-03-02', 'day', 'Journée', 900], ['2026-03-20', 'day', 'Journée', 900], ['2026-03-21', 'half-day', 'Demi-journée', 500]]],
    ['…and nothing in the month they are used', [makePass({ id: 'd1', type: 'day', soldOn: '2026-03-02', priceCents: 900, usedOn: [{ date: '2026-04-07' }] })], '2026-04', []],
    ['the price kept at sale wins over today\'s tariffs', [makePass({ id: 'd1', type: 'day', soldOn: '2026-03-02', priceCents: 1000 })], '2026-03', [['2026-03-02', 'day', 'Journée', 1000]]],
    ['a pass sold before prices were kept takes the current tariffs', [makePass({ id: 'd1', type: 'day', soldOn: '2026-03-02' })], '2026-03', [['2026-03-02', 'day', 'Journée', 900]]],
    ['an event at the price set at sale', [makePass({ id: 'e1', type: 'event', soldOn: '2026-03-04', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T23:00:00+01:00', priceCents: 2500 })], '2026-03', [['2026-03-04', 'event', 'Événement', 2500]]],
    ['a staff pass bills nothing', [makePass({ id: 'x', type: 'staff', soldOn: '2026-03-04' })], '2026-03', []],
    ['an open subscription bills each period on the day it starts', [sub({})], '2026-03', [['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]]],
    ['a subscription ended on 20 March, pro rata, ended in March: 6 of 31 days', [endedInMarch('2026-03-20', 'prorated')], '2026-03', [['2026-03-15', 'subscription', 'Abonnement (6/31 jours)', 2903]]],
    ['…nothing after its end', [endedInMarch('2026-03-20', 'prorated')], '2026-04', []],
    ['ended on 20 March but recorded on 3 April: March stays closed at 150 €', [endedInMarch('2026-04-03', 'prorated')], '2026-03', [['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]]],
    ['…and April gives back 150 − 29.03 €', [endedInMarch('2026-04-03', 'prorated')], '2026-04', [['2026-04-03', 'correction', 'Fin du pass', -12097]]],
    ['whole periods: the started period is due, nothing to give back', [endedInMarch('2026-04-03', 'whole-periods')], '2026-04', []],
    ['whole periods, ended in March: March is billed whole', [endedInMarch('2026-03-20', 'whole-periods')], '2026-03', [['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]]],
    ['a carnet sold in February…', [carnetRefunded], '2026-02', [['2026-02-10', 'carnet', 'Carnet 10 jours', 8000]]],
    ['…refunded in March for its 7 unused days', [carnetRefunded], '2026-03', [['2026-03-05', 'refund', 'Remboursement', -5600]]],
    ['a subscription cancelled with refund on 11 March: 10 of 31 days', [sub({
      soldOn: '2026-03-01', validFrom: '2026-03-01', cancelledOn: '2026-03-11', refund: true,
      changes: [change('cancel', '2026-03-11', { validFrom: '2026-03-01' }, { validFrom: '2026-03-01', cancelledOn: '2026-03-11', refund: true })],
    })], '2026-03', [['2026-03-01', 'subscription', 'Abonnement (10/31 jours)', 4839]]],
    ['a subscription cancelled without refund on 11 April: April billed, no more', [sub({
      soldOn: '2026-03-01', validFrom: '2026-03-01', cancelledOn: '2026-04-11', refund: false,
      changes: [change('cancel', '2026-04-11', { validFrom: '2026-03-01' }, { validFrom: '2026-03-01', cancelledOn: '2026-04-11', refund: false })],
    })], '2026-05', []],
    ['a correction of the start: January stays billed…', [corrected], '2026-01', [['2026-01-01', 'subscription', 'Abonnement mensuel', 15000]]],
    ['…and April takes it back (Feb + March 300 € instead of Jan–March 450 €)', [corrected], '2026-04', [
      ['2026-04-01', 'subscription', 'Abonnement mensuel', 15000], ['2026-04-10', 'correction', 'Correction', -15000]]],
    ['a subscription sold backdated bills its past periods on the day of the sale', [sub({ soldOn: '2026-03-10', validFrom: '2026-02-01' })], '2026-03', [
      ['2026-03-10', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-10', 'subscription', 'Abonnement mensuel', 15000]]],
    ['…and nothing in the closed month it starts in', [sub({ soldOn: '2026-03-10', validFrom: '2026-02-01' })], '2026-02', []],
    ['a cancellation with refund recorded the next month gives back the rest of the period there', [sub({
      validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: true,
      changes: [change('cancel', '2026-04-03', { validFrom: '2026-03-15' }, { validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: true })],
    })], '2026-04', [['2026-04-03', 'refund', 'Remboursement', 2419 - 15000]]],
    ['a cancellation without refund recorded the next month, pro rata: a correction named for it', [sub({
      validFrom: '2026-03-15', endMode: 'prorated', cancelledOn: '2026-03-20', refund: false,
      changes: [change('cancel', '2026-04-03', { validFrom: '2026-03-15' }, { validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: false })],
    })], '2026-04', [['2026-04-03', 'correction', 'Annulation', 2903 - 15000]]],
    // Cancelled with refund on 20 March (5/31 of the period from 15 March), then its start moved
    // to 16 March: 4/31 of the period from 16 March (31 days), 1935 cents.
    ['a later correction of a refunded pass is a correction, not a refund', [sub({
      validFrom: '2026-03-16', cancelledOn: '2026-03-20', refund: true,
      changes: [
        change('cancel', '2026-03-20', { validFrom: '2026-03-15' }, { validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: true }),
        change('correct', '2026-04-03', { validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: true }, { validFrom: '2026-03-16', cancelledOn: '2026-03-20', refund: true }),
      ],
    })], '2026-04', [['2026-04-03', 'correction', 'Correction', 1935 - 2419]]],
  ])('%s', (_scenario, passes, month, expected) => {
    const statement = monthlyStatement(anne, passes, month);
    expect(statement.lines.map((l) => [l.date, l.item, l.label, l.amountCents])).toEqual(expected);
    expect(statement.totalCents).toBe(expected.reduce((sum, line) => sum + line[3], 0));
  });

  it('a legacy pass takes the non-adherent price of a non-adherent, and the tariffs of the day', () => {
    const day = makePass({ id: 'x', memberId: 'm2', type: 'day', soldOn: '2026-03-02' });
    expect(monthlyStatement(bob, [day], '2026-03').totalCents).toBe(1200);
    expect(monthlyStatement(bob, [day], '2026-03', { ...DEFAULT_TARIFFS, nonAdherent: { day: 1300, halfDay: 700 } }).totalCents).toBe(1300);
  });

  it('counts sales, uses and subscription periods, and ignores other members\' passes', () => {
    const passes = [
      makePass({ id: 'd1', type: 'day', soldOn: '2026-03-02', usedOn: [{ date: '2026-03-03' }] }),
      makePass({ id: 'h1', type: 'half-day', soldOn: '2026-02-26', usedOn: [{ date: '2026-03-10', period: 'morning' }] }),
      makePass({ id: 'c1', type: 'carnet', credits: 10, soldOn: '2026-03-18', usedOn: [{ date: '2026-03-19' }] }),
      makePass({ id: 'e1', type: 'event', soldOn: '2026-03-18' }),
      sub({}),
      makePass({ id: 'x', memberId: 'm2', type: 'day', soldOn: '2026-03-02' }),
    ];
    expect(monthlyStatement(anne, passes, '2026-03')).toMatchObject({
      month: '2026-03', memberId: 'm1', memberName: 'Anne', adherent: true,
      daysUsed: 1, halfDaysUsed: 1, carnetCreditsUsed: 1,
      daysSold: 1, halfDaysSold: 0, carnetsSold: 1, eventsSold: 1, subscriptionMonthsSold: 1,
      totalCents: 900 + 8000 + 0 + 15000,
    });
  });

  it('orders lines by date, then subscription, carnet, day, half-day, event, then pass, whatever order the passes come in', () => {
    const passes = [
      makePass({ id: 'd2', type: 'day', soldOn: '2026-03-20' }),
      makePass({ id: 'h1', type: 'half-day', soldOn: '2026-03-20' }),
      makePass({ id: 'd1', type: 'day', soldOn: '2026-03-20' }),
      makePass({ id: 'c1', type: 'carnet', credits: 10, soldOn: '2026-03-20' }),
      sub({ id: 's1', soldOn: '2026-03-20', validFrom: '2026-03-20' }),
      makePass({ id: 'e1', type: 'event', soldOn: '2026-03-05' }),
      makePass({ id: 'd0', type: 'day', soldOn: '2026-03-31' }),
    ];
    const expected = [['2026-03-05', 'e1'], ['2026-03-20', 's1'], ['2026-03-20', 'c1'], ['2026-03-20', 'd1'], ['2026-03-20', 'd2'], ['2026-03-20', 'h1'], ['2026-03-31', 'd0']];
    const order = (list: Pass[]) => monthlyStatement(anne, list, '2026-03').lines.map((l) => [l.date, l.passId]);
    expect(order(passes)).toEqual(expected);
    expect(order([...passes].reverse())).toEqual(expected);
  });

  it('counts only the uses and sales of the month', () => {
    const passes = [
      makePass({ id: 'd1', type: 'day', soldOn: '2026-02-20', usedOn: [{ date: '2026-02-27' }, { date: '2026-03-03' }] }),
      makePass({ id: 'h1', type: 'half-day', soldOn: '2026-03-02', usedOn: [{ date: '2026-03-10', period: 'morning' }, { date: '2026-04-01', period: 'afternoon' }] }),
      makePass({ id: 'h2', type: 'half-day', soldOn: '2026-04-02' }),
      makePass({ id: 'c1', type: 'carnet', credits: 10, soldOn: '2026-01-05', usedOn: [{ date: '2026-01-06' }, { date: '2026-03-19' }, { date: '2026-03-20' }] }),
    ];
    expect(monthlyStatement(anne, passes, '2026-03')).toMatchObject({
      daysUsed: 1, halfDaysUsed: 1, carnetCreditsUsed: 2, daysSold: 0, halfDaysSold: 1, carnetsSold: 0,
    });
  });

  it('a pass with no date at all is not billed (the service records soldOn)', () => {
    expect(monthlyStatement(anne, [makePass({ id: 'c3', type: 'carnet', credits: 10 })], '2026-03').totalCents).toBe(0);
  });
});

describe('termsAt', () => {
  const first = change('end', '2026-03-20', { validFrom: '2026-01-15' }, { validFrom: '2026-01-15', validUntil: '2026-03-31' });
  const second = change('correct', '2026-04-02', first.after, { validFrom: '2026-01-15', validUntil: '2026-04-30' });
  const pass = sub({ validUntil: '2026-04-30', changes: [first, second] });
  it.each([
    ['before any change: as sold', '2026-03-19', { validFrom: '2026-01-15' }],
    ['the day of a change: after it', '2026-03-20', first.after],
    ['after the last change', '2026-12-31', second.after],
  ])('%s', (_scenario, date, expected) => {
    expect(termsAt(pass, date)).toEqual(expected);
  });
  it('a pass never changed: its own terms', () => {
    expect(termsAt(sub({ validUntil: '2026-04-30' }), '2026-01-01')).toEqual({ validFrom: '2026-01-15', validUntil: '2026-04-30' });
  });
});
