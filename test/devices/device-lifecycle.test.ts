// A device after provisioning, on the embedded broker (contract §7): PATCH moves or renames it
// with the same credentials, rotate re-keys it and cuts its session, DELETE removes it and cuts
// its session. The same on Mosquitto: test/devices/mosquitto-dynsec.test.ts.
import type { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowListTopic, badgeTopic, deriveDecisionKey, verifyAllowList, type AllowListMessage } from '#protocol';
import { AllowListPublisher } from '../../apps/api/src/allow-lists/allow-list-publisher.js';
import type { BadgeEvent } from '../../apps/api/src/devices/device-events.js';
import { DeviceRegistry } from '../../apps/api/src/devices/device-registry.js';
import { DevicesRepository } from '../../apps/api/src/devices/devices.repository.js';
import { json, managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { closed, connectDevice, listDevices, nextMessage, provisioned, recordEvents } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

describe.shuffle('device lifecycle on the embedded broker', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let events: ReturnType<typeof recordEvents>;
  const clients: MqttClient[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${cantine.baseUrl}/api/devices${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: response.status === 204 ? null : await json(response) };
  };
  const connect = async (id: string, password: string) => {
    const client = await connectDevice(cantine.mqttPort, id, password);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    events = recordEvents(cantine);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => undefined)));
    await cantine.dispose();
  });

  it('renames and moves a reader, which keeps its credentials and badges at its new door', async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'reader-a', kind: 'reader', door: 'entrance' });
    const publisher = cantine.app.get(AllowListPublisher);
    await eventually(() => publisher.published > 0);
    const listsBefore = publisher.published;
    const renamed = await call('PATCH', '/reader-a', { name: 'Lecteur côté rue', door: 'open-space' });
    // Another door, another zone: the reader gets the list of its new zone.
    await eventually(() => publisher.published > listsBefore);
    expect(renamed).toMatchObject({ status: 200, body: { id: 'reader-a', name: 'Lecteur côté rue', door: 'open-space' } });
    expect((await listDevices(cantine.baseUrl, headers)).find((d) => d.id === 'reader-a')).toMatchObject({ name: 'Lecteur côté rue', door: 'open-space' });
    const stored = (await new DevicesRepository(cantine.app.get(DataSource)).list()).find((d) => d.device.id === 'reader-a');
    expect(stored?.device).toMatchObject({ name: 'Lecteur côté rue', door: 'open-space' });
    const reader = await connect('reader-a', secret);
    const before = events.length;
    await reader.publishAsync(badgeTopic('quimper', 'reader-a'), '{"uid":"04a224b2","seq":1}', { qos: 1 });
    const badge = await eventually(() => events.slice(before).find((e): e is BadgeEvent => e.type === 'badge') ?? false);
    expect(badge.door).toBe('open-space');
    expect((await call('PATCH', '/reader-a', { name: '' })).body).not.toHaveProperty('name');
  });

  it('moves a desk sensor to a free desk only', async () => {
    await provisioned(cantine.baseUrl, headers, { id: 'sensor-1', kind: 'desk-sensor', desk: 'desk-01' });
    await provisioned(cantine.baseUrl, headers, { id: 'sensor-2', kind: 'desk-sensor', desk: 'desk-02' });
    const taken = await call('PATCH', '/sensor-1', { desk: 'desk-02' });
    expect([taken.status, taken.body.errors[0].field]).toEqual([409, 'desk']);
    expect((await call('PATCH', '/sensor-1', { desk: 'desk-03' })).status).toBe(200);
    const registry = cantine.app.get(DeviceRegistry);
    expect(registry.deskSensor('quimper', 'desk-03')?.id).toBe('sensor-1');
    expect(registry.deskSensor('quimper', 'desk-01')).toBeUndefined();
  });

  let nextFreeDesk = 10;
  it.each([
    ['a field that cannot change', { topic: 'x' }, 'topic', 400],
    ['an empty body', {}, '(body)', 400],
    ['a door for a desk sensor', { door: 'entrance' }, 'door', 400],
    ['an unknown desk', { desk: 'desk-99' }, 'desk', 400],
    ['a control character in the name', { name: 'a\nb' }, 'name', 400],
  ])('answers %s with a 400 naming the field', async (_case, body, field, status) => {
    // Its own sensor on its own desk (10, 11, …): no case counts on another test's devices.
    const desk = `desk-${nextFreeDesk++}`;
    await provisioned(cantine.baseUrl, headers, { id: `sensor-on-${desk}`, kind: 'desk-sensor', desk });
    const answer = await call('PATCH', `/sensor-on-${desk}`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 404 for an unknown device on every route', async () => {
    expect((await call('PATCH', '/nobody', { name: 'x' })).status).toBe(404);
    expect((await call('POST', '/nobody/rotate')).status).toBe(404);
    expect((await call('DELETE', '/nobody')).status).toBe(404);
  });

  it('rotates a secret: the live session is cut, the old secret refused, the new one shown once works', async () => {
    const old = await provisioned(cantine.baseUrl, headers, { id: 'reader-b', kind: 'reader', door: 'entrance' });
    const session = await connect('reader-b', old);
    const rotated = await call('POST', '/reader-b/rotate');
    expect(rotated).toEqual({ status: 200, body: { id: 'reader-b', mqtt: { username: 'reader-b', password: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) } } });
    expect(await closed(session)).toBe(true);
    await expect(connect('reader-b', old)).rejects.toThrow(/Bad username|Not authorized/i);
    const fresh = await connect('reader-b', rotated.body.mqtt.password);
    // The new decision key signs the reader's next allow-list; the old key no longer verifies it.
    const topic = allowListTopic('quimper', 'reader-b');
    const retained = nextMessage(fresh, topic);
    await fresh.subscribeAsync(topic, { qos: 1 });
    const list = JSON.parse(await retained) as AllowListMessage;
    expect(verifyAllowList(deriveDecisionKey(rotated.body.mqtt.password), list, Date.now(), undefined)).toEqual({ ok: true });
    expect(verifyAllowList(deriveDecisionKey(old), list, Date.now(), undefined)).toMatchObject({ ok: false });
  });

  it('refuses to rotate a Zigbee2MQTT sensor, which has no secret of its own', async () => {
    await provisioned(cantine.baseUrl, headers, { id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt' });
    await provisioned(cantine.baseUrl, headers, { id: 'desk-04-z', kind: 'desk-sensor', desk: 'desk-04', protocol: 'zigbee2mqtt', topic: 'desk-04', bridge: 'z2m' });
    expect((await call('POST', '/desk-04-z/rotate')).status).toBe(409);
    const bridgeFirst = await call('DELETE', '/z2m');
    expect([bridgeFirst.status, bridgeFirst.body.message]).toEqual([409, expect.stringContaining('desk-04-z')]);
    expect((await call('DELETE', '/desk-04-z')).status).toBe(204);
    expect((await call('DELETE', '/z2m')).status).toBe(204);
  });

  it('deletes a device: 204, its session cut, its login refused, its id free again', async () => {
    const secret = await provisioned(cantine.baseUrl, headers, { id: 'reader-c', kind: 'reader', door: 'entrance' });
    const session = await connect('reader-c', secret);
    expect(await call('DELETE', '/reader-c')).toEqual({ status: 204, body: null });
    expect(await closed(session)).toBe(true);
    await expect(connect('reader-c', secret)).rejects.toThrow(/Bad username|Not authorized/i);
    expect((await listDevices(cantine.baseUrl, headers)).map((d) => d.id)).not.toContain('reader-c');
    expect((await new DevicesRepository(cantine.app.get(DataSource)).list()).map((d) => d.device.id)).not.toContain('reader-c');
    expect((await call('DELETE', '/reader-c')).status).toBe(404);
    expect(await provisioned(cantine.baseUrl, headers, { id: 'reader-c', kind: 'reader', door: 'entrance' })).not.toBe(secret);
  });
});
