// Which broker subscriptions a deleted foreign device leaves behind: none that no device left needs.
// The broker is a recorder of subscribe/unsubscribe (the external broker's client is what is
// observed); registry, ownership and configuration are the real ones.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config/app-config.js';
import type { BrokerService } from '../infra/mqtt/broker.service.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import type { Clock } from '../infra/clock.js';
import { DeviceIngestion } from './device-ingestion.js';
import type { DeviceEvents } from './device-events.js';
import type { DeviceMonitor } from './device-monitor.js';
import { DeviceRegistry } from './device-registry.js';
import type { Device } from './device.types.js';

const external = { MQTT_URL: 'mqtt://h:1883' };
const cluster = { ...external, DATABASE_URL: 'postgres://x@h/db', CANTINE_SECRET_KEY: 'a'.repeat(44), CANTINE_CLUSTER: '1', CANTINE_INSTANCE_ID: 'a' };
const createdAt = new Date('2026-03-02T08:00:00Z');

const bridge = (id: string, site: string, topic: string): Device => ({ id, kind: 'bridge', site, protocol: 'zigbee2mqtt', topic, createdAt });
const z2mDesk = (id: string, site: string, bridgeId: string, topic: string): Device => ({ id, kind: 'desk-sensor', site, protocol: 'zigbee2mqtt', bridge: bridgeId, desk: id, topic, createdAt });
const espReader = (id: string, site: string, topic: string): Device => ({ id, kind: 'reader', site, protocol: 'esp-rfid', door: 'entrance', topic, hostname: id, createdAt });
const tasmota = (id: string, site: string): Device => ({ id, kind: 'reader', site, protocol: 'tasmota', door: 'entrance', topic: id, createdAt });

/** An ingestion over a broker that records what is subscribed (`away`: its unsubscriptions never get an answer). */
function ingestion(env: Record<string, string>, devices: Device[], away = false) {
  const config = loadConfig(env);
  const registry = new DeviceRegistry(config);
  for (const device of devices) registry.add(device);
  const subscriptions = new Set<string>();
  const broker = {
    subscribe: async (topic: string) => void subscriptions.add(topic),
    unsubscribe: async (topic: string) => {
      if (!subscriptions.delete(topic)) throw new Error(`not subscribed to ${topic}`);
      if (away) await new Promise(() => undefined);
    },
  } as unknown as BrokerService;
  const ownership = new SiteOwnership(config);
  const ingest = new DeviceIngestion(broker, registry, {} as DeviceMonitor, {} as DeviceEvents, config, ownership, {} as Clock);
  /** As DeviceLifecycle and DeviceChangeBus delete: out of the registry, then its topics. */
  const remove = async (device: Device) => {
    registry.remove(device.id);
    // Awaited as whatever it returns: an unwatch that waited for the broker would show here.
    const unwatched: unknown = ingest.unwatch(device);
    await unwatched;
  };
  const foreign = () => [...subscriptions].filter((topic) => !topic.startsWith('cantine/')).sort();
  return { ingest, registry, subscriptions, remove, foreign, topicsOf: (device: Device) => registry.topicsOf(device) };
}

