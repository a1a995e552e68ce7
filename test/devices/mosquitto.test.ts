// Cantine on a real Mosquitto: the files `npm run mosquitto-files` writes let the service and the
// provisioned devices in, keep everyone else out, and confine devices to their topics.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeTopic, presenceTopic, tasmotaFixtures } from '#protocol';
import type { BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { mosquittoFiles, parseArguments, writeMosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { ReaderAnswers } from '../../apps/api/src/devices/reader-answers.service.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, nextMessage, provisioned, recordEvents } from '../support/devices.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { eventually } from '../support/eventually.js';

const available = mosquittoAvailable();

describe.skipIf(!available)('Cantine on a real Mosquitto', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-mosquitto-'));
  const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
  let mosquitto: RunningMosquitto;
  let cantine: TestCantine;
  let events: ReturnType<typeof recordEvents>;
  const secrets = new Map<string, string>();
  const clients: MqttClient[] = [];
  const connect = async (id: string, password = secrets.get(id)) => {
    const client = await connectDevice(Number(new URL(mosquitto.url).port), id, password);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    // Before any device exists the files hold the service account alone.
    const empty = await mosquittoFiles([], service, 'cantine');
    fs.writeFileSync(path.join(dir, 'passwd'), empty.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'acl'), empty.acl);
    mosquitto = await startMosquitto(dir);
    cantine = await startTestCantine({ MQTT_URL: mosquitto.url, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password });
    events = recordEvents(cantine);
    const headers = await managerHeaders(cantine.baseUrl);
    secrets.set('entrance-reader', await provisioned(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' }));
    secrets.set('tasmota-door', await provisioned(cantine.baseUrl, headers, { id: 'tasmota-door', kind: 'reader', door: 'open-space', protocol: 'tasmota', topic: 'tasmota' }));
    await writeMosquittoFiles(cantine.app.get(DataSource), dir, service, 'cantine');
    await mosquitto.reload();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => undefined)));
    await cantine?.dispose();
    await mosquitto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a $7$ password file and per-device ACL', () => {
    const passwd = fs.readFileSync(path.join(dir, 'passwd'), 'utf8');
    expect(passwd).toMatch(/^cantine-service:\$7\$101\$/m);
    expect(passwd).toMatch(/^entrance-reader:\$7\$101\$/m);
    expect(passwd).not.toContain(secrets.get('entrance-reader'));
    const acl = fs.readFileSync(path.join(dir, 'acl'), 'utf8');
    expect(acl).toContain('user entrance-reader\ntopic write cantine/quimper/readers/entrance-reader/badge\ntopic write cantine/quimper/devices/entrance-reader/status\ntopic read cantine/quimper/readers/entrance-reader/decision\ntopic read cantine/quimper/readers/entrance-reader/allow-list\ntopic read cantine/quimper/seats');
    expect(acl).toContain('user tasmota-door\ntopic write tele/tasmota/#\ntopic write stat/tasmota/#\ntopic read cmnd/tasmota/#');
    expect(parseArguments(['--out', '/etc/mosquitto/cantine'])).toEqual({ out: '/etc/mosquitto/cantine' });
    expect(() => parseArguments([])).toThrow(/usage/);
  });

  it('is healthy on the external broker', async () => {
    const health = (await (await fetch(`${cantine.baseUrl}/health`)).json()) as { checks: { broker: string } };
    expect(health.checks.broker).toBe('up');
  });

  it('refuses anonymous clients, wrong passwords and unknown devices', async () => {
    await expect(connect('', undefined)).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(connect('entrance-reader', 'wrong')).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(connect('nobody', 'x')).rejects.toThrow(/Not authorized|Bad username/i);
  });

  it('takes a native badge from the reader, and never a message outside its topics', async () => {
    const reader = await connect('entrance-reader');
    const before = events.length;
    await reader.publishAsync(presenceTopic('quimper', 'desk-07'), '{"occupied":true}', { qos: 1 });
    await reader.publishAsync(badgeTopic('quimper', 'entrance-reader'), '{"uid":"04a224b2","seq":3}', { qos: 1 });
    const badge = await eventually(() => events.slice(before).find((e) => e.type === 'badge') ?? false);
    expect(badge).toMatchObject({ deviceId: 'entrance-reader', uid: '04A224B2', seq: 3 });
    expect(events.slice(before).filter((e) => e.type === 'presence')).toEqual([]);
  });

  it('runs the Tasmota dialect end to end: scan in, POWER ON out', async () => {
    const tasmota = await connect('tasmota-door');
    await tasmota.subscribeAsync('cmnd/tasmota/#', { qos: 1 });
    const fixture = tasmotaFixtures.find((f) => f.name.startsWith('PN532 read, 4-byte'))!;
    const before = events.length;
    await tasmota.publishAsync(fixture.topic, fixture.payload, { qos: 1 });
    const badge = await eventually(() => events.slice(before).find((e): e is BadgeEvent => e.type === 'badge') ?? false);
    expect(badge).toMatchObject({ deviceId: 'tasmota-door', door: 'open-space', uid: '94D8FC5F', protocol: 'tasmota' });
    const power = nextMessage(tasmota, 'cmnd/tasmota/POWER');
    expect(await cantine.app.get(ReaderAnswers).answerBadge(badge, { granted: true, reason: 'day' })).toMatchObject({ ok: true });
    expect(await power).toBe('ON');
  });
});
