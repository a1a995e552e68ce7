// Timings and limits from the configuration: connection rate per address, silence -> offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, provisioned, recordEvents } from '../support/devices.js';
import { eventually } from '../support/eventually.js';

describe('device limits', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  let secret: string;

  beforeAll(async () => {
    cantine = await startTestCantine({ MQTT_CONNECT_BURST: '4', MQTT_CONNECT_PER_SECOND: '0.1', DEVICE_OFFLINE_READER_S: '1' });
    headers = await managerHeaders(cantine.baseUrl);
    secret = await provisioned(cantine.baseUrl, headers, { id: 'entrance-reader', kind: 'reader', door: 'entrance' });
  });
  afterAll(() => cantine.dispose());

  it('marks a silent reader offline after its timeout, with a device-status event', async () => {
    const events = recordEvents(cantine);
    const reader = await connectDevice(cantine.mqttPort, 'entrance-reader', secret, { keepalive: 60 });
    await eventually(async () => (await listDevices(cantine.baseUrl, headers))[0]!.online);
    await eventually(async () => !(await listDevices(cantine.baseUrl, headers))[0]!.online, 4000);
    expect(events.filter((e) => e.type === 'device-status').map((e) => (e as { online: boolean }).online)).toEqual([true, false]);
    await reader.endAsync();
  });

  it('refuses new connections from an address past its burst', async () => {
    // The limit applies from when the devices feature configured it (after the service's own
    // client connected); the test above took one token of the burst of 4.
    const attempts = [];
    for (let i = 0; i < 5; i++) {
      attempts.push(await connectDevice(cantine.mqttPort, 'entrance-reader', secret).then((c) => (c.end(true), 'ok'), () => 'refused'));
    }
    expect(attempts).toEqual(['ok', 'ok', 'ok', 'refused', 'refused']);
    const health = await fetch(`${cantine.baseUrl}/health`);
    expect(health.status).toBe(200);
  });
});
