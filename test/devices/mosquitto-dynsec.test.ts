// Cantine managing device accounts on a real Mosquitto through its dynamic security plugin
// (MQTT_DYNSEC=1): provisioning admits a device at once, rotation and deletion cut its session at
// once, a move changes its ACL at once; no file is written and Mosquitto is never reloaded. The
// plugin's file is made by docker-compose.yml's deploy/mosquitto/init.sh (`mosquitto_ctrl dynsec
// init`, as docs/devices.md tells operators), and Mosquitto runs deploy/mosquitto/mosquitto.conf.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { badgeTopic, doorStateTopic, presenceTopic, tasmotaFixtures } from '#protocol';
import type { BadgeEvent, DoorEvent } from '../../apps/api/src/devices/device-events.js';
import { DeviceSecrets } from '../../apps/api/src/devices/device-secrets.js';
import { DevicesRepository } from '../../apps/api/src/devices/devices.repository.js';
import { MosquittoDynsec } from '../../apps/api/src/devices/mosquitto-dynsec.js';
import { run } from '../../apps/api/src/devices/mosquitto-files.js';
import { ReaderAnswers } from '../../apps/api/src/devices/reader-answers.service.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { closed, connectDevice, nextMessage, provisioned, recordEvents } from '../support/devices.js';
import { dynsecAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { eventually } from '../support/eventually.js';

const available = dynsecAvailable();

describe.skipIf(!available)('Cantine on Mosquitto with dynamic security (MQTT_DYNSEC=1)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-dynsec-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-dynsec-data-'));
  const configFile = path.join(dir, 'dynamic-security.json');
  const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
  let mosquitto: RunningMosquitto;
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let events: ReturnType<typeof recordEvents>;
  const clients: MqttClient[] = [];
  let entranceSecret = '';
  const env = () => ({ MQTT_URL: mosquitto.url, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password, MQTT_DYNSEC: '1', DATA_DIR: dataDir });
  const connect = async (id: string, password: string) => {
    const client = await connectDevice(mosquitto.port, id, password);
    clients.push(client);
    return client;
  };
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${cantine.baseUrl}/api/devices${route}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: response.status === 204 ? null : await json(response) };
  };
  const accounts = async () => (await cantine.app.get(MosquittoDynsec).clients()).map((client) => client.username);
  const refused = /Not authorized|Bad username/i;

  beforeAll(async () => {
    // docker-compose.yml's own first-start script makes the plugin's file, its folder moved here;
    // Mosquitto is started below rather than exec'd, and nothing is chowned to its user.
    const script = fs
      .readFileSync('deploy/mosquitto/init.sh', 'utf8')
      .replaceAll('/mosquitto/config/accounts', dir)
      .split('\n')
      .filter((line) => !/^(chown|exec) /.test(line))
      .join('\n');
    const init = () => spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password } });
    const first = init();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`created ${configFile} with the account ${service.username}`);
    // A restart of the container keeps the file (the plugin owns it from then on).
    const made = fs.readFileSync(configFile, 'utf8');
    expect(init().stdout).toBe('');
    expect(fs.readFileSync(configFile, 'utf8')).toBe(made);
    // docker-compose.yml's own Mosquitto configuration, only its port and paths moved here.
    mosquitto = await startMosquitto(dir, { dynsec: configFile, configFrom: 'deploy/mosquitto/mosquitto.conf' });
    cantine = await startTestCantine(env());
    headers = await managerHeaders(cantine.baseUrl);
    events = recordEvents(cantine);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => undefined)));
    await cantine?.close();
    await mosquitto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('admits a reader the moment it is provisioned, and nobody else', async () => {
    const mtime = fs.statSync(configFile).mtimeMs;
    entranceSecret = await provisioned(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    const reader = await connect('entrance-reader', entranceSecret);
    const before = events.length;
    await reader.publishAsync(presenceTopic('quimper', 'desk-07'), '{"occupied":true}', { qos: 1 });
    await reader.publishAsync(badgeTopic('quimper', 'entrance-reader'), '{"uid":"04a224b2","seq":1}', { qos: 1 });
    expect(await eventually(() => events.slice(before).find((e) => e.type === 'badge') ?? false)).toMatchObject({ deviceId: 'entrance-reader', uid: '04A224B2' });
    expect(events.slice(before).filter((e) => e.type === 'presence')).toEqual([]);
    await expect(connect('entrance-reader', 'wrong')).rejects.toThrow(refused);
    await expect(connect('nobody', 'x')).rejects.toThrow(refused);
    // The plugin saved its own file; the service wrote none and reloaded nothing.
    expect(fs.readdirSync(dir).sort()).toEqual(['dynamic-security.json', 'mosquitto.conf']);
    expect(fs.statSync(configFile).mtimeMs).toBeGreaterThan(mtime);
  });

  it("passes docker-compose.yml's Mosquitto health check, which never logs in as the service", async () => {
    const compose = fs.readFileSync('docker-compose.yml', 'utf8');
    const check = /"(mosquitto_sub -h 127\.0\.0\.1 -p 1883 [^"]*?)"\]/.exec(compose)![1]!.replaceAll('$$', '$').replace('-p 1883', `-p ${mosquitto.port}`);
    expect(check).not.toContain('MQTT_USERNAME');
    const before = events.length;
    expect(spawnSync('/bin/sh', ['-c', check]).status).toBe(0);
    await mosquitto.stop();
    expect(spawnSync('/bin/sh', ['-c', check]).status).not.toBe(0);
    await mosquitto.restart();
    // The service kept its session through it all and still hears devices.
    const reader = await connect('entrance-reader', entranceSecret);
    await reader.publishAsync(badgeTopic('quimper', 'entrance-reader'), '{"uid":"04a224b2","seq":2}', { qos: 1 });
    expect(await eventually(() => events.slice(before).find((e) => e.type === 'badge') ?? false, 10_000)).toMatchObject({ deviceId: 'entrance-reader' });
  });

  it('runs a Tasmota within its own topics', async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'tasmota-door', kind: 'reader', door: 'open-space', protocol: 'tasmota', topic: 'tasmota' });
    const tasmota = await connect('tasmota-door', secret);
    await tasmota.subscribeAsync('cmnd/tasmota/#', { qos: 1 });
    const fixture = tasmotaFixtures.find((f) => f.name.startsWith('PN532 read, 4-byte'))!;
    const before = events.length;
    await tasmota.publishAsync(fixture.topic, fixture.payload, { qos: 1 });
    const badge = await eventually(() => events.slice(before).find((e): e is BadgeEvent => e.type === 'badge') ?? false);
    expect(badge).toMatchObject({ deviceId: 'tasmota-door', protocol: 'tasmota' });
    // The service publishes too (the right it gave its own role at start).
    const power = nextMessage(tasmota, 'cmnd/tasmota/POWER');
    expect(await cantine.app.get(ReaderAnswers).answerBadge(badge, { granted: true, reason: 'day' })).toMatchObject({ ok: true });
    expect(await power).toBe('ON');
    await expect(tasmota.subscribeAsync('cmnd/other/#', { qos: 1 })).rejects.toThrow();
  });

  it('rotates a secret: the live session is cut at once, the old secret refused, the new one admitted', async () => {
    const old = await provisioned(cantine.baseUrl, headers, { id: 'stolen-reader', kind: 'reader', door: 'entrance' });
    const session = await connect('stolen-reader', old);
    const rotated = await call('POST', '/stolen-reader/rotate');
    expect(rotated.status).toBe(200);
    expect(await closed(session)).toBe(true);
    await expect(connect('stolen-reader', old)).rejects.toThrow(refused);
    const fresh = await connect('stolen-reader', rotated.body.mqtt.password);
    expect(fresh.connected).toBe(true);
  });

  it('moves a door sensor: its ACL follows at once, with the same credentials', async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'door-contact', kind: 'door-sensor', door: 'entrance' });
    const sensor = await connect('door-contact', secret);
    expect((await call('PATCH', '/door-contact', { door: 'event-room' })).status).toBe(200);
    const before = events.length;
    await sensor.publishAsync(doorStateTopic('quimper', 'entrance'), '{"open":true}', { qos: 1 });
    await sensor.publishAsync(doorStateTopic('quimper', 'event-room'), '{"open":true}', { qos: 1 });
    const door = await eventually(() => events.slice(before).find((e): e is DoorEvent => e.type === 'door') ?? false);
    expect(door.door).toBe('event-room');
    expect(events.slice(before).filter((e) => e.type === 'door' && e.door === 'entrance')).toEqual([]);
  });

  it('deletes a device: its session is cut at once and its account is gone', async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'broken-reader', kind: 'reader', door: 'entrance' });
    const session = await connect('broken-reader', secret);
    expect((await call('DELETE', '/broken-reader')).status).toBe(204);
    expect(await closed(session)).toBe(true);
    await expect(connect('broken-reader', secret)).rejects.toThrow(refused);
    expect(await accounts()).not.toContain('broken-reader');
  });

  it('never takes over an account of the broker that is not a device', async () => {
    const taken = await provision409('cantine-grafana');
    expect(taken).toEqual([409, 'id']);
    expect(await accounts()).toContain('cantine-grafana');
    expect((await call('GET', '')).body.map((d: { id: string }) => d.id)).not.toContain('cantine-grafana');
  });

  it('syncs at start: accounts of devices deleted meanwhile go, a device Mosquitto never had is named and gets one by rotation', async () => {
    const repository = new DevicesRepository(cantine.app.get(DataSource));
    await provisioned(cantine.baseUrl, headers, { id: 'gone-reader', kind: 'reader', door: 'entrance' });
    await repository.delete('gone-reader');
    await repository.insert({ id: 'legacy-reader', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', createdAt: new Date() }, await cantine.app.get(DeviceSecrets).forStorage('legacy-secret'));
    await cantine.close();
    const errors = vi.spyOn(Logger.prototype, 'error');
    let log: string;
    try {
      cantine = await startTestCantine(env());
    } finally {
      log = errors.mock.calls.map(([line]) => String(line)).join('\n');
      errors.mockRestore();
    }
    headers = await managerHeaders(cantine.baseUrl);
    const names = await accounts();
    expect(names).not.toContain('gone-reader');
    expect(names).toEqual(expect.arrayContaining(['entrance-reader', 'tasmota-door', 'cantine-grafana']));
    expect(log).toContain('Device "legacy-reader" has no account on Mosquitto');
    await expect(connect('legacy-reader', 'legacy-secret')).rejects.toThrow(refused);
    const rotated = await call('POST', '/legacy-reader/rotate');
    expect((await connect('legacy-reader', rotated.body.mqtt.password)).connected).toBe(true);
  });

  it('moves devices provisioned before MQTT_DYNSEC into a new plugin file, their secrets kept (mosquitto-files --dynsec)', async () => {
    await cantine.close();
    await mosquitto.stop();
    const seedDir = fs.mkdtempSync(path.join(dir, 'seed-'));
    const seedFile = path.join(seedDir, 'dynamic-security.json');
    expect(spawnSync('/usr/bin/mosquitto_ctrl', ['dynsec', 'init', seedFile, service.username, service.password]).status).toBe(0);
    const said = await run(['--dynsec', seedFile], { DATA_DIR: dataDir, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password });
    expect(said).toMatch(/^Seeded \d+ device accounts/);
    mosquitto = await startMosquitto(seedDir, { dynsec: seedFile, configFrom: 'deploy/mosquitto/mosquitto.conf' });
    const reader = await connect('entrance-reader', entranceSecret);
    expect(reader.connected).toBe(true);
    await expect(connect('entrance-reader', 'wrong')).rejects.toThrow(refused);
    // The service then finds every device in step: nobody left to re-key.
    const errors = vi.spyOn(Logger.prototype, 'error');
    try {
      cantine = await startTestCantine(env());
      expect(errors.mock.calls.map(([line]) => String(line)).join('\n')).not.toContain('has no account on Mosquitto');
    } finally {
      errors.mockRestore();
    }
  });

  /** An account someone else made on the broker (a dashboard's), then a device provisioned with its name. */
  async function provision409(id: string): Promise<[number, string]> {
    // Through the service's own connection: mosquitto_ctrl logging in as the service would take over
    // its session (use_username_as_clientid), as issue 13 saw with the compose health check.
    await cantine.app.get(MosquittoDynsec).run([{ command: 'createClient', username: id, password: 'grafana-secret' }]);
    const response = await fetch(`${cantine.baseUrl}/api/devices`, { method: 'POST', headers, body: JSON.stringify({ id, kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance' }) });
    const body = await json(response);
    return [response.status, body.errors?.[0]?.field];
  }
});
