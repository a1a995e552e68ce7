// A desk sensor heard again, through the whole pipeline (broker, ingestion, device monitor,
// occupancy): the message that proves it alive is also its report, and that report counts. The
// service clock runs an hour behind real time, as a demo clock may (CANTINE_DEMO_CLOCK), and steps
// a millisecond at each reading, so a report stamped before its own "online" would look older than it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTopic } from '#protocol';
import { Clock } from '../../apps/api/src/infra/clock.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, provisioned } from '../support/devices.js';
import { eventually } from '../support/eventually.js';
import { mosquittoAvailable, startMosquitto, type RunningMosquitto } from '../support/mosquitto.js';
import { getSeats, stateOf } from './helpers.js';

const presence = buildTopic({ kind: 'presence', site: 'quimper', deskId: 'desk-01' });
const status = buildTopic({ kind: 'device-status', site: 'quimper', deviceId: 'sensor-01' });

describe('a desk sensor back from offline', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-sensor-return-'));
  let mosquitto: RunningMosquitto | undefined;
  let cantine: TestCantine | undefined;
  let sensor: MqttClient | undefined;

  beforeAll(async () => {
    if (!mosquittoAvailable()) return;
    const conf = path.join(dir, 'mosquitto.conf');
    fs.writeFileSync(conf, ['listener 1883', 'allow_anonymous true', 'set_tcp_nodelay true', 'persistence false', 'log_dest stderr', ''].join('\n'));
    mosquitto = await startMosquitto(dir, { configFrom: conf });
  });

  afterEach(async () => {
    await sensor?.endAsync(true);
    await cantine?.dispose();
  });

  afterAll(async () => {
    await mosquitto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}, zigbee = false) {
    const started = await startTestCantine(env);
    cantine = started;
    let readings = 0;
    started.app.get(Clock).now = () => new Date(Date.now() - 3_600_000 + ++readings);
    const headers = await managerHeaders(started.baseUrl);
    if (zigbee) {
      await provisioned(started.baseUrl, headers, { id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt' });
      await provisioned(started.baseUrl, headers, { id: 'sensor-01', kind: 'desk-sensor', desk: 'desk-01', protocol: 'zigbee2mqtt', topic: 'bureau-1', bridge: 'z2m' });
      return { started, password: '' };
    }
    return { started, password: await provisioned(started.baseUrl, headers, { id: 'sensor-01', kind: 'desk-sensor', desk: 'desk-01' }) };
  }

  const deskIs = (state: string) => eventually(async () => stateOf(await getSeats(cantine!), 'desk-01') === state, 5000, 10);
  const send = (topic: string, body: unknown) => sensor!.publishAsync(topic, JSON.stringify(body), { qos: 1 });

  it('embedded broker: occupied when it connects and reports, and when a report brings it back after its status said offline', async () => {
    const { started, password } = await start();
    sensor = await connectDevice(started.mqttPort, 'sensor-01', password);
    await deskIs('free'); // the connection proves it alive: nobody reported yet
    await send(presence, { occupied: true });
    await deskIs('occupied');
    await send(status, { online: false });
    await deskIs('offline');
    await send(presence, { occupied: true }); // no status first: this report brings it back
    await deskIs('occupied');
  });

  it.skipIf(!mosquittoAvailable())('Mosquitto: occupied when its first report is what brings it online, and again after its status said offline', async () => {
    await start({ MQTT_URL: mosquitto!.url });
    sensor = await mqtt.connectAsync(mosquitto!.url, { clientId: 'sensor-01', reconnectPeriod: 0 });
    expect(stateOf(await getSeats(cantine!), 'desk-01')).toBe('offline'); // an external broker tells no one of a connection
    await send(presence, { occupied: true });
    await deskIs('occupied');
    await send(status, { online: false });
    await deskIs('offline');
    await send(presence, { occupied: true });
    await deskIs('occupied');
  });

  it.skipIf(!mosquittoAvailable())('Mosquitto, Zigbee2MQTT: occupied when the occupancy report is what brings the sensor online, and again after it was announced offline', async () => {
    await start({ MQTT_URL: mosquitto!.url }, true);
    // Zigbee2MQTT's own client publishes for every device, on the device's friendly name.
    sensor = await mqtt.connectAsync(mosquitto!.url, { clientId: 'zigbee2mqtt', reconnectPeriod: 0 });
    await send('zigbee2mqtt/bureau-1', { occupancy: true, battery: 90, linkquality: 120 });
    await deskIs('occupied');
    await sensor.publishAsync('zigbee2mqtt/bureau-1/availability', JSON.stringify({ state: 'offline' }), { qos: 1, retain: true });
    await deskIs('offline');
    await send('zigbee2mqtt/bureau-1', { occupancy: true, battery: 90, linkquality: 120 });
    await deskIs('occupied');
  });
});