describe('a deleted foreign device stops being listened to', () => {
  it('cluster: a Zigbee2MQTT sensor’s topics go; its bridge and a sibling sensor keep theirs', async () => {
    const b = bridge('zb', 's1', 'zb-base');
    const one = z2mDesk('desk-01', 's1', 'zb', 'bureau-1');
    const two = z2mDesk('desk-02', 's1', 'zb', 'bureau-2');
    const { ingest, remove, foreign, topicsOf } = ingestion(cluster, [b, one, two]);
    await ingest.listenTo('s1');
    expect(foreign()).toEqual([...topicsOf(b), ...topicsOf(one), ...topicsOf(two)].sort());
    await remove(one);
    expect(foreign()).toEqual([...topicsOf(b), ...topicsOf(two)].sort());
    await remove(two);
    await remove(b);
    expect(foreign()).toEqual([]);
  });

  it('cluster: an esp-rfid topic shared by two readers stays until the last one goes', async () => {
    const first = espReader('r1', 's1', 'esp/shared');
    const second = espReader('r2', 's1', 'esp/shared');
    const { ingest, remove, foreign, topicsOf } = ingestion(cluster, [first, second]);
    await ingest.listenTo('s1');
    await remove(first);
    expect(foreign()).toEqual(topicsOf(second).sort());
    await remove(second);
    expect(foreign()).toEqual([]);
  });

  // Two bridges never share a base topic (the registry refuses the second: device-registry.spec.ts);
  // esp-rfid readers of two sites may share one.
  it('cluster: a topic shared with another owned site’s esp-rfid reader stays', async () => {
    const here = espReader('esp-1', 's1', 'porte');
    const there = espReader('esp-2', 's2', 'porte');
    const { ingest, registry, remove, foreign } = ingestion(cluster, [here, there]);
    await ingest.listenTo('s1');
    await ingest.listenTo('s2');
    await remove(here);
    expect(foreign()).toEqual(registry.topicsOf(there).sort());
    await remove(there);
    expect(foreign()).toEqual([]);
  });

  it('cluster: a device provisioned after the site was taken goes too; the site’s native topics stay', async () => {
    const reader = tasmota('tas-1', 's1');
    const { ingest, registry, subscriptions, remove, foreign } = ingestion(cluster, []);
    await ingest.listenTo('s1');
    const native = [...subscriptions];
    registry.add(reader);
    await ingest.watch(reader);
    expect(foreign()).not.toEqual([]);
    await remove(reader);
    expect(foreign()).toEqual([]);
    expect([...subscriptions]).toEqual(native);
  });

  it('cluster: a device of a site owned elsewhere was never listened to, and nothing is unsubscribed', async () => {
    const reader = tasmota('tas-1', 's2');
    const { ingest, subscriptions, remove } = ingestion(cluster, [reader]);
    await ingest.listenTo('s1');
    const before = [...subscriptions];
    await remove(reader); // the recorder throws on a topic it does not hold
    expect([...subscriptions]).toEqual(before);
  });

  it('cluster: a site handed over after the deletion unsubscribes the rest once, not the deleted topics again', async () => {
    const reader = tasmota('tas-1', 's1');
    const { ingest, subscriptions, remove } = ingestion(cluster, [reader]);
    await ingest.listenTo('s1');
    await remove(reader);
    await ingest.stopListening('s1');
    expect([...subscriptions]).toEqual([]);
  });

  it('one process on an external broker: a Tasmota reader’s topics go, a shared esp-rfid topic stays', async () => {
    const reader = tasmota('tas-1', 's1');
    const first = espReader('r1', 's1', 'esp/shared');
    const second = espReader('r2', 's1', 'esp/shared');
    const { ingest, remove, foreign, topicsOf } = ingestion(external, [reader, first, second]);
    for (const device of [reader, first, second]) await ingest.watch(device);
    await remove(reader);
    await remove(first);
    expect(foreign()).toEqual(topicsOf(second).sort());
  });

  it('one process on the embedded broker: its in-process subscriptions stay (it has no unsubscribe)', async () => {
    const reader = tasmota('tas-1', 's1');
    const { ingest, remove, foreign, topicsOf } = ingestion({}, [reader]);
    await ingest.watch(reader);
    await remove(reader);
    expect(foreign()).toEqual(topicsOf(reader).sort());
  });

  it('cluster: the deletion does not wait for a broker that is away (MQTT.js answers once it is back)', async () => {
    const reader = tasmota('tas-1', 's1');
    const { ingest, remove, foreign } = ingestion(cluster, [reader], true);
    await ingest.listenTo('s1');
    const outcome = await Promise.race([remove(reader).then(() => 'done'), new Promise((resolve) => setImmediate(() => resolve('still waiting')))]);
    expect(outcome).toBe('done');
    expect(foreign()).toEqual([]);
  });
});
