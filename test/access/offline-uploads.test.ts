// Offline uploads on the bus (docs/reader-firmware.md): a badge-in the reader decided from its
// allow-list is audited as the reader reports it, never decided or answered again, recorded once
// whatever repeats it, and a grant takes the day it would have taken online, at most once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { DeviceEvents, type BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, MONDAY, type Answered } from './helpers.js';

describe('offline uploads', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  const upload = (uid: string, seq: number, deviceTime: Date, granted: boolean) => {
    const event: BadgeEvent = { type: 'badge', site: 'quimper', deviceId: 'reader-entrance', door: 'entrance', uid, seq, receivedAt: new Date(deviceTime.getTime() + 3600_000), deviceTime, protocol: 'native', offline: true, offlineGranted: granted };
    cantine.app.get(DeviceEvents).publish(event);
  };
  const logOf = async (member: string) => {
    await cantine.app.get(AuditLog).flush();
    return (await manager.get(`/api/access-events?member=${member}&from=2026-03-01&to=2026-03-10`)).body as Array<Record<string, unknown>>;
  };
  const passOf = async (member: string) => ((await manager.get(`/api/members/${member}/passes`)).body as Array<{ remaining: number; usedOn: unknown[] }>)[0]!;

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
  });
  afterAll(() => cantine.dispose());

  it('audits an offline grant at its own time, answers nothing, takes the day once, records a redelivery once', async () => {
    const anne = await manager.member('Anne Offline', '04A224B2C31F80', [{ type: 'day' }]);
    const before = answers.length;
    upload('04A224B2C31F80', 40, at('09:30'), true);
    upload('04A224B2C31F80', 40, at('09:30'), true);
    upload('04A224B2C31F80', 41, at('11:00'), true);
    expect(answers.length).toBe(before);
    const log = await logOf(anne);
    expect(log).toHaveLength(2);
    expect(log.at(-1)).toMatchObject({ time: at('09:30').toISOString(), granted: true, reason: 'offline', reader: 'reader-entrance' });
    expect(await passOf(anne)).toMatchObject({ remaining: 0, usedOn: [{ date: MONDAY }] });
    // Online later that day: a re-entry on the day already taken, nothing more to pay.
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('14:00') })).toMatchObject({ granted: true, reason: 'day' });
    expect((await passOf(anne)).usedOn).toHaveLength(1);
  });

  it('audits an offline denial without deciding it', async () => {
    const yann = await manager.member('Yann Offline', '0A0B0C0D', [{ type: 'staff' }]);
    upload('0A0B0C0D', 50, at('10:00'), false);
    expect(await logOf(yann)).toEqual([expect.objectContaining({ granted: false, reason: 'offline' })]);
  });
});
