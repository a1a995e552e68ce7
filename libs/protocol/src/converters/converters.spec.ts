import { describe, expect, it } from 'vitest';
import { commandFixtures, firmwareFixtures } from '../fixtures/index.js';
import { MAX_PAYLOAD_BYTES } from '../messages.js';
import { commandsForDecision, convertFromDevice, deviceSubscriptions, espRfidSender, FIRMWARE_CONVERTERS, FOREIGN_PROTOCOLS } from './index.js';

describe('golden firmware payloads convert to the expected events', () => {
  it.each(firmwareFixtures)('$protocol: $name', ({ protocol, topic, payload, ctx, expected }) => {
    const result = convertFromDevice(protocol, topic, Buffer.from(payload), ctx);
    if ('error' in expected) {
      expect(result).toMatchObject({ ok: false, error: expected.error });
    } else {
      expect(result).toEqual({ ok: true, events: expected.events });
    }
  });

  it('every fixture names its source', () => {
    for (const fixture of firmwareFixtures) expect(fixture.source.length).toBeGreaterThan(10);
  });

  it('every fixture topic is one the device is subscribed to', () => {
    for (const { protocol, ctx, topic } of firmwareFixtures) expect(deviceSubscriptions(protocol, ctx)).toContain(topic);
  });
});

describe('decisions become the commands each firmware needs', () => {
  it.each(commandFixtures)('$protocol: $name', ({ protocol, decision, ctx, expected }) => {
    expect(commandsForDecision(protocol, decision, ctx)).toEqual(expected);
  });
});

describe('convertFromDevice refuses what it cannot read, without throwing', () => {
  const ctx = { topic: 'tasmota' };

  it('refuses a topic the device does not publish', () => {
    expect(convertFromDevice('tasmota', 'tele/other/SENSOR', '{}', ctx)).toMatchObject({ ok: false, error: 'unknown-topic' });
    expect(convertFromDevice('tasmota', 'stat/tasmota/RESULT', '{}', ctx)).toMatchObject({ ok: false, error: 'unknown-topic' });
  });

  it('refuses oversized payloads before reading them', () => {
    const payload = `{"PN532":{"UID":"94D8FC5F","DATA":"${'x'.repeat(MAX_PAYLOAD_BYTES)}"}}`;
    expect(convertFromDevice('tasmota', 'tele/tasmota/SENSOR', payload, ctx)).toMatchObject({ ok: false, error: 'oversized' });
  });

  it.each([
    ['not JSON', 'PN532 94D8FC5F', 'not-json'],
    ['JSON array', '[{"PN532":{"UID":"94D8FC5F"}}]', 'invalid'],
    ['bad UID', '{"PN532":{"UID":"94D8FC"}}', 'invalid'],
    ['UID missing', '{"RC522":{"Data":""}}', 'invalid'],
  ])('SENSOR: %s', (_name, payload, error) => {
    expect(convertFromDevice('tasmota', 'tele/tasmota/SENSOR', payload, ctx)).toMatchObject({ ok: false, error });
  });

  it('refuses invalid UTF-8', () => {
    expect(convertFromDevice('tasmota', 'tele/tasmota/LWT', new Uint8Array([0xff]), ctx)).toMatchObject({ ok: false, error: 'not-json' });
  });

  it.each([
    ['tasmota', 'tele/tasmota/LWT', 'Maybe'],
    ['esp-rfid', 'tasmota/io/door', 'AJAR'],
    ['zigbee2mqtt', 'zigbee2mqtt/tasmota/availability', '{"state":"sleeping"}'],
    ['zigbee2mqtt', 'zigbee2mqtt/tasmota/availability', '{"state":'],
  ] as const)('%s: refuses %s = %s', (protocol, topic, payload) => {
    expect(convertFromDevice(protocol, topic, payload, ctx).ok).toBe(false);
  });
});

