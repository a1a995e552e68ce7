import { describe, expect, it } from 'vitest';
import { isClosedAt, isMonthClosed } from './statement-month.js';

describe('rule 6b: a statement month is closed once it is over', () => {
  it.each([
    ['2026-03', '2026-03-31', false],
    ['2026-03', '2026-04-01', true],
    ['2026-03', '2026-03-01', false],
    ['2025-12', '2026-01-01', true],
    ['2026-04', '2026-03-15', false],
    ['2019-06', '2026-03-02', true],
  ])('%s on %s: closed %s', (month, today, closed) => {
    expect(isMonthClosed(month, today)).toBe(closed);
  });

  it("reads both instants in the site's zone: 31 March 23:30 in Paris is still March there", () => {
    const lastEvening = new Date('2026-03-31T21:30:00Z');
    expect(isClosedAt(lastEvening, new Date('2026-03-31T21:59:00Z'), 'Europe/Paris')).toBe(false);
    expect(isClosedAt(lastEvening, new Date('2026-03-31T22:00:00Z'), 'Europe/Paris')).toBe(true);
    expect(isClosedAt(lastEvening, new Date('2026-03-31T22:00:00Z'), 'UTC')).toBe(false);
  });
});
