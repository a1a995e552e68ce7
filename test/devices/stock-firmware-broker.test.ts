// The embedded broker's rules for stock firmware, driven by clients Cantine did not write
// (python3-paho-mqtt, mosquitto_pub/sub): what each firmware sends beside what the service reads is
// accepted and dropped without closing its session, never retained or forwarded; client ids are
// the firmware's own, and none can take over another device's session. The full recorded
// sequences per firmware are the replay suite's; these are the broker rules they rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerService } from '../../apps/api/src/infra/mqtt/broker.service.js';
import { managerHeaders, startTestCantine, type TestCantine } from '../support/app.js';
import { listDevices, provisioned, recordEvents } from '../support/devices.js';
import { mosquittoClient, pahoSession, sessionMark, thirdPartyClientsAvailable } from '../support/third-party-clients.js';
import { eventually } from '../support/eventually.js';

const MAC = 'A4CF12B3C4D5';

describe.runIf(thirdPartyClientsAvailable())('stock firmware on the embedded broker', () => {
  let cantine: TestCantine;
  let headers: Record<string, string>;
  const secrets: Record<string, string> = {};
  let events: ReturnType<typeof recordEvents>;
  /** What reached anyone in process on topics the service does not read, live or retained. */
  const unread: Array<{ topic: string; retained: boolean }> = [];
  const device = async (id: string) => (await listDevices(cantine.baseUrl, headers)).find((d) => d.id === id)!;
  const stillUnread = async () => {
    // A fresh subscription replays whatever is retained.
    const replayed: string[] = [];
    await cantine.app.get(BrokerService).subscribe('#', (topic, _payload, retained) => {
      if (retained && /^(tasmota|homeassistant|zigbee2mqtt\/bridge\/(info|devices|definitions))\b/.test(topic)) replayed.push(topic);
    });
    return { live: unread, retained: replayed };
  };

  beforeAll(async () => {
    cantine = await startTestCantine();
    headers = await managerHeaders(cantine.baseUrl);
    events = recordEvents(cantine);
    const provision = async (body: Parameters<typeof provisioned>[2]) =>
      (secrets[body.id] = await provisioned(cantine.baseUrl, headers, body));
    await provision({ id: 'entrance-reader', kind: 'reader', door: 'entrance' });
    await provision({ id: 'tasmota-door', kind: 'reader', door: 'open-space', protocol: 'tasmota', topic: 'tasmota-door' });
    await provision({ id: 'rfid-door', kind: 'reader', door: 'event-room', protocol: 'esp-rfid', topic: '/rfid-door' });
    await provision({ id: 'z2m', kind: 'bridge', protocol: 'zigbee2mqtt', topic: 'zigbee2mqtt' });
    await provision({ id: 'desk-07-pir', kind: 'desk-sensor', desk: 'desk-07', protocol: 'zigbee2mqtt', topic: 'desk-07-pir', bridge: 'z2m' });
    for (const pattern of ['tasmota/#', 'homeassistant/#', 'zigbee2mqtt/bridge/+', 'cmnd/#']) {
      await cantine.app.get(BrokerService).subscribe(pattern, (topic, _payload, retained) => {
        if (topic !== 'zigbee2mqtt/bridge/state') unread.push({ topic, retained }); // that one is read
      });
    }
  });
  afterAll(() => cantine?.dispose());

  it("keeps stock Tasmota connected through its connect-time POWER and discovery, and drops them", async () => {
    const t = 'tasmota-door';
    const report = await pahoSession(
      cantine.mqttPort,
      { client_id: 'DVES_4F21A0', username: t, password: secrets[t], will: { topic: `tele/${t}/LWT`, payload: 'Offline', qos: 1, retain: true } },
      [
        { publish: `tele/${t}/LWT`, payload: 'Online', retain: true },
        { subscribe: `cmnd/${t}/#` },
        { publish: `cmnd/${t}/POWER`, payload: '' },
        { publish: `tasmota/discovery/${MAC}/config`, size: 1200, retain: true },
        { publish: `tasmota/discovery/${MAC}/sensors`, size: 300, retain: true },
        { publish: `tasmota/discovery/${MAC}/config`, payload: '', retain: true },
        { publish: `homeassistant/switch/${MAC}_RL_1/config`, size: 600, retain: true },
        { publish: `stat/${t}/RESULT`, payload: '{"POWER":"OFF"}' },
        { publish: `tele/${t}/SENSOR`, payload: '{"Time":"2024-03-04T08:59:12","PN532":{"UID":"04A224B2C31F80","Data":"","Auth":"None"}}' },
        { expect: `cmnd/${t}/POWER`, timeout: 0.5 },
        { subscribe: `cmnd/${t}/#` },
      ],
    );
    expect(report).toMatchObject({ connack: 0, disconnected: null });
    expect(report.steps[9]).toEqual({ timeout: true }); // its own POWER query is not sent back
    expect(report.steps[10]).toEqual({ granted: [0] }); // still in session at the end
    await eventually(() => events.some((e) => e.type === 'badge' && e.deviceId === t));
    expect((await device(t)).errors).toMatchObject({ unauthorised: 0, oversized: 0 });
    expect(await stillUnread()).toEqual({ live: [], retained: [] });
  });

  it('lets esp-rfid log in with its chip-id client id (mosquitto_pub) and drops its Home Assistant discovery', async () => {
    const login = ['-i', 'esp8266-a1b2c3', '-u', 'rfid-door', '-P', secrets['rfid-door']!, '-q', '1'];
    const discovery = await mosquittoClient('mosquitto_pub', cantine.mqttPort, [...login, '-r', '-t', 'homeassistant/lock/esp-rfid/config', '-m', '{"name":"Lock","cmd_t":"/rfid-door/cmd"}']);
    const scan = await mosquittoClient('mosquitto_pub', cantine.mqttPort, [
      ...login, '-t', '/rfid-door/send', '-m', '{"type":"access","time":1605991375,"isKnown":"false","access":"Denied","username":"Unknown","uid":"04a224b2c31f80","door":"esp-rfid"}',
    ]);
    expect([discovery.code, scan.code]).toEqual([0, 0]);
    await eventually(() => events.some((e) => e.type === 'badge' && e.deviceId === 'rfid-door'));
    expect(await stillUnread()).toEqual({ live: [], retained: [] });
  });

  it("reads Zigbee2MQTT's big retained bridge messages through at QoS 0, 1 and 2, and keeps the bridge connected", async () => {
    const report = await pahoSession(
      cantine.mqttPort,
      { client_id: 'mqttjs_3f2a9b1c', username: 'z2m', password: secrets.z2m, will: { topic: 'zigbee2mqtt/bridge/state', payload: '{"state":"offline"}', qos: 1, retain: true } },
      [
        { publish: 'zigbee2mqtt/bridge/state', payload: '{"state":"online"}', retain: true },
        { publish: 'zigbee2mqtt/bridge/info', size: 48_000, retain: true },
        { publish: 'zigbee2mqtt/bridge/devices', size: 9_000, retain: true, qos: 1 },
        { publish: 'zigbee2mqtt/bridge/definitions', size: 20_000, retain: true, qos: 2 },
        { publish: 'zigbee2mqtt/bridge/devices', size: 3_000, retain: true, qos: 1 },
        { publish: 'homeassistant/binary_sensor/0x00158d0001a9ec71/occupancy/config', size: 1_500, retain: true },
        { publish: 'zigbee2mqtt/desk-07-pir', payload: '{"occupancy":true,"battery":87}' },
        { subscribe: 'zigbee2mqtt/#' },
      ],
    );
    expect(report).toMatchObject({ connack: 0, disconnected: null });
    expect(report.steps.slice(2, 5)).toEqual([{ acked: true }, { acked: true }, { acked: true }]);
    expect(report.steps[7]).toEqual({ granted: [0] });
    await eventually(() => events.some((e) => e.type === 'presence' && e.desk === 'desk-07'));
    expect((await device('z2m')).errors).toMatchObject({ unauthorised: 0, oversized: 0 });
    expect(await stillUnread()).toEqual({ live: [], retained: [] });
  });

  it('drops and counts an oversized message on a topic the service reads, and keeps the session', async () => {
    const report = await pahoSession(cantine.mqttPort, { client_id: 'mqttjs_77aa01', username: 'z2m', password: secrets.z2m }, [
      { publish: 'zigbee2mqtt/desk-07-pir', size: 60_000, qos: 1 },
      { subscribe: 'zigbee2mqtt/#' },
    ]);
    expect(report).toMatchObject({ connack: 0, disconnected: null, steps: [{ acked: true }, { granted: [0] }] });
    await eventually(async () => (await device('z2m')).errors.oversized === 1);
  });

  it('drops and counts a publish outside the namespace (paho), and keeps the session', async () => {
    const report = await pahoSession(cantine.mqttPort, { client_id: 'DVES_4F21A0', username: 'tasmota-door', password: secrets['tasmota-door'] }, [
      { publish: 'cantine/quimper/desks/desk-08/presence', payload: '{"occupied":true}', qos: 1 },
      { publish: 'cmnd/other-relay/POWER', payload: 'ON', qos: 1 },
      { subscribe: 'cmnd/tasmota-door/#' },
    ]);
    expect(report).toMatchObject({ connack: 0, disconnected: null, steps: [{ acked: true }, { acked: true }, { granted: [0] }] });
    await eventually(async () => (await device('tasmota-door')).errors.unauthorised === 2);
    expect(events.filter((e) => e.type === 'presence' && e.desk === 'desk-08')).toEqual([]);
    expect(unread.filter((u) => u.topic === 'cmnd/other-relay/POWER')).toEqual([]);
  });

  it("forwards a device's publish to no other client, even one with the same credentials", async () => {
    const subscribed = sessionMark();
    const listener = pahoSession(cantine.mqttPort, { client_id: 'mqttjs_listener', username: 'z2m', password: secrets.z2m }, [
      { subscribe: 'zigbee2mqtt/#' },
      { mark: subscribed.path },
      { expect: 'zigbee2mqtt/desk-07-pir', timeout: 2 },
    ]);
    await eventually(subscribed.reached, 30_000);
    const before = events.length;
    const sent = await mosquittoClient('mosquitto_pub', cantine.mqttPort, ['-i', 'mqttjs_sender', '-u', 'z2m', '-P', secrets.z2m!, '-q', '1', '-t', 'zigbee2mqtt/desk-07-pir', '-m', '{"occupancy":false}']);
    expect(sent.code).toBe(0);
    expect((await listener).steps).toEqual([{ granted: [0] }, {}, { timeout: true }]);
    expect(events.slice(before)).toContainEqual(expect.objectContaining({ type: 'presence', desk: 'desk-07', occupied: false }));
  });

  // Granted so the firmware starts (mqtt.js rejects a refused grant: Zigbee2MQTT's Home Assistant
  // extension did not start), but fed nothing: not the service's messages, retained or live, nor
  // another device's. The service's command on the device's own topic still arrives (the control).
  it("grants Tasmota's group and fallback subscriptions and Zigbee2MQTT's Home Assistant ones, and delivers nothing on them", async () => {
    const service = cantine.app.get(BrokerService);
    await service.publish('homeassistant/status', 'online', { qos: 1, retain: true });
    // Each session marks when its subscriptions are granted; the service then publishes what must
    // not arrive, and last the control: anything delivered would be there before the control is.
    const tasmotaReady = sessionMark();
    const bridgeReady = sessionMark();
    const tasmota = pahoSession(cantine.mqttPort, { client_id: 'DVES_4F21A0', username: 'tasmota-door', password: secrets['tasmota-door'] }, [
      { subscribe: 'cmnd/tasmota-door/#' },
      { subscribe: 'cmnd/tasmotas/#' },
      { subscribe: 'cmnd/DVES_4F21A0_fb/#' },
      { mark: tasmotaReady.path },
      { expect: 'cmnd/tasmota-door/POWER', timeout: 20 },
      { expect: 'cmnd/tasmotas/POWER', timeout: 0.5 },
      { expect: 'cmnd/DVES_4F21A0_fb/POWER', timeout: 0.5 },
    ]);
    const bridge = pahoSession(cantine.mqttPort, { client_id: 'mqttjs_5c1e9a7b', username: 'z2m', password: secrets.z2m }, [
      { subscribe: 'zigbee2mqtt/#' },
      { subscribe: 'homeassistant/status' },
      { subscribe: 'homeassistant/#' },
      { mark: bridgeReady.path },
      { expect: 'zigbee2mqtt/bridge/request/health_check', timeout: 20 },
      { expect: 'homeassistant/status', timeout: 0.5 },
      { expect: 'homeassistant/lock/esp-rfid/config', timeout: 0.5 },
    ]);
    await eventually(() => tasmotaReady.reached() && bridgeReady.reached(), 30_000);
    const other = await mosquittoClient('mosquitto_pub', cantine.mqttPort, ['-i', 'esp8266-a1b2c3', '-u', 'rfid-door', '-P', secrets['rfid-door']!, '-q', '1', '-t', 'homeassistant/lock/esp-rfid/config', '-m', '{"name":"Lock"}']);
    expect(other.code).toBe(0);
    for (const topic of ['cmnd/tasmotas/POWER', 'cmnd/DVES_4F21A0_fb/POWER', 'cmnd/tasmota-door/POWER']) await service.publish(topic, 'ON', { qos: 1 });
    for (const topic of ['homeassistant/status', 'zigbee2mqtt/bridge/request/health_check']) await service.publish(topic, topic.startsWith('z') ? '' : 'online', { qos: 1 });
    const [t, z] = await Promise.all([tasmota, bridge]);
    await service.publish('homeassistant/status', '', { qos: 1, retain: true }); // cleared for any later test
    expect(t).toMatchObject({ connack: 0, disconnected: null, steps: [{ granted: [0] }, { granted: [0] }, { granted: [0] }, {}, { payload: 'ON' }, { timeout: true }, { timeout: true }] });
    expect(z).toMatchObject({ connack: 0, disconnected: null, steps: [{ granted: [0] }, { granted: [0] }, { granted: [0] }, {}, { payload: '' }, { timeout: true }, { timeout: true }] });
  });

  it.each([
    ['another device id as client id', ['-i', 'entrance-reader']],
    ['a persistent session under a client id that is not the device id', ['-i', 'esp8266-a1b2c3', '-c']],
  ])('refuses %s (mosquitto_sub)', async (_case, args) => {
    const result = await mosquittoClient('mosquitto_sub', cantine.mqttPort, ['-u', 'rfid-door', '-P', secrets['rfid-door']!, ...args, '-t', '/rfid-door/cmd', '-C', '1', '-W', '2']);
    expect(result.stderr).toMatch(/identifier rejected/i);
  });

  it("refuses a client id another device is connected with, and leaves that device's session alone", async () => {
    // The Tasmota session stays until the service says the intruder has been tried (`…/Done`).
    const inSession = sessionMark();
    const tasmota = pahoSession(cantine.mqttPort, { client_id: 'DVES_4F21A0', username: 'tasmota-door', password: secrets['tasmota-door'] }, [
      { subscribe: 'cmnd/tasmota-door/#' },
      { mark: inSession.path },
      { expect: 'cmnd/tasmota-door/Done', timeout: 30 },
    ]);
    await eventually(inSession.reached, 30_000);
    const intruder = await mosquittoClient('mosquitto_sub', cantine.mqttPort, ['-i', 'DVES_4F21A0', '-u', 'rfid-door', '-P', secrets['rfid-door']!, '-t', '/rfid-door/cmd', '-C', '1', '-W', '2']);
    await cantine.app.get(BrokerService).publish('cmnd/tasmota-door/Done', '1', { qos: 1 });
    expect(intruder.stderr).toMatch(/identifier rejected/i);
    expect(await tasmota).toMatchObject({ connack: 0, disconnected: null, steps: [{ granted: [0] }, {}, { payload: '1' }] });
  });
});
