// The two brokers the stock replays run against, each with a fresh service: the embedded one, and
// a Mosquitto of our own on a free port with the files `npm run mosquitto-files` writes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { mosquittoFiles, writeMosquittoFiles } from '../../apps/api/src/devices/mosquitto-files.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { stockUids, type StockCase } from './stock-site.js';

export interface Broker {
  name: string;
  /** Stock sequences replayed on this broker (the embedded one speaks MQTT 3.1.1 only: no v5 case). */
  cases: string[];
  start(): Promise<{ cantine: TestCantine; afterProvisioning(): Promise<void>; stop(): Promise<void> }>;
}

export const embedded: Broker = {
  name: 'embedded broker',
  cases: ['tasmota', 'esp-rfid', 'esp-rfid-ha', 'zigbee2mqtt', 'zigbee2mqtt-ha'],
  async start() {
    const cantine = await startTestCantine();
    return { cantine, afterProvisioning: async () => undefined, stop: () => cantine.dispose() };
  },
};

export const mosquitto: Broker = {
  name: 'Mosquitto',
  cases: ['tasmota', 'esp-rfid', 'esp-rfid-ha', 'zigbee2mqtt', 'zigbee2mqtt-ha', 'zigbee2mqtt-v5'],
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

export async function enrolEveryStockUid(baseUrl: string, headers: Record<string, string>): Promise<void> {
  const post = async (url: string, body: object) => {
    const response = await fetch(`${baseUrl}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
    return json(response);
  };
  const { id } = await post('/api/members', { name: 'Badge Stock', email: 'stock@example.org', adherent: true });
  for (const uid of stockUids) await post(`/api/members/${id}/badges`, { uid });
  await post(`/api/members/${id}/passes`, { type: 'staff' });
}


/** A broker with its service, the stock member enrolled and every case's devices provisioned. */
export async function startStockSite(broker: Broker, cases: StockCase[]) {
  const running = await broker.start();
  const { baseUrl } = running.cantine;
  const headers = await managerHeaders(baseUrl);
  await enrolEveryStockUid(baseUrl, headers);
  const secrets = new Map<string, string>();
  for (const c of cases) {
    secrets.set(c.name, await provisioned(baseUrl, headers, c.body));
    for (const sensor of c.sensors) await provisioned(baseUrl, headers, sensor.body);
  }
  await running.afterProvisioning();
  return { ...running, secrets };
}

/** Each desk's state on the wall, by desk id. */
export async function seatStates(baseUrl: string): Promise<Record<string, string>> {
  const body = await json(await fetch(`${baseUrl}/api/sites/quimper/seats`));
  return Object.fromEntries((body.desks as Array<{ id: string; state: string }>).map((desk) => [desk.id, desk.state]));
}
