// The whole path with a real reader: provisioned, badging over MQTT on the embedded broker, and
// answered on its decision topic by the devices feature with access control's decision.
import type { MqttClient } from 'mqtt';
import { deriveDecisionKey, verifyDecision } from '#protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, nextMessage, provisioned } from '../support/devices.js';
import { api } from './helpers.js';

describe('a native reader over MQTT', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let reader: MqttClient;
  let password: string;
  const decisions = 'cantine/quimper/readers/reader-entrance/decision';
  const badge = (uid: string, seq: number) => reader.publishAsync('cantine/quimper/readers/reader-entrance/badge', JSON.stringify({ uid, seq }), { qos: 1 });

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    password = await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    reader = await connectDevice(cantine.mqttPort, 'reader-entrance', password);
    await reader.subscribeAsync(decisions, { qos: 1 });
    // Staff open at any time: the test does not depend on today's opening hours.
    await manager.member('Anne Le Goff', '04A224B2C31F80', [{ type: 'staff' }]);
  });
  afterAll(async () => {
    await reader.endAsync();
    await cantine.dispose();
  });

  it('answers a badge-in on the decision topic with the same seq, reason, unlock time and greeting', async () => {
    const answer = nextMessage(reader, decisions);
    await badge('04:a2:24:b2:c3:1f:80', 17);
    const decision = JSON.parse(await answer);
    expect(decision).toEqual({ seq: 17, granted: true, unlockMs: 5000, reason: 'staff', message: 'Bonjour Anne', exp: expect.any(Number), sig: expect.any(String) });
    // Signed with the key the reader derives from its own secret (docs/reader-firmware.md).
    expect(verifyDecision(deriveDecisionKey(password), decision, Date.now())).toEqual({ ok: true });
  });

  it('answers a duplicate delivery again, recording it once', async () => {
    const answer = nextMessage(reader, decisions);
    await badge('04A224B2C31F80', 17);
    expect(JSON.parse(await answer)).toMatchObject({ seq: 17, granted: true });
    await cantine.app.get(AuditLog).flush();
    expect((await manager.get('/api/access-events?reader=reader-entrance')).body).toHaveLength(1);
    expect((await manager.get('/api/access-events?reader=reader-exit')).body).toHaveLength(0);
  });

  it('refuses an unknown badge in French', async () => {
    const answer = nextMessage(reader, decisions);
    await badge('CAFEBABE', 18);
    expect(JSON.parse(await answer)).toMatchObject({ seq: 18, granted: false, reason: 'unknown-badge', message: 'Badge inconnu' });
  });

  it('opens the door from the dashboard through its reader', async () => {
    const answer = nextMessage(reader, decisions);
    const response = await manager.post('/api/doors/quimper/entrance/unlock');
    expect(response.body).toMatchObject({ readers: 1 });
    expect(JSON.parse(await answer)).toMatchObject({ granted: true, reason: 'staff', unlockMs: 5000 });
  });
});
