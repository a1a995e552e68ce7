// Enrolment mode end to end: a provisioned reader armed through the API, a badge presented over
// MQTT, the member's new badge, the reader's answer, the /manager socket's `enrolment` event.
import type { MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import type { EnrolmentResult, EnrolmentState } from '../../apps/api/src/access/enrolments.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, nextMessage, provisioned } from '../support/devices.js';
import { api, badgeIn, captureAnswers, type Answered } from './helpers.js';
import { eventually } from '../support/eventually.js';

describe.shuffle('enrolment mode', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let reader: MqttClient;
  let socket: Socket;
  let answers: Answered[];
  const results: EnrolmentResult[] = [];
  const path = '/api/readers/quimper/reader-desk/enrolment';
  const decisions = 'cantine/quimper/readers/reader-desk/decision';
  const state = async () => (await manager.get(path)).body as EnrolmentState;
  const arm = async (body: object) => {
    const response = await manager.post(path, body);
    return { status: response.status, body: response.body as EnrolmentState & { errors?: Array<{ field: string }> } };
  };
  const badgesOf = async (id: string) => ((await manager.get(`/api/members/${id}`)).body as { badges: unknown[] }).badges;
  const badge = (uid: string, seq: number) => reader.publishAsync('cantine/quimper/readers/reader-desk/badge', JSON.stringify({ uid, seq }), { qos: 1 });

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    const password = await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-desk', kind: 'reader', door: 'entrance' });
    reader = await connectDevice(cantine.mqttPort, 'reader-desk', password);
    await reader.subscribeAsync(decisions, { qos: 1 });
    socket = io(`${cantine.baseUrl}/manager`, { auth: { token: manager.headers.authorization!.slice('Bearer '.length) }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('enrolment', (result: EnrolmentResult) => results.push(result));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    socket?.close();
    await reader?.endAsync();
    await cantine?.dispose();
  });

  it('gives the next badge presented at the armed reader to the member, without opening the door', async () => {
    const anne = await manager.member('Anne Enrol', null, [{ type: 'staff' }]);
    const armed = await arm({ memberId: anne });
    expect(armed.status).toBe(201);
    expect(armed.body).toMatchObject({ site: 'quimper', reader: 'reader-desk', armed: { memberId: anne, expiresAt: expect.any(String) } });
    const expiresIn = Date.parse(armed.body.armed!.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(55_000);
    expect(expiresIn).toBeLessThanOrEqual(60_000);

    const answer = nextMessage(reader, decisions);
    await badge('04:a2:24:b2:c3:1f:81', 7);
    expect(JSON.parse(await answer)).toEqual({ seq: 7, granted: false, reason: 'no-valid-pass', message: 'Badge enregistré', exp: expect.any(Number), sig: expect.any(String) });
    await eventually(() => expect(results.at(-1)).toMatchObject({ site: 'quimper', reader: 'reader-desk', memberId: anne, uid: '04A224B2C31F81' }));
    expect(results.at(-1)!.error).toBeUndefined();

    expect(await badgesOf(anne)).toEqual([expect.objectContaining({ uid: '04A224B2C31F81', status: 'active' })]);
    expect(await state()).toMatchObject({ armed: null, last: { memberId: anne, uid: '04A224B2C31F81' } });
    // Not an entry: nothing in the audit log.
    await cantine.app.get(AuditLog).flush();
    const logged = (await manager.get('/api/access-events?reader=reader-desk')).body as Array<{ uid: string }>;
    expect(logged.filter((entry) => entry.uid === '04A224B2C31F81')).toEqual([]);
  });

  it('answers a duplicate delivery of the enrolment again, and decides the next badge-in normally', async () => {
    const gwen = await manager.member('Gwen Enrol', null, [{ type: 'staff' }]);
    expect((await arm({ memberId: gwen })).status).toBe(201);
    const enrolled = nextMessage(reader, decisions);
    await badge('04A224B2C31F82', 27);
    expect(JSON.parse(await enrolled)).toMatchObject({ seq: 27, granted: false, message: 'Badge enregistré' });
    const again = nextMessage(reader, decisions);
    await badge('04A224B2C31F82', 27);
    expect(JSON.parse(await again)).toMatchObject({ seq: 27, granted: false, message: 'Badge enregistré' });
    const next = nextMessage(reader, decisions);
    await badge('04A224B2C31F82', 28);
    expect(JSON.parse(await next)).toMatchObject({ seq: 28, granted: true, reason: 'staff', message: 'Bonjour Gwen' });
  });

  it('refuses a UID another active badge holds (the 409 rule) and says so', async () => {
    await manager.member('Yann Holder', '0A0B0C0D');
    const erwan = await manager.member('Erwan Second', null);
    expect((await arm({ memberId: erwan })).status).toBe(201);
    const answer = badgeIn(cantine, answers, { uid: '0A0B0C0D', reader: 'reader-desk', door: 'entrance' });
    expect(answer).toEqual({ granted: false, reason: 'no-valid-pass', message: 'Badge déjà attribué' });
    await eventually(() => expect(results.at(-1)).toMatchObject({ memberId: erwan, uid: '0A0B0C0D', error: 'uid-taken' }));
    expect(await badgesOf(erwan)).toEqual([]);
  });

  it('expires, and can be disarmed', async () => {
    const soazig = await manager.member('Soazig Late', null);
    expect((await arm({ memberId: soazig, seconds: 5 })).status).toBe(201);
    await eventually(() => expect(results.at(-1)).toMatchObject({ memberId: soazig, error: 'expired' }), 7000);
    expect((await state()).armed).toBeNull();

    expect((await arm({ memberId: soazig })).body.armed).not.toBeNull();
    expect(((await (await fetch(`${cantine.baseUrl}${path}`, { method: 'DELETE', headers: manager.headers })).json()) as EnrolmentState).armed).toBeNull();
    expect(badgeIn(cantine, answers, { uid: '1A1B1C1D', reader: 'reader-desk', door: 'entrance' })).toMatchObject({ reason: 'unknown-badge' });
  }, 15_000);

  it('answers 404 for an unknown reader, site or member, 400 for a bad body, 401 without a token', async () => {
    const anne = await manager.member('Anne Errors', null);
    expect((await manager.post('/api/readers/quimper/nowhere/enrolment', { memberId: anne })).status).toBe(404);
    expect((await manager.post('/api/readers/nowhere/reader-desk/enrolment', { memberId: anne })).status).toBe(404);
    // A device that is not a reader cannot enrol badges.
    await provisioned(cantine.baseUrl, manager.headers, { id: 'desk-07-sensor', kind: 'desk-sensor', desk: 'desk-07' });
    expect((await manager.post('/api/readers/quimper/desk-07-sensor/enrolment', { memberId: anne })).status).toBe(404);
    expect((await manager.post(path, { memberId: 'no-such-member' })).status).toBe(404);
    const bad = await arm({ memberId: anne, seconds: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors!.map((e: { field: string }) => e.field)).toEqual(['seconds']);
    expect((await fetch(`${cantine.baseUrl}${path}`)).status).toBe(401);
  });
});
