import { describe, it, expect } from 'vitest';
import { isMonthClosed } from './closed-month.js';

describe('isMonthClosed', () => {
  it.each([
    ['a past month', '2026-02', '2026-03-01', true],
    ['the month before, on its last day', '2026-03', '2026-03-31', false],
    ['the current month', '2026-03', '2026-03-15', false],
    ['a future month', '2026-04', '2026-03-15', false],
    ['last December, in January', '2025-12', '2026-01-01', true],
  ])('%s', (_scenario, month, today, closed) => {
    expect(isMonthClosed(month, today)).toBe(closed);
  });
});
