// One device per foreign topic (docs/devices.md: an overlapping topic is `409 topic` at
// provisioning), also for rows that got past that check: a cluster's concurrent provisioning
// through two instances, or rows written before it.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config/app-config.js';
import { DeviceRegistry, TopicTaken } from './device-registry.js';
import type { Device } from './device.types.js';

const createdAt = new Date('2026-03-02T08:00:00Z');
const bridge = (id: string, site: string, topic: string): Device => ({ id, kind: 'bridge', site, protocol: 'zigbee2mqtt', topic, createdAt });
const z2mDesk = (id: string, bridgeId: string, topic: string): Device => ({ id, kind: 'desk-sensor', site: 's1', protocol: 'zigbee2mqtt', bridge: bridgeId, desk: id, topic, createdAt });
const espReader = (id: string, site: string): Device => ({ id, kind: 'reader', site, protocol: 'esp-rfid', door: 'entrance', topic: 'porte', hostname: id, createdAt });

describe('DeviceRegistry: who a foreign topic is read for', () => {
  const registry = () => new DeviceRegistry(loadConfig({}));

  it.each([
    ['of one site', 's1'],
    ['of another site', 's2'],
  ])('a second Zigbee2MQTT bridge on a base topic already read (%s) is refused, and the first keeps it', (_case, site) => {
    const devices = registry();
    devices.add(bridge('zb-1', 's1', 'zigbee2mqtt'));
    expect(() => devices.add(bridge('zb-2', site, 'zigbee2mqtt'))).toThrow(new TopicTaken('zigbee2mqtt/bridge/state', 'zb-1'));
    expect(devices.get('zb-2')).toBeUndefined();
    expect(devices.acl('zb-2')).toBeUndefined();
    expect(devices.route('zigbee2mqtt/bridge/state')).toMatchObject({ device: { id: 'zb-1' }, role: 'bridge-state' });
    // Forgetting the refused one (as a failed provisioning undoes itself) leaves the first as it was.
    devices.remove('zb-2');
    expect(devices.route('zigbee2mqtt/bridge/state')?.device.id).toBe('zb-1');
  });

  it('a sensor whose topic another bridge\'s sensor already has is refused', () => {
    const devices = registry();
    devices.add(bridge('zb-1', 's1', 'zigbee2mqtt'));
    devices.add(bridge('zb-2', 's1', 'zigbee2mqtt/etage'));
    devices.add(z2mDesk('desk-01', 'zb-1', 'etage/bureau'));
    expect(() => devices.add(z2mDesk('desk-02', 'zb-2', 'bureau'))).toThrow(TopicTaken);
    expect(devices.route('zigbee2mqtt/etage/bureau')?.device.id).toBe('desk-01');
    expect(devices.deskSensor('s1', 'desk-02')).toBeUndefined();
  });

  it('esp-rfid readers still share a topic, whatever their site', () => {
    const devices = registry();
    devices.add(espReader('esp-1', 's1'));
    devices.add(espReader('esp-2', 's2'));
    expect(devices.route('porte/send')?.peers?.map((peer) => peer.id)).toEqual(['esp-1', 'esp-2']);
  });

  it('a device added again under its own id (a move: removed, then added) keeps its topics', () => {
    const devices = registry();
    const first = bridge('zb-1', 's1', 'zigbee2mqtt');
    devices.add(first);
    devices.add({ ...first, name: 'Pont du rez-de-chaussée' });
    expect(devices.route('zigbee2mqtt/bridge/state')?.device.name).toBe('Pont du rez-de-chaussée');
  });
});
