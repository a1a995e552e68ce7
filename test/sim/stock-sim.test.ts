// firmware-sim --stock against the whole service on its embedded broker: esp-rfid, Tasmota and a
// Zigbee2MQTT bridge connect as shipped (own client ids, connect-time extras, big retained bridge
// messages), stay online past Tasmota's discovery, and their grants open the door.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CantineApi } from '../../firmware-sim/src/api-client.js';
import { CredentialsStore } from '../../firmware-sim/src/credentials.js';
import { Fleet } from '../../firmware-sim/src/fleet.js';
import { provision } from '../../firmware-sim/src/provision.js';
import { loadLayout } from '../../firmware-sim/src/site.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

const STAFF_UID = '04A224B2C31F80';

describe('firmware-sim --stock on the embedded broker', () => {
  let cantine: TestCantine;
  let store: CredentialsStore;
  let fleet: Fleet | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-stock-'));

  const online = async () => {
    const response = await fetch(`${cantine.baseUrl}/api/devices`, { headers: await managerHeaders(cantine.baseUrl) });
    return ((await response.json()) as Array<{ id: string; online?: boolean }>).filter((d) => d.online === true).map((d) => d.id);
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    const api = new CantineApi(cantine.baseUrl);
    await api.login('manager@example.org', 'correct horse battery');
    store = CredentialsStore.open(path.join(dir, 'quimper.json'), 'quimper', 11);
    await provision({ api, store, layout: await loadLayout(cantine.baseUrl, 'quimper'), protocol: 'mixed' });
    // A staff pass opens at any hour: the test does not depend on the time of day.
    const headers = await managerHeaders(cantine.baseUrl);
    const post = async (url: string, body: object) => json(await fetch(`${cantine.baseUrl}${url}`, { method: 'POST', headers, body: JSON.stringify(body) }));
    const { id } = await post('/api/members', { name: 'Stock Staff', email: 'stock-staff@example.org', adherent: true });
    await post(`/api/members/${id}/badges`, { uid: STAFF_UID });
    await post(`/api/members/${id}/passes`, { type: 'staff' });
    fleet = await Fleet.open({ mqttUrl: `mqtt://127.0.0.1:${cantine.mqttPort}`, store, stock: true });
  });

  afterAll(async () => {
    await fleet?.close();
    await cantine?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects every stock device and keeps it online past Tasmota discovery (10 s)', async () => {
    expect(fleet!.problems).toEqual([]);
    const connecting = store.data.devices.filter((d) => d.password !== undefined).map((d) => d.id);
    await vi.waitFor(async () => expect(await online()).toEqual(expect.arrayContaining(connecting)), { timeout: 5000, interval: 200 });
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect(fleet!.readers.every((reader) => reader.connected)).toBe(true);
    expect(await online()).toEqual(expect.arrayContaining(connecting));
  });

  it('opens the door for Tasmota and esp-rfid readers as shipped', async () => {
    for (const protocol of ['tasmota', 'esp-rfid']) {
      const reader = fleet!.readers.find((r) => r.protocol === protocol)!;
      const result = await reader.badge(STAFF_UID);
      expect(result.outcome, protocol).toMatchObject({ result: 'granted' });
    }
  });
});
