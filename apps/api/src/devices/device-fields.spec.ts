import { describe, expect, it } from 'vitest';
import { idProblem, storedDeviceProblem, topicProblem } from './device-fields.js';
import type { Device } from './device.types.js';

describe('device ids', () => {
  it.each([
    ['entrance-reader', null],
    ['reader\n', /contrôle/],
    ['Reader', /a-z/],
    ['a b', /a-z/],
    ['cantine', /réservé/],
    ['admin', /réservé/],
    ['cantine-service', /réservé/],
    ['cantine-service-2', /réservé/],
    ['cantine-hall', null],
  ])('%j → %s', (id, expected) => {
    const problem = idProblem(id);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('refuses the configured MQTT_USERNAME too', () => {
    expect(idProblem('passerelle', 'passerelle')).toMatch(/réservé/);
    expect(idProblem('passerelle')).toBeNull();
  });
});

describe('base topics', () => {
  it.each([
    ['tasmota', 'tasmota_4C1A2B', 'reader', null],
    ['tasmota', 'porte\n', 'reader', /contrôle/],
    ['esp-rfid', 'porte\u0085', 'reader', /contrôle/],
    ['esp-rfid', 'porte\r', 'reader', /contrôle/],
    ['tasmota', 'porte entree', 'reader', /espace/],
    ['esp-rfid', 'porte entree', 'reader', /espace/],
    ['zigbee2mqtt', 'bureau 12', 'desk-sensor', null],
    ['zigbee2mqtt', 'bureau 12 ', 'desk-sensor', /fin/],
    ['zigbee2mqtt', 'salle /bureau', 'desk-sensor', /autour/],
    ['zigbee2mqtt', 'base topic', 'bridge', /espace/],
    ['tasmota', 'a/+/b', 'reader', /jokers/],
    ['tasmota', 'a/#', 'reader', /jokers/],
    ['esp-rfid', 'a$b', 'reader', /\$/],
    ['esp-rfid', '$SYS', 'reader', /\$/],
    ['esp-rfid', 'a//b', 'reader', /vide/],
    ['esp-rfid', 'a/', 'reader', /vide/],
    ['esp-rfid', '', 'reader', /vide/],
    ['esp-rfid', 'x'.repeat(121), 'reader', /120/],
  ] as const)('%s %j (%s) → %s', (protocol, topic, kind, expected) => {
    const problem = topicProblem(topic, protocol, kind);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('stored rows', () => {
  const device = (fields: Partial<Device>): Device => ({ id: 'r1', kind: 'reader', site: 'quimper', protocol: 'tasmota', door: 'entrance', topic: 't', createdAt: new Date(0), ...fields });

  it('finds what would break the broker, and leaves milder faults alone', () => {
    expect(storedDeviceProblem(device({}))).toBeNull();
    expect(storedDeviceProblem(device({ topic: 'with space' }))).toBeNull();
    expect(storedDeviceProblem(device({ topic: 't\nuser evil' }))).toMatch(/control/);
    expect(storedDeviceProblem(device({ topic: 't/#' }))).toMatch(/wildcard/);
    expect(storedDeviceProblem(device({ id: 'R 1' }))).toMatch(/id/);
    expect(storedDeviceProblem(device({ id: 'passerelle' }), 'passerelle')).toMatch(/MQTT_USERNAME/);
  });
});
