// Simulated desk sensors and door contacts: native ones each hold their own MQTT client; Zigbee2MQTT
// ones have none: their bridge publishes for all of them under its base topic (contract section 3).
import type { DeviceRecord } from './credentials.js';
import { DeviceConnection } from './device-connection.js';
import { z2mAvailability, z2mContact, z2mOccupancy } from './dialects/firmware.js';
import { stockSequenceOf } from './dialects/stock.js';
import { nativeDoorState, nativeOffline, nativePresence, nativeStatus } from './dialects/native.js';
import type { Publication } from './dialects/types.js';
import { createRandom, type Random } from './random.js';
import type { DeviceSetup } from './readers.js';

/** A battery that drains a little at each report, from a level seeded by the device id. */
export class Battery {
  private readonly random: Random;
  level: number;

  constructor(seed: number | string, deviceId: string) {
    this.random = createRandom(`${seed}:battery:${deviceId}`);
    this.level = this.random.between(55, 100);
  }

  /** About 0.07 % per report: a few % over a demo day, months over a real one at real speed. */
  drain(): number {
    this.level = Math.max(1, this.level - this.random.between(0.02, 0.12));
    return Math.round(this.level);
  }

  /** Signal strength wanders by a few dBm around the device's own level. */
  rssi(base: number): number {
    return Math.round(base + this.random.between(-3, 3));
  }
}

export interface DeskSensor {
  id: string;
  desk: string;
  protocol: string;
  occupied: boolean;
  setOccupied(occupied: boolean): Promise<void>;
  /** Periodic report: status and current presence, battery a little lower. */
  heartbeat(): Promise<void>;
}

export interface DoorContact {
  id: string;
  door: string;
  setOpen(open: boolean): Promise<void>;
}

const rssiBase = (random: Random) => random.int(-82, -48);

export class NativeSensor implements DeskSensor, DoorContact {
  occupied = false;
  private connection?: DeviceConnection;
  private readonly battery: Battery;
  private readonly baseRssi: number;

  constructor(private readonly setup: DeviceSetup, seed: number | string) {
    this.battery = new Battery(seed, setup.record.id);
    this.baseRssi = rssiBase(createRandom(`${seed}:rssi:${setup.record.id}`));
  }

  get id(): string {
    return this.setup.record.id;
  }
  get desk(): string {
    return this.setup.record.desk ?? '';
  }
  get door(): string {
    return this.setup.record.door ?? '';
  }
  get protocol(): string {
    return 'native';
  }
  get raw(): DeviceConnection | undefined {
    return this.connection;
  }

  async start(): Promise<this> {
    const { record, target, mqttUrl, onState } = this.setup;
    this.connection = await DeviceConnection.open({
      url: mqttUrl,
      id: record.id,
      password: record.password ?? '',
      will: nativeOffline(target, record.id),
      hello: () => [this.status()],
      onState: (state, detail) => onState?.(record.id, state, detail),
    });
    return this;
  }

  private status(): Publication {
    const battery = Math.round(this.battery.level);
    return nativeStatus(this.setup.target, this.id, { fw: '1.4.2', rssi: this.battery.rssi(this.baseRssi), battery });
  }

  async setOccupied(occupied: boolean): Promise<void> {
    this.occupied = occupied;
    await this.connection?.publish(nativePresence(this.setup.target, this.desk, occupied, this.battery.level));
  }

  async heartbeat(): Promise<void> {
    this.battery.drain();
    await this.connection?.publish(this.status());
    if (this.setup.record.kind === 'desk-sensor') await this.setOccupied(this.occupied);
  }

  async setOpen(open: boolean): Promise<void> {
    await this.connection?.publish(nativeDoorState(this.setup.target, this.door, open));
  }

  async close(): Promise<void> {
    await this.connection?.close([nativeOffline(this.setup.target, this.id)]);
  }
}

/** One Zigbee2MQTT sensor, published through its bridge's connection. */
export class Z2mSensor implements DeskSensor, DoorContact {
  occupied = false;
  private readonly battery: Battery;
  private readonly linkquality: number;

  constructor(
    readonly record: DeviceRecord,
    private readonly bridge: Z2mBridge,
    seed: number | string,
  ) {
    this.battery = new Battery(seed, record.id);
    this.linkquality = createRandom(`${seed}:lqi:${record.id}`).int(60, 200);
  }

  get id(): string {
    return this.record.id;
  }
  get desk(): string {
    return this.record.desk ?? '';
  }
  get door(): string {
    return this.record.door ?? '';
  }
  get protocol(): string {
    return 'zigbee2mqtt';
  }
  get context(): { topic: string; bridgeTopic: string } {
    return { topic: this.record.topic ?? this.record.id, bridgeTopic: this.bridge.baseTopic };
  }

  async setOccupied(occupied: boolean): Promise<void> {
    this.occupied = occupied;
    await this.bridge.publish(z2mOccupancy(this.context, occupied, this.battery.level, this.linkquality));
  }

  async heartbeat(): Promise<void> {
    this.battery.drain();
    if (this.record.kind === 'desk-sensor') await this.setOccupied(this.occupied);
  }

  async setOpen(open: boolean): Promise<void> {
    await this.bridge.publish(z2mContact(this.context, open, this.battery.level, this.linkquality));
  }
}

export class Z2mBridge {
  readonly sensors: Z2mSensor[] = [];
  private connection?: DeviceConnection;

  constructor(private readonly setup: DeviceSetup) {}

  get id(): string {
    return this.setup.record.id;
  }
  get baseTopic(): string {
    return this.setup.record.topic ?? 'zigbee2mqtt';
  }
  get raw(): DeviceConnection | undefined {
    return this.connection;
  }

  /**
   * Availability is per sensor, retained, as the bridge publishes it. One connection has one
   * will, so an abrupt bridge loss leaves the sensors' last availability: the service's own
   * staleness rules are what catches a dead bridge, as with a real one.
   */
  async start(): Promise<this> {
    const { record, mqttUrl, onState } = this.setup;
    this.connection = await DeviceConnection.open({
      url: mqttUrl,
      id: record.id,
      password: record.password ?? '',
      hello: () => this.sensors.map((sensor) => z2mAvailability(sensor.context, true)),
      stock: this.setup.stock === true ? stockSequenceOf(record) : undefined,
      onState: (state, detail) => onState?.(record.id, state, detail),
    });
    return this;
  }

  async publish(publication: Publication): Promise<void> {
    // Zigbee2MQTT publishes device states at QoS 0, not retained, unless configured per device.
    await this.connection?.publish(this.setup.stock === true ? { ...publication, qos: 0 } : publication);
  }

  async close(): Promise<void> {
    await this.connection?.close(this.sensors.map((sensor) => z2mAvailability(sensor.context, false)));
  }
}
