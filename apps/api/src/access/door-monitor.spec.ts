// Forced-open alarms under a flood of door messages: the first is raised at once, the rest of
// its repeat window summed into one follow-up, so a chattering contact cannot flood the audit log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DoorEvent } from '../devices/device-events.js';
import type { AppConfig } from '../infra/config/app-config.js';
import { AccessSettings } from './access-settings.js';
import { DoorMonitor, type DoorAlarm } from './door-monitor.js';

const t0 = Date.parse('2026-03-02T09:00:00Z');
const contact = (open: boolean, door = 'entrance'): DoorEvent => ({ type: 'door', site: 'quimper', deviceId: `contact-${door}`, door, open, receivedAt: new Date() });

describe('door monitor: forced-open floods', () => {
  let monitor: DoorMonitor;
  let alarms: DoorAlarm[];

  beforeEach(() => {
    vi.useFakeTimers({ now: t0 });
    monitor = new DoorMonitor(new AccessSettings({ accessLogRetentionDays: 92, doorAlarmRepeatMs: 60_000 } as AppConfig));
    alarms = [];
    monitor.onAlarm((alarm) => alarms.push(alarm));
  });
  afterEach(() => {
    monitor.onApplicationShutdown();
    vi.useRealTimers();
  });

  const chatter = (times: number, door?: string) => {
    for (let i = 0; i < times; i++) {
      monitor.onDoor(contact(true, door));
      monitor.onDoor(contact(false, door));
      vi.advanceTimersByTime(100);
    }
  };

  it('raises the first forced opening at once, then one follow-up per minute counting the others', () => {
    chatter(500);
    expect(alarms.map((a) => a.reason)).toEqual(['forced-open']);
    vi.advanceTimersByTime(60_000 - 50_000);
    expect(alarms).toHaveLength(2);
    expect(alarms[1]!.detail).toBe('opened without a grant 499 more times within 60 s');
    // Still chattering: still one row a minute.
    chatter(900);
    expect(alarms).toHaveLength(3);
    expect(alarms[2]!.detail).toBe('opened without a grant 600 more times within 60 s');
    vi.advanceTimersByTime(30_000);
    expect(alarms).toHaveLength(4);
    // Quiet for a whole window: nothing more; the next forced opening is raised at once again.
    vi.advanceTimersByTime(120_000);
    expect(alarms).toHaveLength(4);
    chatter(1);
    expect(alarms).toHaveLength(5);
  });

  it('keeps doors apart: a flood at one door does not hide a forced opening at another', () => {
    chatter(10);
    chatter(1, 'open-space');
    expect(alarms.map((a) => a.door)).toEqual(['entrance', 'open-space']);
  });

  it('raises nothing for an opening within a grant', () => {
    monitor.noteGrant('quimper', 'entrance', new Date(), 5000);
    monitor.onDoor(contact(true));
    vi.advanceTimersByTime(120_000);
    expect(alarms.map((a) => a.reason)).toEqual(['held-open']);
  });

  it('tells whether an opening fell within a grant, and raises no forced-open at a free exit', () => {
    expect(monitor.onDoor(contact(true, 'fire-exit'), { freeExit: true })).toEqual({ withinGrant: false });
    expect(monitor.onDoor(contact(false, 'fire-exit'), { freeExit: true })).toBeNull();
    monitor.noteGrant('quimper', 'fire-exit', new Date(), 5000);
    expect(monitor.onDoor(contact(true, 'fire-exit'), { freeExit: true })).toEqual({ withinGrant: true });
    expect(monitor.onDoor(contact(true, 'fire-exit'), { freeExit: true })).toBeNull();
    expect(alarms).toEqual([]);
  });
});
