import { describe, expect, it } from 'vitest';
import { deviceAcl, filterCovers, filtersOverlap, mayPublish, mayReceive, maySubscribe, publishFate } from './device-acl.js';
import type { Device } from './device.types.js';

const make = (device: Partial<Device>): Device => ({ id: 'd1', kind: 'reader', site: 'quimper', protocol: 'native', createdAt: new Date(), ...device });

describe('what a device may publish and subscribe to', () => {
  it.each([
    ['a native reader', make({ door: 'entrance' }), ['cantine/quimper/readers/d1/badge', 'cantine/quimper/devices/d1/status'], ['cantine/quimper/readers/d2/badge', 'cantine/quimper/readers/d1/decision', 'cantine/quimper/devices/d2/status']],
    ['a native door sensor', make({ kind: 'door-sensor', door: 'entrance' }), ['cantine/quimper/doors/entrance/state'], ['cantine/quimper/doors/open-space/state', 'cantine/quimper/desks/desk-01/presence']],
    ['a native desk sensor', make({ kind: 'desk-sensor', desk: 'desk-07' }), ['cantine/quimper/desks/desk-07/presence'], ['cantine/quimper/desks/desk-08/presence', 'cantine/other/desks/desk-07/presence']],
    ['a Tasmota reader', make({ protocol: 'tasmota', topic: 'door-1' }), ['tele/door-1/SENSOR', 'tele/door-1/LWT', 'stat/door-1/RESULT'], ['cmnd/door-1/POWER', 'tele/door-2/SENSOR']],
    ['an esp-rfid reader', make({ protocol: 'esp-rfid', topic: '/rfid' }), ['/rfid/send', '/rfid/io/door'], ['/rfid2/send', 'rfid/send']],
    ['a Zigbee2MQTT bridge', make({ kind: 'bridge', protocol: 'zigbee2mqtt', topic: 'zigbee2mqtt' }), ['zigbee2mqtt/desk-07', 'zigbee2mqtt/bridge/state'], ['z2m/desk-07', 'cantine/quimper/seats']],
    ['a Zigbee2MQTT sensor (never connects)', make({ kind: 'desk-sensor', desk: 'desk-07', protocol: 'zigbee2mqtt', topic: 'desk-07', bridge: 'b' }), [], ['zigbee2mqtt/desk-07']],
  ])('%s', (_case, device, allowed, refused) => {
    const acl = deviceAcl(device, 'cantine');
    for (const topic of allowed) expect(mayPublish(acl, topic), topic).toBe(true);
    for (const topic of refused) expect(mayPublish(acl, topic), topic).toBe(false);
  });

  const devices = {
    tasmota: make({ protocol: 'tasmota', topic: 'door-1' }),
    'esp-rfid': make({ protocol: 'esp-rfid', topic: '/rfid' }),
    bridge: make({ kind: 'bridge', protocol: 'zigbee2mqtt', topic: 'zigbee2mqtt' }),
    native: make({ door: 'entrance' }),
  };
  const read = new Set(['tele/door-1/SENSOR', 'tele/door-1/LWT', '/rfid/send', 'zigbee2mqtt/bridge/state', 'zigbee2mqtt/desk-07']);
  it.each([
    ['tele/door-1/SENSOR', 'tasmota', 'read'],
    ['tele/door-1/STATE', 'tasmota', 'discard'],
    ['stat/door-1/RESULT', 'tasmota', 'discard'],
    ['cmnd/door-1/POWER', 'tasmota', 'discard'],
    ['tasmota/discovery/A4CF12B3C4D5/config', 'tasmota', 'discard'],
    ['tasmota/discovery/A4CF12B3C4D5/sensors', 'tasmota', 'discard'],
    ['homeassistant/switch/A4CF12_RL_1/config', 'tasmota', 'discard'],
    ['tasmota/discovery/A4CF12B3C4D5/other', 'tasmota', 'refuse'],
    ['cmnd/door-2/POWER', 'tasmota', 'refuse'],
    ['tele/door-2/SENSOR', 'tasmota', 'refuse'],
    ['/rfid/send', 'esp-rfid', 'read'],
    ['homeassistant/lock/esp-rfid/config', 'esp-rfid', 'discard'],
    ['/rfid2/send', 'esp-rfid', 'refuse'],
    ['zigbee2mqtt/desk-07', 'bridge', 'read'],
    ['zigbee2mqtt/bridge/info', 'bridge', 'discard'],
    ['homeassistant/binary_sensor/0x00158d0001a9ec71/occupancy/config', 'bridge', 'discard'],
    ['z2m/desk-07', 'bridge', 'refuse'],
    ['homeassistant/lock/x/config', 'native', 'refuse'],
  ] as const)('a publish on %s by %s: %s', (topic, device, fate) => {
    expect(publishFate(deviceAcl(devices[device], 'cantine'), topic, (t) => read.has(t))).toBe(fate);
  });

  it('lets a native reader subscribe to its decision, its allow-list and the seats only', () => {
    const acl = deviceAcl(make({ door: 'entrance' }), 'cantine');
    expect(['cantine/quimper/readers/d1/decision', 'cantine/quimper/readers/d1/allow-list', 'cantine/quimper/seats'].map((f) => maySubscribe(acl, f, 'd1'))).toEqual([true, true, true]);
    expect(maySubscribe(acl, 'cantine/quimper/readers/d2/allow-list', 'd1')).toBe(false);
    expect(['cantine/quimper/readers/+/decision', 'cantine/#', '#', '$SYS/#', 'cantine/quimper/readers/d1/badge'].map((f) => maySubscribe(acl, f, 'd1'))).toEqual([false, false, false, false, false]);
  });

  // What stock firmware subscribes to at connect (fixtures/stock): granted, fed nothing outside its own topics.
  it.each([
    ['tasmota', 'cmnd/door-1/#', 'DVES_4F21A0', true],
    ['tasmota', 'cmnd/tasmotas/#', 'DVES_4F21A0', true],
    ['tasmota', 'cmnd/DVES_4F21A0_fb/#', 'DVES_4F21A0', true],
    ['tasmota', 'cmnd/DVES_000000_fb/#', 'DVES_4F21A0', false],
    ['tasmota', 'cmnd/door-2/#', 'DVES_4F21A0', false],
    ['tasmota', 'cmnd/#', 'DVES_4F21A0', false],
    ['tasmota', 'cmnd/a/door-2/#', 'a/#/b', false],
    ['tasmota', 'homeassistant/#', 'DVES_4F21A0', false],
    ['bridge', 'homeassistant/status', 'mqttjs_5c1e9a7b', true],
    ['bridge', 'homeassistant/#', 'mqttjs_5c1e9a7b', true],
    ['bridge', 'cmnd/tasmotas/#', 'mqttjs_5c1e9a7b', false],
    ['esp-rfid', '/rfid/cmd', 'esp8266-3a91f0', true],
    ['esp-rfid', 'homeassistant/#', 'esp8266-3a91f0', false],
    ['native', 'homeassistant/#', 'd1', false],
  ] as const)('a %s subscribing to %s as %s: %s', (device, filter, clientId, granted) => {
    expect(maySubscribe(deviceAcl(devices[device], 'cantine'), filter, clientId)).toBe(granted);
  });

  it.each([
    ['tasmota', 'cmnd/door-1/POWER', true],
    ['tasmota', 'cmnd/tasmotas/POWER', false],
    ['tasmota', 'cmnd/DVES_4F21A0_fb/POWER', false],
    ['bridge', 'zigbee2mqtt/bridge/request/permit_join', true],
    ['bridge', 'homeassistant/status', false],
    ['bridge', 'homeassistant/lock/esp-rfid/config', false],
    ['native', 'cantine/quimper/readers/d1/decision', true],
  ] as const)('a %s is delivered %s: %s', (device, topic, delivered) => {
    expect(mayReceive(deviceAcl(devices[device], 'cantine'), topic)).toBe(delivered);
  });

  it.each([
    ['cmnd/t/#', 'cmnd/t/POWER', true],
    ['cmnd/t/#', 'cmnd/t/#', true],
    ['cmnd/t/#', 'cmnd/+/POWER', false],
    ['cmnd/t/#', '#', false],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/+/c', true],
    ['a/b/c', 'a/+/c', false],
    ['a/b', 'a/b/c', false],
  ])('%s covers %s: %s', (allowed, requested, covers) => {
    expect(filterCovers(allowed, requested)).toBe(covers);
  });

  it.each([
    ['tele/a/#', 'tele/#', true],
    ['tele/a/#', 'tele/b/#', false],
    ['/rfid/#', '/rfid-w/#', false],
    ['z/desk-07', 'z/desk-07/availability', false],
    ['z/+', 'z/desk-07', true],
    ['cantine/#', 'cantine', true],
  ])('%s and %s overlap: %s', (a, b, overlap) => {
    expect(filtersOverlap(a, b)).toBe(overlap);
  });
});
