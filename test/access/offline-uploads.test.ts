// Offline uploads on the bus (docs/reader-firmware.md): a badge-in the reader decided from its
// allow-list is audited as the reader reports it, never decided or answered again, recorded once
// whatever repeats it, and a grant takes the day it would have taken online, at most once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { DeviceEvents, type BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { DeviceMonitor } from '../../apps/api/src/devices/device-monitor.js';
import { DeviceRegistry } from '../../apps/api/src/devices/device-registry.js';
import { AllowListPublisher } from '../../apps/api/src/allow-lists/allow-list-publisher.js';
import { provisioned } from '../support/devices.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, MONDAY, type Answered } from './helpers.js';
import { eventually } from '../support/eventually.js';

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

  describe('forged uploads (issue 11, item 8): audited as refused, with why, and take nothing', () => {
    const READER = 'reader-forged';
    const forge = (uid: string, seq: number, deviceTime: Date, receivedAt: Date, granted = true) =>
      cantine.app.get(DeviceEvents).publish({ type: 'badge', site: 'quimper', deviceId: READER, door: 'entrance', uid, seq, receivedAt, deviceTime, protocol: 'native', offline: true, offlineGranted: granted });
    const later = (date: Date) => new Date(date.getTime() + 3600_000);

    beforeAll(() => {
      // Provisioned at New Year: what the service knows of a reader it registered.
      cantine.app.get(DeviceRegistry).add({ id: READER, kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', createdAt: new Date('2026-01-01T00:00:00Z') });
    });

    it.each([
      ['dated 2019', 'too-old', 60, new Date('2019-06-03T09:30:00+02:00'), at('10:00')],
      ['into a closed month (February, uploaded in March)', 'closed-month', 61, at('10:00', '2026-02-27'), at('10:00')],
      ['after its own upload', 'future', 62, at('12:00'), at('10:00')],
    ])('refuses a grant %s', async (_case, reason, seq, deviceTime, receivedAt) => {
      const member = await manager.member(`Forged ${"xyz"[seq - 60]}ed`, `F0F0F0${seq}`, [{ type: 'carnet', credits: 3 }]);
      forge(`F0F0F0${seq}`, seq, deviceTime, receivedAt);
      await cantine.app.get(AuditLog).flush();
      const log = (await manager.get(`/api/access-events?member=${member}&from=2019-01-01&to=2026-04-01`)).body as Array<Record<string, unknown>>;
      expect(log).toEqual([
        expect.objectContaining({ granted: null, reason: 'offline-rejected', detail: expect.stringContaining(`(${reason})`) }),
      ]);
      expect(await passOf(member)).toMatchObject({ remaining: 3, usedOn: [] });
    });

    it('refuses a grant for a card its list never held', async () => {
      // A member whose carnet is used up: no allow-list names them at any door.
      const member = await manager.member('Forged Empty', 'F0F0F070', [{ type: 'carnet', credits: 1 }]);
      expect(badgeIn(cantine, answers, { uid: 'F0F0F070', at: at('09:15', '2026-03-03') })).toMatchObject({ granted: true });
      forge('F0F0F070', 70, at('10:00', '2026-03-04'), later(at('10:00', '2026-03-04')));
      forge('0BADCAFE', 71, at('10:05', '2026-03-04'), later(at('10:05', '2026-03-04')));
      await cantine.app.get(AuditLog).flush();
      const forged = ((await manager.get(`/api/access-events?reader=${READER}&from=2019-01-01&to=2026-04-01&limit=100`)).body as Array<Record<string, unknown>>).filter((e) => ['F0F0F070', '0BADCAFE'].includes(e.uid as string));
      expect(forged.map((e) => [e.uid, e.reason, e.detail])).toEqual([
        ['0BADCAFE', 'offline-rejected', expect.stringContaining('(not-in-allow-list)')],
        ['F0F0F070', 'offline-rejected', expect.stringContaining('(not-in-allow-list)')],
      ]);
      expect((await passOf(member)).usedOn).toHaveLength(1);
    });

    it('refuses a grant at a time the service was hearing the reader; believes one from its silence', async () => {
      const member = await manager.member('Forged Online', 'F0F0F080', [{ type: 'carnet', credits: 3 }]);
      const monitor = cantine.app.get(DeviceMonitor);
      const day = '2026-03-05';
      // Connected from 09:00 and pinging every 30 s until 11:00; then silent; back at 15:00.
      monitor.seen(READER, { online: true }, at('09:00', day));
      for (let t = at('09:00', day).getTime(); t <= at('11:00', day).getTime(); t += 30_000) monitor.seen(READER, {}, new Date(t));
      monitor.seen(READER, { online: true }, at('15:00', day));
      forge('F0F0F080', 80, at('10:00', day), at('15:00', day));
      expect((await logOf(member)).filter((e) => e.reader === READER)).toEqual([expect.objectContaining({ reason: 'offline-rejected', detail: expect.stringContaining('(reader-online)') })]);
      expect(await passOf(member)).toMatchObject({ remaining: 3 });
      forge('F0F0F080', 81, at('13:00', day), at('15:00', day));
      expect((await logOf(member)).filter((e) => e.reader === READER)[0]).toMatchObject({ granted: true, reason: 'offline' });
      expect(await passOf(member)).toMatchObject({ remaining: 2, usedOn: [{ date: day }] });
    });
  });

  it('checks a grant against the lists the reader was sent: a card listed then is believed even if revoked since', async () => {
    // Real time here (lists are built from the service's clock); a staff pass opens at any hour.
    const member = await manager.member('Gwen Listed', '6A6B6C6D', [{ type: 'staff' }]);
    await provisioned(cantine.baseUrl, manager.headers, { id: 'listed-reader', kind: 'reader', door: 'entrance' });
    const history = cantine.app.get(AllowListPublisher).history;
    await eventually(() => history.listed('quimper', 'hall', '6A6B6C6D', Date.now()) === true);
    expect((await manager.post('/api/badges/6A6B6C6D/revoke')).status).toBe(200);
    // Uploaded at once (one instant for both times: no month can close in between): the list sent
    // before the revocation still covers now, and a reader cut off before it would still open.
    const now = new Date();
    const upload = (uid: string, seq: number) =>
      cantine.app.get(DeviceEvents).publish({ type: 'badge', site: 'quimper', deviceId: 'listed-reader', door: 'entrance', uid, seq, receivedAt: now, deviceTime: now, protocol: 'native', offline: true, offlineGranted: true });
    upload('6A6B6C6D', 90);
    upload('0DDBA11E', 91);
    await cantine.app.get(AuditLog).flush();
    const log = (await manager.get('/api/access-events?reader=listed-reader&limit=10')).body as Array<Record<string, unknown>>;
    expect(log.map((e) => [e.uid, e.reason])).toEqual(expect.arrayContaining([['6A6B6C6D', 'offline'], ['0DDBA11E', 'offline-rejected']]));
    expect(log.find((e) => e.uid === '6A6B6C6D')).toMatchObject({ granted: true, member: expect.objectContaining({ id: member }) });
  });
});
