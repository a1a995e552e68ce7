import { describe, it, expect } from 'vitest';
import { termsOf, type Pass, type PassTerms, type SubscriptionEndMode } from './pass.js';
import { passCharges, totalCents, type Charge } from './pass-billing.js';
import { makePass } from './test-fixtures.js';

// Amounts are the price fixed at sale (a subscription's monthly price: 150 €).
type Line = [date: string, item: Charge['item'], label: string, cents: number];
const lines = (charges: Charge[]): Line[] => charges.map((c) => [c.date, c.item, c.label, c.amountCents]);

interface Scenario {
  name: string;
  pass: Pass;
  /** The terms billed; the pass's own when absent. */
  terms?: PassTerms;
  upTo: string;
  mode?: SubscriptionEndMode;
  expected: Line[];
}

const sold = (overrides: Partial<Pass> & Pick<Pass, 'type'>) => makePass({ id: 'p1', soldOn: '2026-03-10', ...overrides });
// From 15 January: periods start on the 15th; the one from 15 March runs to 14 April (31 days).
const sub = (overrides: Partial<Pass> = {}) => makePass({ id: 's1', type: 'subscription', validFrom: '2026-01-15', ...overrides });

const SOLD: Scenario[] = [
  { name: 'a day pass: its price on the day of the sale', pass: sold({ type: 'day' }), upTo: '2026-03-31', expected: [['2026-03-10', 'day', 'Journée', 900]] },
  { name: 'a half-day pass', pass: sold({ type: 'half-day' }), upTo: '2026-03-31', expected: [['2026-03-10', 'half-day', 'Demi-journée', 900]] },
  { name: 'a carnet, named by its days', pass: sold({ type: 'carnet', credits: 10 }), upTo: '2026-03-31', expected: [['2026-03-10', 'carnet', 'Carnet 10 jours', 900]] },
  { name: 'a carnet without a count of days', pass: sold({ type: 'carnet' }), upTo: '2026-03-31', expected: [['2026-03-10', 'carnet', 'Carnet 0 jours', 900]] },
  { name: 'an event', pass: sold({ type: 'event' }), upTo: '2026-03-31', expected: [['2026-03-10', 'event', 'Événement', 900]] },
  { name: 'a staff pass is not sold', pass: sold({ type: 'staff' }), upTo: '2026-03-31', expected: [] },
  { name: 'a sale on the last day billed is billed', pass: sold({ type: 'day' }), upTo: '2026-03-10', expected: [['2026-03-10', 'day', 'Journée', 900]] },
  { name: 'a sale after the last day billed is not', pass: sold({ type: 'day' }), upTo: '2026-03-09', expected: [] },
  {
    name: 'an event recorded without a sale date: the local date of its start',
    pass: makePass({ id: 'e1', type: 'event', validFrom: '2026-03-14T18:00:00+01:00', validUntil: '2026-03-14T23:00:00+01:00' }),
    upTo: '2026-03-31',
    expected: [['2026-03-14', 'event', 'Événement', 900]],
  },
  {
    name: 'cancelled with refund: the refund on the day of the cancellation',
    pass: sold({ type: 'carnet', credits: 10, cancelledOn: '2026-03-20', refund: true, refundCents: 630 }),
    upTo: '2026-03-31',
    expected: [['2026-03-10', 'carnet', 'Carnet 10 jours', 900], ['2026-03-20', 'refund', 'Remboursement', -630]],
  },
  {
    name: '…not before it',
    pass: sold({ type: 'carnet', credits: 10, cancelledOn: '2026-03-20', refund: true, refundCents: 630 }),
    upTo: '2026-03-19',
    expected: [['2026-03-10', 'carnet', 'Carnet 10 jours', 900]],
  },
  {
    name: 'cancelled with refund when nothing was left: no line of 0 €',
    pass: sold({ type: 'carnet', credits: 10, cancelledOn: '2026-03-20', refund: true, refundCents: 0 }),
    upTo: '2026-03-31',
    expected: [['2026-03-10', 'carnet', 'Carnet 10 jours', 900]],
  },
  {
    name: 'cancelled without refund: nothing given back',
    pass: sold({ type: 'day', cancelledOn: '2026-03-20', refund: false }),
    upTo: '2026-03-31',
    expected: [['2026-03-10', 'day', 'Journée', 900]],
  },
];

