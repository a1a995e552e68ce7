import { describe, it, expect } from 'vitest';
import { monthlyStatement } from './monthly-statement.js';
import type { Member, Pass } from './pass.js';
import { makeMember, makePass } from './test-fixtures.js';

const anne = makeMember();
const bob = makeMember({ id: 'm2', name: 'Bob', adherent: false });

const passes: Pass[] = [
  makePass({ id: 'd1', type: 'day', usedOn: [{ date: '2026-03-02' }] }),
  makePass({ id: 'd2', type: 'day', usedOn: [{ date: '2026-02-27' }] }),
  makePass({ id: 'd3', type: 'day' }),
  makePass({ id: 'h1', type: 'half-day', usedOn: [{ date: '2026-03-10', period: 'afternoon' }] }),
  makePass({
    id: 'c1',
    type: 'carnet',
    credits: 10,
    soldOn: '2026-02-20',
    usedOn: [{ date: '2026-02-23' }, { date: '2026-03-03' }, { date: '2026-03-04' }],
  }),
  makePass({ id: 'c2', type: 'carnet', credits: 10, soldOn: '2026-03-18' }),
  makePass({ id: 's1', type: 'subscription', validFrom: '2026-02-15', validUntil: '2026-05-14' }),
  makePass({ id: 'e1', type: 'event', validFrom: '2026-03-02T18:00:00+01:00', validUntil: '2026-03-02T22:00:00+01:00' }),
  makePass({ id: 'x', memberId: 'm2', type: 'day', usedOn: [{ date: '2026-03-02' }] }),
];

describe('monthlyStatement', () => {
  it('March for an adherent: uses of day passes, sales of carnets, subscription months', () => {
    expect(monthlyStatement(anne, passes, '2026-03')).toEqual({
      month: '2026-03',
      memberId: 'm1',
      memberName: 'Anne',
      adherent: true,
      daysUsed: 1,
      halfDaysUsed: 1,
      carnetCreditsUsed: 2,
      carnetsSold: 1,
      subscriptionMonthsSold: 1,
      lines: [
        { date: '2026-03-02', passId: 'd1', item: 'day', label: 'Journée', quantity: 1, unitCents: 900, amountCents: 900 },
        { date: '2026-03-10', passId: 'h1', item: 'half-day', label: 'Demi-journée (après-midi)', quantity: 1, unitCents: 500, amountCents: 500 },
        { date: '2026-03-15', passId: 's1', item: 'subscription', label: 'Abonnement mensuel', quantity: 1, unitCents: 15000, amountCents: 15000 },
        { date: '2026-03-18', passId: 'c2', item: 'carnet', label: 'Carnet 10 jours', quantity: 1, unitCents: 8000, amountCents: 8000 },
      ],
      totalCents: 24400,
    });
  });

  it.each<[string, Member, string, number, { days: number; carnetsSold: number; subscriptionMonths: number; credits: number }]>([
    ['February: carnet sold, first subscription month', anne, '2026-02', 900 + 8000 + 15000, { days: 1, carnetsSold: 1, subscriptionMonths: 1, credits: 1 }],
    ['April: third and last subscription month (15 April–14 May)', anne, '2026-04', 15000, { days: 0, carnetsSold: 0, subscriptionMonths: 1, credits: 0 }],
    ['May: the subscription ends on the 14th, nothing new starts', anne, '2026-05', 0, { days: 0, carnetsSold: 0, subscriptionMonths: 0, credits: 0 }],
    ['a non-adherent pays the non-adherent day', bob, '2026-03', 1200, { days: 1, carnetsSold: 0, subscriptionMonths: 0, credits: 0 }],
  ])('%s', (_scenario, member, month, total, counts) => {
    const s = monthlyStatement(member, passes, month);
    expect({
      total: s.totalCents,
      days: s.daysUsed,
      carnetsSold: s.carnetsSold,
      subscriptionMonths: s.subscriptionMonthsSold,
      credits: s.carnetCreditsUsed,
    }).toEqual({ total, ...counts });
  });

  it('a carnet without a sale date is not billed (the service records soldOn)', () => {
    const unsold = makePass({ id: 'c3', type: 'carnet', credits: 10 });
    expect(monthlyStatement(anne, [unsold], '2026-03').totalCents).toBe(0);
  });
});
