import { describe, expect, it } from 'vitest';
import { AllowListHistory } from './allow-list-history.js';

const H = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const list = (
  from: number,
  groups: Array<{ windows: Array<[number, number]>; uids: string[] }>,
) => ({ version: from, from, until: from + 24 * H, groups });

describe('allow-list history', () => {
  it('says whether a list sent for the zone let a card in at that time', () => {
    const history = new AllowListHistory();
    history.record('quimper', 'hall', list(T0, [{ windows: [[8 * 60, 17 * 60]], uids: ['AA'] }]));
    expect(history.listed('quimper', 'hall', 'AA', T0 + 9 * H)).toBe(true);
    expect(history.listed('quimper', 'hall', 'AA', T0 + 18 * H)).toBe(false);
    expect(history.listed('quimper', 'hall', 'BB', T0 + 9 * H)).toBe(false);
    // Another zone, or a time no list covered: cannot tell.
    expect(history.listed('quimper', 'open-space', 'AA', T0 + 9 * H)).toBeUndefined();
    expect(history.listed('quimper', 'hall', 'AA', T0 - H)).toBeUndefined();
    expect(history.listed('quimper', 'hall', 'AA', T0 + 25 * H)).toBeUndefined();
  });

  it('keeps what an earlier list granted: the reader may still have held it (a revocation it never got)', () => {
    const history = new AllowListHistory();
    history.record('quimper', 'hall', list(T0, [{ windows: [[0, 24 * 60]], uids: ['AA', 'BB'] }]));
    history.record('quimper', 'hall', list(T0 + H, [{ windows: [[0, 23 * 60]], uids: ['BB'] }]));
    expect(history.listed('quimper', 'hall', 'AA', T0 + 2 * H)).toBe(true);
    expect(history.listed('quimper', 'hall', 'BB', T0 + 24.5 * H)).toBe(false);
  });

  it('forgets lists older than it keeps', () => {
    const history = new AllowListHistory(48 * H);
    history.record('quimper', 'hall', list(T0, [{ windows: [[0, 60]], uids: ['AA'] }]));
    history.record('quimper', 'hall', list(T0 + 96 * H, [{ windows: [[0, 60]], uids: ['BB'] }]));
    expect(history.listed('quimper', 'hall', 'AA', T0 + 0.5 * H)).toBeUndefined();
    expect(history.listed('quimper', 'hall', 'BB', T0 + 96.5 * H)).toBe(true);
  });
});
