// Door contacts and alarms, remote unlock, the audit log's API and the /manager live feed.
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessSettings } from '../../apps/api/src/access/access-settings.js';
import { AccessRetention } from '../../apps/api/src/access/access-retention.js';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { BadgeAnswerer } from '../../apps/api/src/access/badge-answerer.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, doorContact, type Answered } from './helpers.js';
import { eventually } from '../support/eventually.js';

// Each test runs its own service (alarms and the audit log are per service): none counts on another's.
describe.shuffle('doors, audit log and manager feed', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  let socket: Socket;
  let live: Array<{ event: string; body: { kind: string; reason: string; door: string | null; member: { name: string } | null } }>;
  const alarms = async () => {
    await cantine.app.get(AuditLog).flush();
    return (await manager.get('/api/access-events?kind=alarm')).body as Array<{ reason: string; door: string; kind: string }>;
  };

  beforeEach(async () => {
    live = [];
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    cantine.app.get(AccessSettings).heldOpenMs = 300;
    socket = io(`${cantine.baseUrl}/manager`, { auth: { token: manager.headers.authorization!.slice('Bearer '.length) }, transports: ['websocket'], reconnection: false, forceNew: true });
    for (const event of ['access', 'alarm']) socket.on(event, (body) => live.push({ event, body }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterEach(async () => {
    socket.close();
    await cantine.dispose();
  });

  it('records every badge-in with member, door, reader, uid, device and service times, newest first', async () => {
    const anne = await manager.member('Anne Audit', '04A224B2C31F80', [{ type: 'day' }]);
    badgeIn(cantine, answers, { uid: '04A224B2C31F80', door: 'entrance', reader: 'reader-a', at: at('09:30') });
    badgeIn(cantine, answers, { uid: 'CAFEBABE', door: 'open-space', reader: 'reader-b', at: at('09:40') });
    await cantine.app.get(AuditLog).flush();
    const log = (await manager.get('/api/access-events?site=quimper&from=2026-03-02T08:00:00Z&to=2026-03-02T09:00:00Z')).body as Array<Record<string, unknown>>;
    expect(log).toEqual([
      expect.objectContaining({ kind: 'badge', time: '2026-03-02T08:40:00.000Z', door: 'open-space', reader: 'reader-b', uid: 'CAFEBABE', member: null, granted: false, reason: 'unknown-badge' }),
      expect.objectContaining({
        kind: 'badge',
        time: '2026-03-02T08:30:00.000Z',
        deviceTime: '2026-03-02T08:29:59.850Z',
        door: 'entrance',
        reader: 'reader-a',
        uid: '04A224B2C31F80',
        member: { id: anne, name: 'Anne Audit' },
        granted: true,
        reason: 'day',
        latencyMs: expect.any(Number),
      }),
    ]);
    const granted = (await manager.get('/api/access-events?granted=true&door=entrance')).body as unknown[];
    expect(granted).toHaveLength(1);
    expect((await manager.get(`/api/access-events?member=${anne}`)).body).toHaveLength(1);
  });

  it('answers 400 naming the field for a bad filter, 404 for an unknown site', async () => {
    for (const [query, field] of [['from=yesterday', 'from'], ['granted=maybe', 'granted'], ['limit=0', 'limit'], ['from=2026-03-02&to=2026-03-01', 'to'], ['kind=party', 'kind']]) {
      const response = await manager.get(`/api/access-events?${query}`);
      expect(response.status, query).toBe(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain(field);
    }
    expect((await manager.get('/api/access-events?site=nowhere')).status).toBe(404);
  });

  it('streams badge decisions to the /manager socket as they happen', async () => {
    await manager.member('Yann Live', '0A0B0C0D', [{ type: 'staff' }]);
    badgeIn(cantine, answers, { uid: '0A0B0C0D', door: 'event-room' });
    await eventually(() => expect(live).toContainEqual({ event: 'access', body: expect.objectContaining({ kind: 'badge', reason: 'staff', door: 'event-room', member: expect.objectContaining({ name: 'Yann Live' }) }) }));
  });

  it('refuses a /manager socket without a valid token', async () => {
    const intruder = io(`${cantine.baseUrl}/manager`, { auth: { token: 'forged' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await new Promise<{ message: string }>((resolve) => intruder.once('error', resolve));
    expect(error.message).toBe('Connexion requise : un jeton de gérant valide dans auth.token (POST /api/auth/login)');
    await eventually(() => expect(intruder.connected).toBe(false));
    intruder.close();
  });

  it('raises forced-open for a door opened without a grant, not for one opened after a grant', async () => {
    await manager.member('Yann Staff', '0A0B0C0D', [{ type: 'staff' }]);
    const now = new Date();
    doorContact(cantine, 'event-room', true, now);
    doorContact(cantine, 'event-room', false, new Date(now.getTime() + 100));
    badgeIn(cantine, answers, { uid: '0A0B0C0D', door: 'open-space', at: new Date(now.getTime() + 1000) });
    doorContact(cantine, 'open-space', true, new Date(now.getTime() + 3000));
    doorContact(cantine, 'open-space', false, new Date(now.getTime() + 4000));
    const raised = (await alarms()).filter((a) => a.reason === 'forced-open');
    expect(raised.map((a) => a.door)).toEqual(['event-room']);
    expect(live).toContainEqual({ event: 'alarm', body: expect.objectContaining({ kind: 'alarm', reason: 'forced-open', door: 'event-room' }) });
  });

  it('raises held-open for a door left open past its limit, not for one closed in time', async () => {
    await manager.member('Yann Staff', '0A0B0C0D', [{ type: 'staff' }]);
    badgeIn(cantine, answers, { uid: '0A0B0C0D', door: 'entrance', at: new Date() });
    doorContact(cantine, 'entrance', true);
    await eventually(async () => expect((await alarms()).filter((a) => a.reason === 'held-open').map((a) => a.door)).toEqual(['entrance']));
    doorContact(cantine, 'entrance', false);
    badgeIn(cantine, answers, { uid: '0A0B0C0D', door: 'open-space', at: new Date() });
    doorContact(cantine, 'open-space', true);
    doorContact(cantine, 'open-space', false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await alarms()).filter((a) => a.reason === 'held-open').map((a) => a.door)).toEqual(['entrance']);
  });

  it('unlocks a door remotely through the answerer, audited with the manager, and without a forced-open alarm', async () => {
    const answerer = cantine.app.get(BadgeAnswerer);
    const unlocks: unknown[] = [];
    const original = answerer.unlock.bind(answerer);
    answerer.unlock = async (site, door, answer) => {
      unlocks.push({ site, door, answer });
      return original(site, door, answer);
    };
    const response = await manager.post('/api/doors/quimper/event-room/unlock');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ site: 'quimper', door: 'event-room', unlockMs: 5000 });
    expect(unlocks).toEqual([{ site: 'quimper', door: 'event-room', answer: { granted: true, reason: 'staff', unlockMs: 5000, message: 'Ouverture à distance' } }]);
    doorContact(cantine, 'event-room', true);
    doorContact(cantine, 'event-room', false);
    await cantine.app.get(AuditLog).flush();
    const log = (await manager.get('/api/access-events?kind=unlock')).body as Array<{ reason: string; managerId: string; door: string; granted: boolean }>;
    expect(log).toEqual([expect.objectContaining({ door: 'event-room', granted: true, reason: 'remote', managerId: expect.any(String) })]);
    expect((await alarms()).filter((a) => a.reason === 'forced-open')).toEqual([]);
    expect((await manager.post('/api/doors/quimper/cellar/unlock')).status).toBe(404);
    expect((await fetch(`${cantine.baseUrl}/api/doors/quimper/entrance/unlock`, { method: 'POST' })).status).toBe(401);
  });

  it('purges entries older than the retention period', async () => {
    await manager.member('Anne Purge', '04A224B2C31F80', [{ type: 'staff' }]);
    for (const time of ['09:30', '10:00', '11:00']) badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at(time) });
    badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: new Date() });
    const retention = cantine.app.get(AccessRetention);
    await cantine.app.get(AuditLog).flush();
    const all = ((await manager.get('/api/access-events?kind=all&limit=1000')).body as unknown[]).length;
    // The three 2026-03-02 badge-ins are 92 days old on 2 June 2026; the fourth happened today.
    const removed = await retention.purge(new Date('2026-06-03T00:00:00Z'));
    expect(removed).toBe(3);
    expect((await manager.get('/api/access-events?kind=all&limit=1000')).body).toHaveLength(all - 3);
  });

  it('shows the audit queue counters in /health', async () => {
    const health = await json(await fetch(`${cantine.baseUrl}/health`));
    expect(health.details).toMatchObject({ accessLogPending: expect.any(Number), accessLogQueued: 0, accessLogDropped: 0 });
  });
});
