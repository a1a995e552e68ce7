// The one ingestion pipeline: topic -> device -> schema -> converter -> DeviceEvents. Whatever a
// device sends, the worst outcome is a dropped message, counted against the device and logged at
// most once a minute; nothing here throws into the MQTT client loop.
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  convertFromDevice,
  espRfidSender,
  DEFAULT_ZIGBEE2MQTT_BASE,
  decodeMessage,
  parseTopic,
  topicFilter,
  type ConvertResult,
  type DecodedMessage,
  type DecodeError,
  type DeviceEvent as ForeignEvent,
  type ParsedTopic,
} from '#protocol';
import type { DeskSensorType } from '#domain';
import { Clock } from '../infra/clock.js';
import { AppConfig } from '../infra/config/app-config.js';
import { BrokerService } from '../infra/mqtt/broker.service.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { DeviceEvents } from './device-events.js';
import { DeviceMonitor, type StatusReport } from './device-monitor.js';
import { DeviceRateLimit, type RateLane } from './device-rate-limit.js';
import { DeviceRegistry } from './device-registry.js';
import type { Device, DropCause } from './device.types.js';
import { ThrottledLog } from './throttled-log.js';

const nativeKinds = ['badge', 'door-state', 'presence', 'device-status'] as const;

@Injectable()
export class DeviceIngestion implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Devices');
  private readonly dropLog = new ThrottledLog((line) => this.logger.warn(line));
  private readonly noticeLog = new ThrottledLog((line) => this.logger.log(line));
  private readonly subscribed = new Set<string>();
  /** Cluster mode: the topics subscribed for each site owned here. */
  private readonly siteTopics = new Map<string, string[]>();
  readonly rateLimit: DeviceRateLimit;
  private summaryTimer?: NodeJS.Timeout;
  /** Messages naming no provisioned device (they have no device to be counted against). */
  unknownDeviceDrops = 0;

  constructor(
    private readonly broker: BrokerService,
    private readonly registry: DeviceRegistry,
    private readonly monitor: DeviceMonitor,
    private readonly events: DeviceEvents,
    private readonly config: AppConfig,
    private readonly ownership: SiteOwnership,
    private readonly clock: Clock,
  ) {
    this.rateLimit = new DeviceRateLimit(config.deviceRate);
  }

  /**
   * Subscribes to the native topics of every site and to each foreign device's own topics. In a
   * cluster, to those of each site only once it is owned here (`listenTo`).
   */
  async start(): Promise<void> {
    this.summaryTimer = setInterval(() => this.summariseFloods(), this.config.deviceRate.floodSummaryMs);
    this.summaryTimer.unref();
    if (this.ownership.clustered) return;
    for (const kind of nativeKinds) {
      await this.broker.subscribe(
        topicFilter(kind, this.registry.root),
        (topic, payload, retained) => this.native(topic, payload, retained),
      );
    }
    for (const device of this.registry.all()) await this.watch(device);
  }

  onModuleInit(): void {
    if (!this.ownership.clustered) return;
    this.ownership.onHandover({ listen: (site) => this.listenTo(site), stop: (site) => this.stopListening(site) });
  }

  onModuleDestroy(): void {
    clearInterval(this.summaryTimer);
  }

  /** One `flood` event per device that went over its rate since the last summary (one audit row each). */
  summariseFloods(now = this.clock.now()): void {
    for (const { deviceId, dropped, since } of this.rateLimit.takeSummaries()) {
      const device = this.registry.get(deviceId);
      if (!device) continue;
      this.events.publish({ type: 'flood', site: device.site, deviceId, kind: device.kind, ...(device.door ? { door: device.door } : {}), dropped, since: new Date(since), receivedAt: now });
    }
  }

  /** Takes a token for the device; over its rate the message is dropped and counted, nothing else. */
  private admitted(device: Device, lane: RateLane): boolean {
    if (this.rateLimit.admit(device.id, lane)) return true;
    this.dropped(device, 'rate-limited', `over ${lane === 'live' ? this.config.deviceRate.perSecond : this.config.deviceRate.uploadPerSecond} messages/s`);
    return false;
  }

  /** Cluster mode: the site's native topics and its foreign devices' own topics. */
  async listenTo(site: string): Promise<void> {
    const native = nativeKinds.map((kind) => topicFilter(kind, this.registry.root, site));
    const foreign = this.registry.all().filter((device) => device.site === site).flatMap((device) => this.registry.topicsOf(device));
    this.siteTopics.set(site, [...native, ...foreign]);
    for (const topic of native) await this.subscribeOnce(topic, (t, payload, retained) => this.native(t, payload, retained));
    for (const topic of foreign) await this.subscribeOnce(topic, (t, payload, retained) => this.foreign(t, payload, retained));
  }

  /** Cluster mode: the site went to another instance; topics no other site owned here needs are dropped. */
  async stopListening(site: string): Promise<void> {
    const topics = this.siteTopics.get(site) ?? [];
    this.siteTopics.delete(site);
    const stillNeeded = new Set([...this.siteTopics.values()].flat());
    for (const topic of topics) {
      if (stillNeeded.has(topic) || !this.subscribed.delete(topic)) continue;
      await this.broker.unsubscribe(topic);
    }
  }

  private async subscribeOnce(topic: string, handler: (topic: string, payload: Buffer, retained: boolean) => void): Promise<void> {
    if (this.subscribed.has(topic)) return;
    this.subscribed.add(topic);
    await this.broker.subscribe(topic, handler);
  }

  /** Subscribes to a newly provisioned foreign device's topics (in a cluster, if its site is owned here). */
  async watch(device: Device): Promise<void> {
    if (this.ownership.clustered) {
      if (!this.siteTopics.has(device.site)) return;
      this.siteTopics.get(device.site)!.push(...this.registry.topicsOf(device));
    }
    for (const topic of this.registry.topicsOf(device)) {
      if (this.subscribed.has(topic)) continue;
      this.subscribed.add(topic);
      await this.broker.subscribe(topic, (t, payload, retained) => this.foreign(t, payload, retained));
    }
  }

  /**
   * Drops the topics of a device just taken out of the registry (deleted here or through another
   * instance) that no device left here needs: an esp-rfid reader may share its topic with peers,
   * bridges their base topic. Kept, a deleted Zigbee2MQTT sensor's topic went on bringing in what
   * its bridge still sends, each message dropped as from an unknown device. In a cluster, what is
   * needed is what the sites owned here listen to. The embedded broker's subscriptions are in process
   * and stay (BrokerService.unsubscribe is for an external broker only): a deleted device cannot
   * publish there any more, and what a bridge sends for it is dropped as before.
   */
  unwatch(device: Device): void {
    const topics = this.registry.topicsOf(device);
    if (topics.length === 0) return;
    let needed: Set<string>;
    if (this.ownership.clustered) {
      // A device of a site owned elsewhere was never listened to: none of its topics is held for it.
      const listened = this.siteTopics.get(device.site) ?? [];
      for (const topic of topics) {
        const at = listened.indexOf(topic);
        if (at >= 0) listened.splice(at, 1);
      }
      needed = new Set([...this.siteTopics.values()].flat());
    } else {
      if (!this.config.mqtt.url) return;
      needed = new Set(this.registry.all().flatMap((other) => this.registry.topicsOf(other)));
    }
    for (const topic of topics) {
      if (needed.has(topic) || !this.subscribed.delete(topic)) continue;
      // Not awaited: while the broker is away MQTT.js holds the request until it is back, and the
      // deletion (and, read back from another instance, every device change after it) would wait
      // as long. The device is gone either way: a failed unsubscription only leaves its messages dropped.
      void this.broker.unsubscribe(topic).catch((error: unknown) => this.logger.warn(`Could not unsubscribe from ${topic} of deleted device ${device.id}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /** Counts and logs a dropped message; `device` is who sent it, or who its topic names. */
  dropped(device: Device | string, cause: DropCause | 'unknown-device', detail: string): void {
    const id = typeof device === 'string' ? device : device.id;
    if (cause === 'unknown-device') this.unknownDeviceDrops++;
    else this.monitor.drop(id, cause);
    this.dropLog.log(id, `Dropped a message (${cause}) from ${cause === 'unknown-device' ? 'unknown device' : 'device'} ${id}: ${detail.slice(0, 300)}`);
  }

  private native(topic: string, payload: Buffer, retained: boolean): void {
    if (payload.length === 0) return; // a retained message being cleared [MQTT-3.3.1-10]: nothing said
    const parsed = parseTopic(topic, this.registry.root);
    // What the service itself publishes is not ingested, nor, in a cluster, what another instance owns.
    if (!parsed || parsed.kind === 'seats' || parsed.kind === 'decision' || parsed.kind === 'allow-list') return;
    // A site held here whose lease is not confirmed right now: the message waits for the renewal.
    if (!this.ownership.owns(parsed.site)) return this.ownership.afterRenewal(parsed.site, () => this.native(topic, payload, retained));
    const device = this.publisherOf(parsed);
    if (!device) return this.dropped(`${parsed.site}/${topic.split('/').slice(-3).join('/')}`, 'unknown-device', topic);
    const refusal = bindingRefusal(device, parsed);
    if (refusal) return this.dropped(device, 'unauthorised', `${topic}: ${refusal}`);
    const decoded = decodeMessage(topic, payload, this.registry.root);
    if (!decoded.ok) return this.dropped(device, dropCause(decoded.error), `${topic}: ${decoded.detail}`);
    if (retained && decoded.kind === 'badge') return this.retainedBadge(device);
    if (!this.admitted(device, decoded.kind === 'badge' && decoded.message.offline ? 'upload' : 'live')) return;
    this.applyNative(device, decoded);
  }

  /**
   * Native topics name the desk or door, not the sender: with an external broker anyone allowed
   * there could publish, so the message only counts when the named thing's bound device fits.
   */
  private publisherOf(topic: Exclude<ParsedTopic, { kind: 'seats' | 'decision' | 'allow-list' }>): Device | undefined {
    switch (topic.kind) {
      case 'badge':
        return this.registry.get(topic.readerId);
      case 'device-status':
        return this.registry.get(topic.deviceId);
      case 'door-state':
        return this.registry.doorSensor(topic.site, topic.doorId);
      case 'presence':
        return this.registry.deskSensor(topic.site, topic.deskId);
    }
  }

  /**
   * What the message says goes first, then what it proves (the device is alive): a desk sensor back
   * from offline would otherwise come online a moment after its own report, which then looked older
   * than the desk's last news and was ignored (a desk left free under someone, until its next report).
   */
  private applyNative(device: Device, decoded: DecodedMessage): void {
    // Business time from the service clock; the device's liveness (monitor.seen) stays on real time.
    const receivedAt = this.clock.now();
    const base = { site: device.site, deviceId: device.id, receivedAt };
    const deviceTime = 'ts' in decoded.message && decoded.message.ts ? { deviceTime: new Date(decoded.message.ts) } : {};
    switch (decoded.kind) {
      case 'device-status': {
        const { online, fw, battery, rssi } = decoded.message;
        return this.monitor.seen(device.id, { online, fw, battery, rssi });
      }
      case 'badge':
        this.events.publish({
          type: 'badge', ...base, ...deviceTime, door: device.door!, uid: decoded.message.uid, seq: decoded.message.seq, protocol: 'native',
          ...(decoded.message.offline ? { offline: true, offlineGranted: decoded.message.granted === true } : {}),
        });
        return this.monitor.seen(device.id, {});
      case 'door-state':
        this.events.publish({ type: 'door', ...base, ...deviceTime, door: device.door!, open: decoded.message.open });
        return this.monitor.seen(device.id, {});
      case 'presence': {
        const { occupied, battery } = decoded.message;
        this.events.publish({ type: 'presence', ...base, ...deviceTime, desk: device.desk!, occupied, ...(battery !== undefined ? { battery } : {}), ...sensorOf(device) });
        return this.monitor.seen(device.id, { battery });
      }
    }
  }

  private foreign(topic: string, payload: Buffer, retained: boolean): void {
    if (payload.length === 0) return; // a retained message being cleared [MQTT-3.3.1-10]: nothing said
    const route = this.registry.route(topic);
    if (!route) return this.dropped(topic.slice(0, 64), 'unknown-device', topic);
    const device = route.peers ? this.peerOf(route.peers, topic, payload) : route.device;
    if (!device) return;
    if (!this.ownership.owns(device.site)) return this.ownership.afterRenewal(device.site, () => this.foreign(topic, payload, retained));
    if (!this.admitted(device, 'live')) return;
    if (route.role === 'bridge-state') return this.bridgeState(device, payload);
    const result = convertFromDevice(device.protocol as Exclude<Device['protocol'], 'native'>, topic, payload, this.registry.contextOf(device));
    if (!result.ok) return this.dropped(device, dropCause(result.error), `${topic}: ${result.detail}`);
    const events = retained ? result.events.filter((event) => event.type !== 'badge') : result.events;
    if (events.length < result.events.length) this.retainedBadge(device);
    const receivedAt = this.clock.now();
    // What it says, then that it is alive (applyNative says why).
    for (const event of events) this.applyForeign(device, event, receivedAt);
    this.monitor.seen(device.id, statusOf(events));
    // A Zigbee2MQTT sensor's message came through its bridge: the bridge is alive too.
    if (device.bridge) this.monitor.seen(device.bridge, {});
  }

  /**
   * A badge the broker replayed from its retained store was read some time ago, maybe days: no one
   * is at the door now. Deciding it would open the door at every service start (a Tasmota with
   * `SensorRetain 1`). Live badges are delivered with the retain flag cleared [MQTT-3.3.1-9], so only
   * replays get here. Not an error of the device: logged, not counted.
   */
  private retainedBadge(device: Device): void {
    this.noticeLog.log(device.id, `Ignored a retained badge from device ${device.id}: a replayed read is never decided (Tasmota: SensorRetain 0)`);
  }

  /**
   * Which of the esp-rfid readers sharing a topic sent this: its `hostname`, else its `doorName`
   * (Home Assistant mode's tag). Messages naming none of them (`avty`, `io/door`, another reader's
   * hostname) cannot be attributed: logged once a minute, not counted against anyone.
   */
  private peerOf(peers: Device[], topic: string, payload: Buffer): Device | undefined {
    const sender = espRfidSender(payload);
    const peer =
      (sender.hostname !== undefined ? peers.find((candidate) => candidate.hostname === sender.hostname) : undefined) ??
      (sender.doorName !== undefined ? peers.find((candidate) => candidate.doorName === sender.doorName) : undefined);
    if (!peer) this.noticeLog.log(`shared:${topic}`, `Ignored a message on ${topic.slice(0, 120)}, shared by esp-rfid readers ${peers.map((p) => p.id).join(', ')}: it names none of them`);
    return peer;
  }

  private bridgeState(bridge: Device, payload: Buffer): void {
    const result = convertBridgeState(payload, bridge.topic ?? DEFAULT_ZIGBEE2MQTT_BASE);
    if (!result.ok) return this.dropped(bridge, dropCause(result.error), `bridge state: ${result.detail}`);
    this.monitor.seen(bridge.id, statusOf(result.events));
  }

  private applyForeign(device: Device, event: ForeignEvent, receivedAt: Date): void {
    const base = { site: device.site, deviceId: device.id, receivedAt };
    if (event.type === 'badge' && device.kind === 'reader') {
      this.events.publish({
        type: 'badge', ...base, door: device.door!, uid: event.uid, protocol: device.protocol,
        ...(event.seq !== undefined ? { seq: event.seq } : {}), ...(event.printed !== undefined ? { printed: event.printed } : {}),
      });
    } else if (event.type === 'door' && device.door && device.kind !== 'desk-sensor') {
      this.events.publish({ type: 'door', ...base, door: device.door, open: event.open });
    } else if (event.type === 'presence' && device.kind === 'desk-sensor' && device.desk) {
      this.events.publish({ type: 'presence', ...base, desk: device.desk, occupied: event.occupied, ...(event.battery !== undefined ? { battery: event.battery } : {}), ...sensorOf(device) });
    } else if (event.type === 'door' && device.kind === 'desk-sensor' && device.desk && device.sensor === 'contact') {
      // A contact sensor on a desk (seat switch, laptop dock): closed means someone is there.
      this.events.publish({ type: 'presence', ...base, desk: device.desk, occupied: !event.open, sensor: 'contact' });
    }
  }
}

/**
 * Zigbee2MQTT's `{base}/bridge/state` has exactly the two forms of a device's availability
 * (`online` or `{"state":"online"}`), so the converter's availability reader handles it, with the
 * same 4 KiB and UTF-8 checks, by presenting it as the availability of a device named `bridge`.
 */
function convertBridgeState(payload: Buffer, base: string): ConvertResult {
  return convertFromDevice('zigbee2mqtt', `${base}/bridge/availability`, payload, { topic: 'bridge', bridgeTopic: base });
}

/** The desk sensor's kind when provisioning gave one: it wins over the site file's (docs/occupancy.md). */
function sensorOf(device: Device): { sensor?: DeskSensorType } {
  return device.sensor ? { sensor: device.sensor } : {};
}

/** What the status and telemetry events of one message say about the device. */
function statusOf(events: ForeignEvent[]): StatusReport {
  let report: StatusReport = {};
  for (const event of events) {
    if (event.type === 'status') {
      const { type: _type, ...status } = event;
      report = { ...report, ...status };
    } else if (event.type === 'telemetry') {
      report = {
        ...report,
        ...(event.battery !== undefined ? { battery: event.battery } : {}),
        ...(event.linkquality !== undefined ? { linkquality: event.linkquality } : {}),
      };
    }
  }
  return report;
}

function dropCause(error: DecodeError): DropCause {
  if (error === 'oversized') return 'oversized';
  if (error === 'unknown-topic') return 'unknown-topic';
  return 'malformed';
}

/** Why a native message may not come from this device, or null when it may. */
function bindingRefusal(device: Device, topic: Exclude<ParsedTopic, { kind: 'seats' | 'decision' | 'allow-list' }>): string | null {
  if (device.site !== topic.site) return `device ${device.id} belongs to site ${device.site}`;
  if (device.protocol !== 'native') return `device ${device.id} speaks ${device.protocol}, not the native protocol`;
  if (topic.kind === 'badge' && device.kind !== 'reader') return `device ${device.id} is a ${device.kind}, not a reader`;
  return null;
}
