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

describe('reader guard: unknown-badge bursts', () => {
  it('blocks a reader at the sixth unknown badge within a minute, for two minutes', () => {
    const g = guard();
    for (let i = 0; i < 5; i++) expect(g.noteUnknown(badge(i, 'FF', t0 + i * 1000))).toBe(false);
    expect(g.isBlocked(badge(5, 'FF', t0 + 5000))).toBe(false);
    expect(g.noteUnknown(badge(5, 'FF', t0 + 5000))).toBe(true);
    expect(g.isBlocked(badge(6, 'AA', t0 + 6000))).toBe(true);
    expect(g.isBlocked(badge(6, 'AA', t0 + 6000, 'reader-2'))).toBe(false);
    expect(g.isBlocked(badge(7, 'AA', t0 + 5000 + 120_000))).toBe(false);
  });

  it('forgets unknown badges older than the minute', () => {
    const g = guard();
    for (let i = 0; i < 5; i++) g.noteUnknown(badge(i, 'FF', t0 + i * 1000));
    expect(g.noteUnknown(badge(5, 'FF', t0 + 61_000))).toBe(false);
  });
});
