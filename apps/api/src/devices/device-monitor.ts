// What each device last said about itself: online or not, last seen, battery, signal, firmware,
// and how many of its messages were dropped and why. Kept in memory, written to the database in
// batches (every DEVICE_STATE_FLUSH_S, and at shutdown), never once per message.
import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ContactHistory } from './contact-history.js';
import { DeviceEvents, type DeviceStatusEvent } from './device-events.js';
import { DeviceChanges } from './device-changes.js';
import { DeviceRegistry } from './device-registry.js';
import { DROP_CAUSES, type Device, type DeviceState, type DeviceView, type DropCause } from './device.types.js';
import { DevicesRepository, type StoredDevice } from './devices.repository.js';
import { deviceHealthPoint } from '../analytics/series-schema.js';
import { BufferedTimeSeriesWriter } from '../infra/timeseries/index.js';
import { AppConfig } from '../infra/config/app-config.js';
import { SiteOwnership } from '../infra/site-ownership.js';

/** What a message says about its device; `online` absent means "it spoke, so it is online". */
export type StatusReport = Partial<Omit<DeviceState, 'lastSeen'>>;

const visibleFields = ['online', 'battery', 'rssi', 'linkquality', 'fw'] as const;
/**
 * Longest silence inside one contact: a live MQTT session pings at least every keepalive (60 s is
 * MQTT.js's default; firmware-sim uses 30 s), and brokers allow 1.5 keepalives.
 */
const CONTACT_GAP_MS = 90_000;
/** Device states written per transaction by flush(). */
export const FLUSH_CHUNK = 100;