const SUBSCRIPTIONS: Scenario[] = [
  { name: 'each period on the day it starts', pass: sub(), upTo: '2026-03-31', expected: [['2026-01-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]] },
  { name: 'a period starting on the last day billed is billed', pass: sub(), upTo: '2026-02-15', expected: [['2026-01-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-15', 'subscription', 'Abonnement mensuel', 15000]] },
  { name: 'periods from the 31st start on each month\'s last day', pass: sub({ validFrom: '2026-01-31' }), upTo: '2026-03-31', expected: [['2026-01-31', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-28', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-31', 'subscription', 'Abonnement mensuel', 15000]] },
  { name: 'no start: nothing to bill', pass: sub({ validFrom: undefined }), upTo: '2026-03-31', expected: [] },
  { name: 'sold backdated: its past periods on the day of the sale', pass: sub({ soldOn: '2026-02-20' }), upTo: '2026-03-31', expected: [['2026-02-20', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-20', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]] },
  { name: 'pro rata, ending on 20 March: 6 of 31 days', pass: sub({ validUntil: '2026-03-20' }), upTo: '2026-04-30', mode: 'prorated', expected: [['2026-01-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-15', 'subscription', 'Abonnement (6/31 jours)', 2903]] },
  { name: 'pro rata, ending on a period\'s last day: that period whole', pass: sub({ validUntil: '2026-03-14' }), upTo: '2026-04-30', mode: 'prorated', expected: [['2026-01-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-15', 'subscription', 'Abonnement mensuel', 15000]] },
  { name: 'pro rata, ending on a period\'s first day: one day of it', pass: sub({ validUntil: '2026-03-15' }), upTo: '2026-04-30', mode: 'prorated', expected: [['2026-01-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-15', 'subscription', 'Abonnement (1/31 jours)', 484]] },
  { name: 'whole periods, ending on 20 March: the started period whole', pass: sub({ validUntil: '2026-03-20' }), upTo: '2026-04-30', expected: [['2026-01-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-02-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]] },
  {
    name: 'cancelled without refund on 20 March, whole periods: the started period whole',
    pass: sub({ validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: false }),
    upTo: '2026-04-30',
    expected: [['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]],
  },
  {
    name: 'cancelled without refund on 15 April: the period it starts is due',
    pass: sub({ validFrom: '2026-03-15', cancelledOn: '2026-04-15', refund: false }),
    upTo: '2026-05-31',
    expected: [['2026-03-15', 'subscription', 'Abonnement mensuel', 15000], ['2026-04-15', 'subscription', 'Abonnement mensuel', 15000]],
  },
  {
    name: 'cancelled with refund on 20 March: pro rata up to the day before (5 of 31 days), whatever the mode',
    pass: sub({ validFrom: '2026-03-15', cancelledOn: '2026-03-20', refund: true }),
    upTo: '2026-04-30',
    expected: [['2026-03-15', 'subscription', 'Abonnement (5/31 jours)', 2419]],
  },
  {
    name: 'cancelled with refund after its end: its end still counts',
    pass: sub({ validFrom: '2026-03-15', validUntil: '2026-03-17', cancelledOn: '2026-03-20', refund: true }),
    upTo: '2026-04-30',
    expected: [['2026-03-15', 'subscription', 'Abonnement (3/31 jours)', 1452]],
  },
  {
    name: 'billed under other terms than the pass\'s own (a correction\'s before)',
    pass: sub({ validFrom: '2026-02-15' }),
    terms: { validFrom: '2026-03-15' },
    upTo: '2026-03-31',
    expected: [['2026-03-15', 'subscription', 'Abonnement mensuel', 15000]],
  },
];

describe('passCharges', () => {
  it.each([...SOLD, ...SUBSCRIPTIONS])('$name', (s) => {
    const charges = passCharges(s.pass, s.terms ?? termsOf(s.pass), s.upTo, s.pass.type === 'subscription' ? 15000 : 900, s.mode ?? 'whole-periods');
    expect(lines(charges)).toEqual(s.expected);
  });

  it('a subscription mistyped to run for ever bills at most 1,200 months (100 years)', () => {
    const forever = sub({ validFrom: '2026-01-01', validUntil: '9999-12-31' });
    const charges = passCharges(forever, { validFrom: '2026-01-01', validUntil: '9999-12-31' }, '9999-12-31', 15000, 'prorated');
    expect(charges).toHaveLength(1_200);
    expect(charges.at(-1)?.date).toBe('2125-12-01');
  });
});

describe('totalCents', () => {
  it('adds the lines, refunds included; nothing is 0', () => {
    expect(totalCents([])).toBe(0);
    const charges: Charge[] = [
      { date: '2026-03-10', item: 'carnet', label: 'Carnet 10 jours', amountCents: 8000 },
      { date: '2026-03-20', item: 'refund', label: 'Remboursement', amountCents: -5600 },
    ];
    expect(totalCents(charges)).toBe(2400);
  });
});
