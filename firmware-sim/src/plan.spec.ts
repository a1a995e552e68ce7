import { isValidId } from '#protocol';
import { describe, expect, it } from 'vitest';
import { planDevices, PROTOCOL_CHOICES } from './plan.js';
import { readSiteFile } from './site.js';

const quimper = readSiteFile('quimper')!;

describe('device plan for the demo site', () => {
  it.each(PROTOCOL_CHOICES)('%s: a reader per door, a sensor per desk, valid unique ids', (choice) => {
    const devices = planDevices(quimper, choice);
    const ids = devices.map((device) => device.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isValidId(id)).toBe(true);
    expect(devices.filter((device) => device.kind === 'reader').map((device) => device.door)).toEqual(['entrance', 'open-space', 'event-room']);
    expect(devices.filter((device) => device.kind === 'desk-sensor')).toHaveLength(24);
    for (const device of devices.filter((d) => d.protocol === 'zigbee2mqtt' && d.kind !== 'bridge')) expect(device.bridge).toBe(devices[0]!.id);
  });

  it('puts the bridge first, only when a Zigbee2MQTT sensor needs one', () => {
    expect(planDevices(quimper, 'zigbee2mqtt')[0]).toEqual({ id: 'quimper-z2m-bridge', kind: 'bridge', protocol: 'zigbee2mqtt', topic: 'zigbee2mqtt-quimper' });
    expect(planDevices(quimper, 'native').some((device) => device.kind === 'bridge')).toBe(false);
  });

  it('mixed shows every dialect; an esp-rfid door needs no separate contact', () => {
    const devices = planDevices(quimper, 'mixed');
    expect(new Set(devices.map((device) => device.protocol))).toEqual(new Set(['native', 'esp-rfid', 'tasmota', 'zigbee2mqtt']));
    const espDoor = devices.find((device) => device.protocol === 'esp-rfid')!.door;
    expect(devices.some((device) => device.kind === 'door-sensor' && device.door === espDoor)).toBe(false);
  });

  it('adds native load readers on request, on the doors in turn', () => {
    const extra = planDevices(quimper, 'native', 4).filter((device) => device.id.startsWith('load-'));
    expect(extra.map((device) => `${device.id}@${device.door}`)).toEqual(['load-reader-001@entrance', 'load-reader-002@open-space', 'load-reader-003@event-room', 'load-reader-004@entrance']);
  });
});