@Injectable()
export class DeviceMonitor implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Devices');
  private readonly states = new Map<string, DeviceState>();
  private readonly drops = new Map<string, Record<DropCause, number>>();
  private readonly dirty = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private readonly contacts = new ContactHistory(CONTACT_GAP_MS);

  constructor(
    private readonly registry: DeviceRegistry,
    private readonly repository: DevicesRepository,
    private readonly events: DeviceEvents,
    private readonly changes: DeviceChanges,
    private readonly config: AppConfig,
    private readonly series: BufferedTimeSeriesWriter,
    private readonly ownership: SiteOwnership,
  ) {}

  /**
   * Restores what was persisted, every device offline: after a restart only a fresh message (or,
   * on the embedded broker, a fresh connection) proves a device is there.
   */
  start(stored: StoredDevice[]): void {
    for (const { device, state } of stored) this.states.set(device.id, { ...state, online: false });
    const shortest = Math.min(this.config.devices.zigbeeOfflineAfterMs, ...Object.values(this.config.devices.offlineAfterMs));
    const sweepEvery = Math.min(30_000, Math.max(250, shortest / 10));
    this.timers = [setInterval(() => this.sweep(), sweepEvery), setInterval(() => void this.flush(), this.config.devices.flushEveryMs)];
    for (const timer of this.timers) timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.flush();
  }

  stateOf(id: string): DeviceState {
    return this.states.get(id) ?? { online: false };
  }

  /** A message from (or a keepalive of) the device. */
  seen(id: string, report: StatusReport = {}, now = new Date()): void {
    const device = this.registry.get(id);
    if (!device) return;
    const before = this.stateOf(id);
    this.contacts.heard(id, now.getTime(), report.online);
    const online = report.online ?? true;
    const defined = Object.fromEntries(Object.entries(report).filter(([, value]) => value !== undefined));
    // An offline report (a last will, an availability "offline") says nothing about when it was last heard.
    const next: DeviceState = { ...before, ...defined, online, ...(online ? { lastSeen: now } : {}) };
    this.update(device, before, next, now);
    // Offline here may be a guess: a device never heard by this process (a site just taken over from
    // another instance) or any device after a restart, while its desk, restored from the owner's
    // snapshot, is live. Told only on a change, the sensor's own offline report was ignored and the
    // desk stayed live until its heartbeat ran out (30 min; bench --cluster's 2-instance ingestion
    // miss). Told again, an already offline desk stays as it is.
    if (report.online === false && !before.online) this.events.publish(statusEvent(device, next, now));
  }

  /** A device deleted: what it was bound to hears it go offline, and its state is dropped. */
  forget(device: Device, now = new Date()): void {
    const state = this.states.get(device.id);
    this.states.delete(device.id);
    this.drops.delete(device.id);
    this.dirty.delete(device.id);
    this.contacts.forget(device.id);
    if (state?.online) this.events.publish(statusEvent(device, { ...state, online: false }, now));
  }

  /** A device moved: its old desk or door loses a live sensor, the new one gains it. */
  moved(before: Device, after: Device, now = new Date()): void {
    const state = this.stateOf(after.id);
    if (!state.online) return;
    this.events.publish(statusEvent(before, { ...state, online: false }, now));
    this.events.publish(statusEvent(after, state, now));
  }

  /** Whether the service was hearing the device at `at` (undefined: it cannot tell, e.g. before its start). */
  wasHearing(id: string, at: Date): boolean | undefined {
    return this.contacts.wasHearing(id, at.getTime());
  }

  /** Counts a dropped message against its device. */
  drop(id: string, cause: DropCause): void {
    const counts = this.drops.get(id) ?? emptyCounts();
    counts[cause]++;
    this.drops.set(id, counts);
  }

  /**
   * Marks offline every device silent for longer than its kind allows; in a cluster, only those of
   * the sites owned here (a site handed over is heard, and its devices kept, by its new owner).
   */
  sweep(now = new Date()): void {
    for (const [id, state] of this.states) {
      const device = this.registry.get(id);
      if (!device || !state.online || !state.lastSeen || !this.ownership.owns(device.site)) continue;
      if (now.getTime() - state.lastSeen.getTime() > this.offlineAfterMs(device)) {
        this.update(device, state, { ...state, online: false }, now);
      }
    }
  }

  /** Every device as `GET /api/devices` shows it, by site then id. */
  views(): DeviceView[] {
    const devices = this.registry.all().sort((a, b) => a.site.localeCompare(b.site) || a.id.localeCompare(b.id));
    return devices.map((device) => this.view(device));
  }

  view(device: Device, state = this.stateOf(device.id)): DeviceView {
    const { createdAt, ...provisioned } = device;
    return {
      ...provisioned,
      createdAt: createdAt.toISOString(),
      online: state.online,
      lastSeen: state.lastSeen?.toISOString() ?? null,
      battery: state.battery ?? null,
      fw: state.fw ?? null,
      rssi: state.rssi ?? null,
      linkquality: state.linkquality ?? null,
      errors: { ...(this.drops.get(device.id) ?? emptyCounts()) },
    };
  }

  /**
   * Writes the states changed since the last flush, a transaction per FLUSH_CHUNK devices with a
   * turn of the event loop in between: SQLite through TypeORM never yields inside a transaction,
   * and 2,000 devices in one blocked badge decisions for ~100 ms every flush (bench/, scenario A).
   */
  async flush(): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    for (let start = 0; start < ids.length; start += FLUSH_CHUNK) {
      const chunk = ids.slice(start, start + FLUSH_CHUNK);
      try {
        await this.repository.saveStates(chunk.map((id) => [id, this.stateOf(id)]));
      } catch (error) {
        for (const id of ids.slice(start)) this.dirty.add(id);
        this.logger.error(`Saving device states failed, retrying later: ${error instanceof Error ? error.message : error}`);
        return;
      }
      if (start + FLUSH_CHUNK < ids.length) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private offlineAfterMs(device: Device): number {
    if (device.protocol === 'zigbee2mqtt' && device.kind !== 'bridge') return this.config.devices.zigbeeOfflineAfterMs;
    return this.config.devices.offlineAfterMs[device.kind];
  }

  private update(device: Device, before: DeviceState, next: DeviceState, now: Date): void {
    this.states.set(device.id, next);
    this.dirty.add(device.id);
    if (before.online !== next.online) this.events.publish(statusEvent(device, next, now));
    if (visibleFields.some((field) => before[field] !== next[field])) this.changes.emit('updated', () => this.view(device, next), 'device');
    // Health history for the charts: on changes only, not on every message a device sends.
    if (healthFields.some((field) => before[field] !== next[field])) this.series.write(healthPoint(device, next, now));
  }
}

const healthFields = ['online', 'battery', 'rssi'] as const;

function healthPoint(device: Device, state: DeviceState, at: Date) {
  return deviceHealthPoint({
    site: device.site,
    device: device.id,
    kind: device.kind,
    online: state.online,
    ...(state.battery !== undefined ? { battery: state.battery } : {}),
    ...(state.rssi !== undefined ? { rssi: state.rssi } : {}),
    at,
  });
}

function emptyCounts(): Record<DropCause, number> {
  return Object.fromEntries(DROP_CAUSES.map((cause) => [cause, 0])) as Record<DropCause, number>;
}

function statusEvent(device: Device, state: DeviceState, now: Date): DeviceStatusEvent {
  return {
    type: 'device-status',
    site: device.site,
    deviceId: device.id,
    receivedAt: now,
    kind: device.kind,
    ...(device.desk ? { desk: device.desk } : {}),
    ...(device.door ? { door: device.door } : {}),
    online: state.online,
    ...(state.battery !== undefined ? { battery: state.battery } : {}),
    ...(state.rssi !== undefined ? { rssi: state.rssi } : {}),
    ...(state.fw !== undefined ? { fw: state.fw } : {}),
  };
}
