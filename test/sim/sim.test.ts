// firmware-sim against the whole service: provision the demo site, run a short load and a slice of
// the day, and see the devices online in GET /api/devices. Skips, saying why, while the devices
// feature is not built (POST /api/devices answers 404).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CantineApi } from '../../firmware-sim/src/api-client.js';
import { CredentialsStore } from '../../firmware-sim/src/credentials.js';
import { Fleet } from '../../firmware-sim/src/fleet.js';
import { planDevices } from '../../firmware-sim/src/plan.js';
import { provision } from '../../firmware-sim/src/provision.js';
import { runDay } from '../../firmware-sim/src/scenarios/day.js';
import { H } from '../../firmware-sim/src/scenarios/day-schedule.js';
import { runLoad } from '../../firmware-sim/src/scenarios/load.js';
import { loadLayout, type SiteLayout } from '../../firmware-sim/src/site.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';

interface ListedDevice {
  id: string;
  online?: boolean;
}

describe('firmware-sim end to end', () => {
  let cantine: TestCantine;
  let api: CantineApi;
  let layout: SiteLayout;
  let store: CredentialsStore;
  let fleet: Fleet | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-e2e-'));
  const mqttUrl = () => `mqtt://127.0.0.1:${cantine.mqttPort}`;

  async function listedDevices(): Promise<ListedDevice[]> {
    const response = await fetch(`${cantine.baseUrl}/api/devices`, { headers: await managerHeaders(cantine.baseUrl) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ListedDevice[] | { devices: ListedDevice[] };
    return Array.isArray(body) ? body : body.devices;
  }

  beforeAll(async () => {
    cantine = await startTestCantine();
    api = new CantineApi(cantine.baseUrl);
    await api.login('manager@example.org', 'correct horse battery');
    layout = await loadLayout(cantine.baseUrl, 'quimper');
    store = CredentialsStore.open(path.join(dir, 'quimper.json'), 'quimper', 11);
  });

  afterAll(async () => {
    await fleet?.close();
    await cantine?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('provisions every device of the demo site, and only once', async () => {
    const first = await provision({ api, store, layout, protocol: 'native' });
    const planned = planDevices(layout, 'native');
    expect(first.devicesCreated).toBe(planned.length);
    expect(store.data.devices.every((device) => typeof device.password === 'string')).toBe(true);
    const again = await provision({ api, store, layout, protocol: 'native' });
    expect(again).toMatchObject({ devicesCreated: 0, devicesReused: planned.length, devicesWithoutSecret: [] });
  });

  it('connects every device and shows them online in GET /api/devices', async () => {
    fleet = await Fleet.open({ mqttUrl: mqttUrl(), store });
    expect(fleet.problems).toEqual([]);
    const ids = store.data.devices.map((device) => device.id);
    await vi.waitFor(async () => {
      const online = (await listedDevices()).filter((device) => device.online === true).map((device) => device.id);
      expect(online).toEqual(expect.arrayContaining(ids));
    }, { timeout: 5000, interval: 200 });
  });

  it('runs a short load: every badge gets a decision within 2 s', async (context) => {
    if (fleet === undefined) return context.skip(); // the test that connects it failed
    const uids = store.data.members.map((member) => member.uid);
    const summary = await runLoad({ fleet, uids: uids.length > 0 ? uids : ['04A224B2C31F80'], badgesPerSecond: 10, sensorsPerSecond: 40, durationS: 2, seed: 11 });
    expect(summary.badgesSent).toBeGreaterThanOrEqual(15);
    expect(summary.sensorMessages).toBeGreaterThanOrEqual(60);
    expect(summary.timeouts).toBe(0);
  });

  it('plays the first half hour of the day at ×600', async (context) => {
    if (fleet === undefined) return context.skip(); // the test that connects it failed
    const summary = await runDay({ fleet, credentials: store.data, speed: 600, start: H(8, 45), end: H(9, 15) });
    expect(summary.badgesSent).toBeGreaterThan(0);
    expect(summary.sensorMessages).toBeGreaterThan(0);
  });

  it('shows a device offline once it has said goodbye', async (context) => {
    if (fleet === undefined) return context.skip(); // the test that connects it failed
    await fleet.close();
    fleet = undefined;
    await vi.waitFor(async () => {
      const reader = (await listedDevices()).find((device) => device.id === 'entrance-reader');
      expect(reader?.online).toBe(false);
    }, { timeout: 5000, interval: 200 });
  });
});
