import { describe, expect, it } from 'vitest';
import { denialsByReason, type DecisionCount } from './denials-by-reason.js';

const row = (granted: boolean, reason: string, count: number): DecisionCount => ({ granted, reason, count });

describe('denials by reason: most frequent first, with shares of all denials', () => {
  it.each<[string, DecisionCount[], ReturnType<typeof denialsByReason>]>([
    [
      '15 granted, 9 denied (rows of one reason added up)',
      [
        row(true, 'subscription', 10),
        row(true, 'day', 5),
        row(false, 'outside-hours', 3),
        row(false, 'unknown-badge', 3),
        row(false, 'no-valid-pass', 2),
        row(false, 'outside-hours', 1),
        row(false, 'zone-not-allowed', 0),
      ],
      {
        granted: 15,
        denied: 9,
        denialRate: 9 / 24,
        reasons: [
          { reason: 'outside-hours', count: 4, share: 4 / 9 },
          { reason: 'unknown-badge', count: 3, share: 3 / 9 },
          { reason: 'no-valid-pass', count: 2, share: 2 / 9 },
        ],
      },
    ],
    [
      'a tie is ordered by name',
      [row(false, 'rate-limited', 2), row(false, 'anti-passback', 2)],
      {
        granted: 0,
        denied: 4,
        denialRate: 1,
        reasons: [
          { reason: 'anti-passback', count: 2, share: 0.5 },
          { reason: 'rate-limited', count: 2, share: 0.5 },
        ],
      },
    ],
    ['no decision at all', [], { granted: 0, denied: 0, denialRate: null, reasons: [] }],
  ])('%s', (_scenario, counts, expected) => {
    expect(denialsByReason(counts)).toEqual(expected);
  });

  it.each([
    ['anti-passback', 'outside-hours', 'rate-limited'],
    ['rate-limited', 'outside-hours', 'anti-passback'],
    ['outside-hours', 'rate-limited', 'anti-passback'],
    ['rate-limited', 'anti-passback', 'outside-hours'],
  ])('orders a tie by name whatever the order of the rows (%s, %s, %s)', (...reasons) => {
    const summary = denialsByReason(reasons.map((reason) => row(false, reason, 2)));
    expect(summary.reasons.map((r) => r.reason)).toEqual(['anti-passback', 'outside-hours', 'rate-limited']);
  });
});
