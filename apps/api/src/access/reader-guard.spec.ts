import { describe, expect, it } from 'vitest';
import type { BadgeEvent } from '../devices/device-events.js';
import type { AppConfig } from '../infra/config/app-config.js';
import { AccessSettings } from './access-settings.js';
import { ReaderGuard } from './reader-guard.js';

const t0 = Date.parse('2026-03-02T09:00:00Z');
const badge = (seq: number | undefined, uid: string, atMs: number, deviceId = 'reader-1'): BadgeEvent => ({
  type: 'badge',
  site: 'quimper',
  door: 'entrance',
  deviceId,
  uid,
  ...(seq === undefined ? {} : { seq }),
  receivedAt: new Date(atMs),
  protocol: 'native',
});
const guard = () => new ReaderGuard(new AccessSettings({ accessLogRetentionDays: 92 } as AppConfig));
const granted = { granted: true, reason: 'day', unlockMs: 5000, message: 'Bonjour Anne' };

describe('reader guard: duplicate deliveries', () => {
  it('answers a repeated seq of the same UID with the first answer', () => {
    const g = guard();
    g.remember(badge(17, 'AA', t0), granted);
    expect(g.repeated(badge(17, 'AA', t0 + 1000))).toEqual(granted);
  });

  it.each([
    ['another UID under the same seq (a rebooted reader)', badge(17, 'BB', t0 + 1000)],
    ['the same seq long after (a counter that wrapped)', badge(17, 'AA', t0 + 11 * 60_000)],
    ['the same seq from another reader', badge(17, 'AA', t0 + 1000, 'reader-2')],
    ['no seq at all (firmwares without a counter)', badge(undefined, 'AA', t0 + 1000)],
  ])('decides afresh for %s', (_case, event) => {
    const g = guard();
    g.remember(badge(17, 'AA', t0), granted);
    expect(g.repeated(event)).toBeUndefined();
  });
});

describe('reader guard: unknown badges block the card or slow the reader, never the door', () => {
  /** Decides like the access service: admitted, then counted when unknown. */
  const present = (g: ReaderGuard, event: BadgeEvent, known = false) => {
    const admission = g.admit(event);
    if (admission !== 'decide') return admission;
    return known ? 'decide' : (g.noteUnknown(event) ?? 'decide');
  };

  it('blocks one unknown card presented a fourth time within a minute, at that reader only, for two minutes', () => {
    const g = guard();
    for (let i = 0; i < 3; i++) expect(present(g, badge(i, 'FF', t0 + i * 1000))).toBe('decide');
    expect(present(g, badge(3, 'FF', t0 + 3000))).toBe('card-blocked');
    expect(g.admit(badge(4, 'FF', t0 + 4000))).toBe('card-blocked');
    // Everyone else at that door is decided as usual, and the card elsewhere too.
    expect(present(g, badge(5, 'AA', t0 + 4000), true)).toBe('decide');
    expect(g.admit(badge(6, 'FF', t0 + 4000, 'reader-2'))).toBe('decide');
    expect(g.admit(badge(7, 'FF', t0 + 3000 + 120_000))).toBe('decide');
  });

  it('slows a reader tried with a sixth different unknown card: one decision every 2 s, members still get in', () => {
    const g = guard();
    for (let i = 0; i < 5; i++) expect(present(g, badge(i, `B${i}`, t0 + i * 1000))).toBe('decide');
    expect(present(g, badge(5, 'B5', t0 + 5000))).toBe('reader-slowed');
    expect(g.admit(badge(6, 'B6', t0 + 5500))).toBe('slowed');
    expect(g.admit(badge(7, 'AA', t0 + 7000))).toBe('decide');
    expect(g.admit(badge(8, 'AA', t0 + 8000))).toBe('slowed');
    expect(g.admit(badge(9, 'AA', t0 + 9000))).toBe('decide');
    expect(g.admit(badge(10, 'AA', t0 + 5000, 'reader-2'))).toBe('decide');
    // Two minutes after the last guess, full speed again.
    expect(g.admit(badge(11, 'AA', t0 + 125_001))).toBe('decide');
    expect(g.admit(badge(12, 'AA', t0 + 125_002))).toBe('decide');
  });

  it('forgets unknown cards older than the minute', () => {
    const g = guard();
    for (let i = 0; i < 5; i++) present(g, badge(i, `B${i}`, t0 + i * 1000));
    expect(present(g, badge(5, 'B5', t0 + 61_000))).toBe('decide');
    for (let i = 0; i < 3; i++) present(g, badge(10 + i, 'FF', t0 + i * 1000));
    expect(present(g, badge(13, 'FF', t0 + 62_000))).toBe('decide');
  });
});