describe('documented variants: key case, UID forms, boolean forms', () => {
  const z2m = { topic: 'desk-07' };

  it.each([
    ['true', true],
    ['"true"', true],
    ['"ON"', true],
    ['"on"', true],
    ['false', false],
    ['"false"', false],
    ['"OFF"', false],
  ])('Zigbee2MQTT occupancy %s', (json, occupied) => {
    const result = convertFromDevice('zigbee2mqtt', 'zigbee2mqtt/desk-07', `{"occupancy":${json}}`, z2m);
    expect(result).toEqual({ ok: true, events: [{ type: 'presence', occupied }] });
  });

  it('Zigbee2MQTT contact as "ON" means closed', () => {
    const result = convertFromDevice('zigbee2mqtt', 'zigbee2mqtt/desk-07', '{"contact":"ON"}', z2m);
    expect(result).toEqual({ ok: true, events: [{ type: 'door', open: false }] });
  });

  it('Zigbee2MQTT ignores a boolean it cannot read and an out-of-range battery', () => {
    const result = convertFromDevice('zigbee2mqtt', 'zigbee2mqtt/desk-07', '{"occupancy":"maybe","battery":250}', z2m);
    expect(result).toEqual({ ok: true, events: [] });
  });

  it('Tasmota keys in any case', () => {
    const result = convertFromDevice('tasmota', 'tele/t/SENSOR', '{"time":"x","pn532":{"uid":"04a224b2c31f80"}}', { topic: 't' });
    expect(result).toEqual({ ok: true, events: [{ type: 'badge', uid: '04A224B2C31F80' }] });
  });

  it('Tasmota Wiegand UID as a quoted decimal', () => {
    const result = convertFromDevice('tasmota', 'tele/t/SENSOR', '{"Wiegand":{"UID":"12345678","Size":26}}', { topic: 't' });
    expect(result).toEqual({ ok: true, events: [{ type: 'badge', uid: '00BC614E' }] });
  });

  it('esp-rfid hyphenated and colon UIDs', () => {
    for (const uid of ['74-10-37-94', '74:10:37:94']) {
      const result = convertFromDevice('esp-rfid', 'x/send', `{"type":"access","uid":"${uid}"}`, { topic: 'x' });
      expect(result).toEqual({ ok: true, events: [{ type: 'badge', uid: '74103794' }] });
    }
  });

  it('esp-rfid keys and type values in any case', () => {
    const result = convertFromDevice('esp-rfid', 'x/send', '{"Type":"ACCESS","UID":"04A224B2"}', { topic: 'x' });
    expect(result).toEqual({ ok: true, events: [{ type: 'badge', uid: '04A224B2', printed: '04A224B2' }] });
  });

  it('esp-rfid Wiegand decimals need the device told, or are read in auto', () => {
    const payload = '{"type":"access","uid":"12345678"}';
    expect(convertFromDevice('esp-rfid', 'x/send', payload, { topic: 'x' })).toEqual({ ok: true, events: [{ type: 'badge', uid: '12345678', printed: '12345678' }] });
    expect(convertFromDevice('esp-rfid', 'x/send', payload, { topic: 'x', uidFormat: 'decimal' })).toEqual({
      ok: true,
      events: [{ type: 'badge', uid: '00BC614E' }],
    });
  });
});

describe('registry', () => {
  it('has one converter per foreign protocol', () => {
    expect(Object.keys(FIRMWARE_CONVERTERS).sort()).toEqual([...FOREIGN_PROTOCOLS].sort());
    for (const protocol of FOREIGN_PROTOCOLS) expect(FIRMWARE_CONVERTERS[protocol].protocol).toBe(protocol);
  });

  it('lists the exact topics to subscribe to per device', () => {
    expect(deviceSubscriptions('esp-rfid', { topic: '/rfid' })).toEqual(['/rfid/send', '/rfid/tag', '/rfid/io/door', '/rfid/avty']);
    expect(deviceSubscriptions('tasmota', { topic: 'door-1' })).toEqual(['tele/door-1/SENSOR', 'tele/door-1/LWT']);
    expect(deviceSubscriptions('zigbee2mqtt', { topic: 'desk-07', bridgeTopic: 'z2m' })).toEqual([
      'z2m/desk-07',
      'z2m/desk-07/availability',
      ...['occupancy', 'presence', 'presence_state', 'contact', 'battery'].map((key) => `z2m/desk-07/${key}`),
    ]);
  });
});

describe('espRfidSender: what tells esp-rfid readers sharing a topic apart', () => {
  it.each([
    ['boot: hostname', '{"type":"boot","time":1605987212,"uptime":"0","ip":"10.0.0.2","hostname":"esp-hall"}', { hostname: 'esp-hall' }],
    ['access: both', '{"uid":"74103794","username":"Anne","access":"Always","time":1,"doorName":"Entree","type":"access","isKnown":"true","hostname":"esp-hall"}', { hostname: 'esp-hall', doorName: 'Entree' }],
    ['multi-relay access: relay 1 door name', '{"uid":"74103794","doorName":["Entree","Garage"],"hostname":"esp-hall"}', { hostname: 'esp-hall', doorName: 'Entree' }],
    ['Home Assistant tag: door name only', '{"uid":"74103794","username":"Anne","access":"Always","time":1,"doorName":"Salle"}', { doorName: 'Salle' }],
    ['availability text: nobody', 'online', {}],
    ['names that are not strings: nobody', '{"hostname":12,"doorName":[3]}', {}],
  ])('%s', (_name, payload, expected) => {
    expect(espRfidSender(payload)).toEqual(expected);
  });
});
