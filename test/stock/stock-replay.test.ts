// Stock firmware as shipped, replayed byte for byte by a third-party client (paho-mqtt) against
// the embedded broker and a real Mosquitto: each device keeps its session through its whole
// connect sequence and several keepalive periods, every read is answered in the form its firmware
// acts on, and the Zigbee2MQTT sensors move the seats and the doors.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../apps/api/src/devices/device-events.js';
import { mosquittoFiles, writeMosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned, recordEvents } from '../support/devices.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { describeReplay, pahoAvailable, replay, type ReplayResult } from './replay.js';
import { stockCases, stockUids } from './stock-site.js';

const KEEPALIVE_S = 1;
const HOLD_MS = 6_000;
const TIME_SCALE = 0.3;

interface Broker {
  name: string;
  /** Stock sequences this broker keeps today (the others wait for issue 11's broker work). */
  cases: string[];
  start(): Promise<{ cantine: TestCantine; afterProvisioning(): Promise<void>; stop(): Promise<void> }>;
}

const embedded: Broker = {
  name: 'embedded broker',
  cases: [],
  async start() {
    const cantine = await startTestCantine();
    return { cantine, afterProvisioning: async () => undefined, stop: () => cantine.dispose() };
  },
};

const mosquitto: Broker = {
  name: 'Mosquitto',
  cases: ['tasmota', 'esp-rfid', 'esp-rfid-ha', 'zigbee2mqtt', 'zigbee2mqtt-ha'],
  async start() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-stock-'));
    const service = { username: 'cantine-service', password: randomBytes(18).toString('base64url') };
    const empty = await mosquittoFiles([], service, 'cantine');
    fs.writeFileSync(path.join(dir, 'passwd'), empty.passwd, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'acl'), empty.acl);
    const broker: RunningMosquitto = await startMosquitto(dir);
    const cantine = await startTestCantine({ MQTT_URL: broker.url, MQTT_USERNAME: service.username, MQTT_PASSWORD: service.password });
    return {
      cantine: { ...cantine, mqttPort: broker.port },
      afterProvisioning: async () => {
        await writeMosquittoFiles(cantine.app.get(DataSource), dir, service, 'cantine');
        await broker.reload();
      },
      stop: async () => {
        await cantine.dispose();
        await broker.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

async function enrolEveryStockUid(baseUrl: string, headers: Record<string, string>): Promise<void> {
  const post = async (url: string, body: object) => {
    const response = await fetch(`${baseUrl}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
    return json(response);
  };
  const { id } = await post('/api/members', { name: 'Badge Stock', email: 'stock@example.org', adherent: true });
  for (const uid of stockUids) await post(`/api/members/${id}/badges`, { uid });
  await post(`/api/members/${id}/passes`, { type: 'staff' });
}

const runnable = pahoAvailable();

describe.skipIf(!runnable).each([embedded, mosquitto].filter((broker) => broker.cases.length > 0 && (broker !== mosquitto || mosquittoAvailable())))('stock firmware on the $name', (broker) => {
  const cases = stockCases.filter((c) => broker.cases.includes(c.name));
  const results = new Map<string, ReplayResult>();
  let running: Awaited<ReturnType<Broker['start']>>;
  let events: DeviceEvent[];
  let seats: Record<string, string> = {};

  beforeAll(async () => {
    running = await broker.start();
    const { cantine } = running;
    events = recordEvents(cantine);
    const headers = await managerHeaders(cantine.baseUrl);
    await enrolEveryStockUid(cantine.baseUrl, headers);
    const secrets = new Map<string, string>();
    for (const c of cases) {
      secrets.set(c.name, await provisioned(cantine.baseUrl, headers, c.body));
      for (const sensor of c.sensors) await provisioned(cantine.baseUrl, headers, sensor.body);
    }
    await running.afterProvisioning();
    const runs = cases.map(async (c) => {
      const plan = { port: cantine.mqttPort, username: c.body.id, password: secrets.get(c.name)!, sequence: c.sequence, later: c.later, timeScale: TIME_SCALE, keepaliveS: KEEPALIVE_S, holdMs: HOLD_MS };
      results.set(c.name, await replay(plan));
    });
    await Promise.all(runs);
    const body = await json(await fetch(`${cantine.baseUrl}/api/sites/quimper/seats`));
    seats = Object.fromEntries((body.desks as Array<{ id: string; state: string }>).map((desk) => [desk.id, desk.state]));
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s stays connected through its connect sequence and several keepalive periods', (name, c) => {
    const result = results.get(name)!;
    const seen = describeReplay(result);
    expect(result.connack, seen).toBe(0);
    expect(result.drops, seen).toEqual([]);
    expect(result.done, seen).toMatchObject({ disconnects: 0, failed: 0 });
    expect(result.done!.sent, seen).toBe(c.sequence.publishes.length + c.later.length);
    expect(HOLD_MS / 1000 / KEEPALIVE_S).toBeGreaterThanOrEqual(4);
  });

  it.each(cases.filter((c) => c.reads.length > 0).map((c) => [c.name, c] as const))('%s: every read is answered in the form the firmware opens on', (name, c) => {
    const result = results.get(name)!;
    const opened = result.messages.filter((m) => c.opens!(m.topic, m.payload));
    expect(opened.length, describeReplay(result)).toBe(c.reads.length);
    const decided = events.filter((e) => e.type === 'badge' && e.deviceId === c.body.id);
    expect(decided.length).toBe(c.reads.length);
  });

  it.each(cases.filter((c) => c.sensors.length > 0).map((c) => [c.name, c] as const))('%s: the sensors behind the bridge move seats and doors', (_name, c) => {
    for (const { body } of c.sensors) {
      if (body.desk) expect(seats[body.desk], body.desk).toBe('occupied');
      else expect(events.some((e) => e.type === 'door' && e.door === body.door && (e as { open?: boolean }).open === true), body.door).toBe(true);
    }
  });
});
