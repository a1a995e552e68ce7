import { describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../infra/config/app-config.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { DeviceChanges, type DeviceChange } from './device-changes.js';
import { DeviceEvents, type DeviceStatusEvent } from './device-events.js';
import { DeviceMonitor, FLUSH_CHUNK } from './device-monitor.js';
import { DeviceRegistry } from './device-registry.js';
import type { Device, DeviceState } from './device.types.js';
import type { DevicesRepository } from './devices.repository.js';
import type { BufferedTimeSeriesWriter, TimePoint } from '../infra/timeseries/index.js';

function setup() {
  const registry = new DeviceRegistry({ mqtt: { topicRoot: 'cantine' } } as AppConfig);
  const saved: Array<ReadonlyArray<[string, DeviceState]>> = [];
  const repository = {
    saveStates: async (states: ReadonlyArray<[string, DeviceState]>) => void saved.push(states),
  } as unknown as DevicesRepository;
  const events = new DeviceEvents();
  const statuses: DeviceStatusEvent[] = [];
  events.on('device-status', (event) => statuses.push(event));
  const changes = new DeviceChanges();
  const changed: DeviceChange[] = [];
  changes.on((change) => changed.push(change));
  const config = loadConfig({ DEVICE_OFFLINE_READER_S: '300', DEVICE_OFFLINE_DESK_SENSOR_S: '1800' });
  const points: TimePoint[] = [];
  const series = { write: (point: TimePoint) => void points.push(point) } as unknown as BufferedTimeSeriesWriter;
  const monitor = new DeviceMonitor(registry, repository, events, changes, config, series, new SiteOwnership(loadConfig({})));
  const reader: Device = { id: 'r1', kind: 'reader', site: 'quimper', protocol: 'native', door: 'entrance', createdAt: new Date(0) };
  const desk: Device = { id: 's1', kind: 'desk-sensor', site: 'quimper', protocol: 'native', desk: 'desk-07', createdAt: new Date(0) };
  registry.add(reader);
  registry.add(desk);
  return { monitor, statuses, changed, saved, points, registry };
}

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, seconds));

describe('device online state', () => {
  it('publishes a device-status event on each online change, not on every message', () => {
    const { monitor, statuses } = setup();
    monitor.seen('r1', { fw: '1.0' }, at(0));
    monitor.seen('r1', {}, at(10));
    monitor.seen('r1', { online: false }, at(20));
    expect(statuses.map((s) => [s.deviceId, s.online, s.door])).toEqual([
      ['r1', true, 'entrance'],
      ['r1', false, 'entrance'],
    ]);
    expect(monitor.stateOf('r1')).toMatchObject({ online: false, fw: '1.0', lastSeen: at(10) });
  });

  it('passes on an offline report from a device it believes offline already: its desk may be live in a restored snapshot', () => {
    const { monitor, statuses } = setup();
    // Never heard by this process (a site just taken over; after a restart every device starts offline too).
    monitor.seen('s1', { online: false }, at(5));
    monitor.seen('s1', {}, at(6));
    monitor.seen('s1', { online: false }, at(7));
    expect(statuses.map((s) => [s.deviceId, s.online, s.desk])).toEqual([
      ['s1', false, 'desk-07'],
      ['s1', true, 'desk-07'],
      ['s1', false, 'desk-07'],
    ]);
  });

  it('marks a device offline after the silence its kind allows', () => {
    const { monitor, statuses } = setup();
    monitor.seen('r1', {}, at(0));
    monitor.seen('s1', {}, at(0));
    monitor.sweep(at(300));
    expect(monitor.stateOf('r1').online).toBe(true);
    monitor.sweep(at(301));
    expect([monitor.stateOf('r1').online, monitor.stateOf('s1').online]).toEqual([false, true]);
    monitor.sweep(at(1801));
    expect(statuses.filter((s) => !s.online).map((s) => s.deviceId)).toEqual(['r1', 's1']);
  });

  it('tells the manager about visible changes only, and writes states in batches', async () => {
    const { monitor, changed, saved } = setup();
    monitor.seen('s1', { battery: 90 }, at(0));
    monitor.seen('s1', { battery: 90 }, at(1));
    monitor.seen('s1', { battery: 89 }, at(2));
    monitor.seen('r1', {}, at(2));
    monitor.drop('s1', 'malformed');
    expect(changed.map((c) => [c.device.id, c.device.battery])).toEqual([['s1', 90], ['s1', 89], ['r1', null]]);
    await monitor.flush();
    await monitor.flush();
    // The second flush has nothing left to write.
    expect(saved).toHaveLength(1);
    expect(saved[0]!.map(([id]) => id).sort()).toEqual(['r1', 's1']);
    expect(monitor.view({ id: 's1', kind: 'desk-sensor', site: 'quimper', protocol: 'native', createdAt: new Date(0) }).errors.malformed).toBe(1);
  });

  it('writes a large fleet a chunk per transaction, every state once', async () => {
    const { monitor, saved, registry } = setup();
    const ids = Array.from({ length: 2 * FLUSH_CHUNK + 50 }, (_, i) => `s-${i}`);
    for (const id of ids) registry.add({ id, kind: 'desk-sensor', site: 'quimper', protocol: 'native', desk: id, createdAt: new Date(0) });
    for (const id of ids) monitor.seen(id, { battery: 80 }, at(0));
    await monitor.flush();
    expect(saved.map((chunk) => chunk.length)).toEqual([FLUSH_CHUNK, FLUSH_CHUNK, 50]);
    expect(saved.flat().map(([id]) => id).sort()).toEqual([...ids].sort());
  });

  it('ignores messages for devices it does not know', () => {
    const { monitor, statuses } = setup();
    monitor.seen('ghost', {}, at(0));
    expect(statuses).toEqual([]);
  });
});

describe('device health history', () => {
  it('writes a device_health point when online, battery or signal change, never with a person', () => {
    const { monitor, points } = setup();
    monitor.seen('s1', { battery: 90, rssi: -60 }, at(0));
    monitor.seen('s1', { battery: 90, rssi: -60 }, at(10));
    monitor.seen('s1', { battery: 89, rssi: -60 }, at(20));
    monitor.seen('s1', { online: false }, at(30));
    expect(points.map((p) => [p.measurement, p.tags, p.fields])).toEqual([
      ['device_health', { site: 'quimper', device: 's1', kind: 'desk-sensor' }, { online: 1, battery: 90, rssi: -60 }],
      ['device_health', { site: 'quimper', device: 's1', kind: 'desk-sensor' }, { online: 1, battery: 89, rssi: -60 }],
      ['device_health', { site: 'quimper', device: 's1', kind: 'desk-sensor' }, { online: 0, battery: 89, rssi: -60 }],
    ]);
  });
});
