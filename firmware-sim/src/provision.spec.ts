// Provisioning against a stand-in API on a local port: idempotence, the file's protocol, and
// endpoints that answer 404 while their feature is not built.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CantineApi } from './api-client.js';
import { CredentialsStore } from './credentials.js';
import { planDevices } from './plan.js';
import { provision } from './provision.js';
import type { SiteLayout } from './site.js';

const layout: SiteLayout = { id: 'quimper', timezone: 'Europe/Paris', doors: [{ id: 'entrance' }, { id: 'event-room' }], desks: [{ id: 'desk-01' }, { id: 'desk-02' }] };

interface FakeApi {
  api: CantineApi;
  devices: Map<string, Record<string, unknown>>;
  calls: string[];
  close(): Promise<void>;
}

/** Devices always exist; `missing` routes answer 404 as an unbuilt feature would. */
async function fakeApi(missing: RegExp | undefined): Promise<FakeApi> {
  const devices = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  let members = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const route = `${request.method} ${request.url}`;
      calls.push(route);
      const send = (status: number, json?: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(json === undefined ? '' : JSON.stringify(json));
      if (route === 'POST /api/auth/login') return send(200, { token: 't' });
      if (missing?.test(route)) return send(404, { message: `Cannot ${route}` });
      if (route === 'POST /api/devices') {
        const device = JSON.parse(body) as { id: string; protocol: string; kind: string };
        if (devices.has(device.id)) return send(409, { message: 'exists' });
        devices.set(device.id, device);
        const foreignSensor = device.protocol === 'zigbee2mqtt' && device.kind !== 'bridge';
        return send(201, { id: device.id, mqtt: foreignSensor ? null : { username: device.id, password: `secret-${device.id}` } });
      }
      if (route === 'POST /api/members') return send(201, { id: ++members });
      if (/^GET \/api\/members\/\d+\/passes$/.test(route)) return send(200, []);
      return send(201, { id: 'x' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = new CantineApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await api.login('m@example.org', 'pw');
  return { api, devices, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('provision', () => {
  let fake: FakeApi | undefined;
  afterEach(() => fake?.close());

  it('creates devices and members once, then reuses the file', async () => {
    fake = await fakeApi(undefined);
    const store = CredentialsStore.open(undefined, 'quimper', 1);
    const first = await provision({ api: fake.api, store, layout, protocol: 'mixed' });
    expect(first).toMatchObject({ devicesCreated: planDevices(layout, 'mixed').length, missingEndpoints: [], problems: [] });
    expect(first.membersCreated).toBe(store.data.members.length);
    expect(store.device('quimper-z2m-bridge')?.password).toBe('secret-quimper-z2m-bridge');
    expect(store.device('desk-02-sensor')).toMatchObject({ protocol: 'zigbee2mqtt', bridge: 'quimper-z2m-bridge' });
    fake.calls.length = 0;
    // Run again without --protocol mixed: the file's choice is kept, nothing is orphaned.
    const again = await provision({ api: fake.api, store, layout, protocol: 'native' });
    expect(again).toMatchObject({ devicesCreated: 0, devicesWithoutSecret: [], membersCreated: 0, badgesAdded: 0, passesAdded: 0 });
    expect(fake.calls.filter((call) => call.startsWith('POST /api/members'))).toEqual([]);
  });

  it('says once that an endpoint is not built, and carries on with what works', async () => {
    fake = await fakeApi(/\/passes$/);
    const said: string[] = [];
    const store = CredentialsStore.open(undefined, 'quimper', 1);
    const report = await provision({ api: fake.api, store, layout, protocol: 'native', say: (line) => said.push(line) });
    expect(report.missingEndpoints).toEqual(['POST /api/members/{id}/passes']);
    expect(said.filter((line) => line.includes('404'))).toHaveLength(1);
    expect(report.badgesAdded).toBe(store.data.members.length);
    expect(fake.calls.filter((call) => call.endsWith('/passes'))).toHaveLength(1);
  });

  it('stops provisioning devices at the first 404, keeping members going', async () => {
    fake = await fakeApi(/^POST \/api\/devices$/);
    const store = CredentialsStore.open(undefined, 'quimper', 1);
    const report = await provision({ api: fake.api, store, layout, protocol: 'native' });
    expect(report.missingEndpoints).toEqual(['POST /api/devices']);
    expect(fake.calls.filter((call) => call === 'POST /api/devices')).toHaveLength(1);
    expect(report.membersCreated).toBeGreaterThan(0);
  });

  it('reports a device that exists without its secret in the file', async () => {
    fake = await fakeApi(undefined);
    fake.devices.set('entrance-reader', {});
    const store = CredentialsStore.open(undefined, 'quimper', 1);
    const report = await provision({ api: fake.api, store, layout, protocol: 'native' });
    expect(report.devicesWithoutSecret).toEqual(['entrance-reader']);
  });
});
