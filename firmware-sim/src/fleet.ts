// Every simulated device of a credentials file, connected: readers by door, sensors by desk,
// contacts by door. Scenarios and the benchmark harness drive a Fleet.
import type { CredentialsStore, DeviceRecord } from './credentials.js';
import type { NativeTarget } from './dialects/native.js';
import { createRandom } from './random.js';
import { FirmwareReader, NativeReader, nativeHealth, type DeviceSetup, type SimReader } from './readers.js';
import type { RefusedDecisions } from './stats.js';
import { NativeSensor, Z2mBridge, Z2mSensor, type DeskSensor, type DoorContact } from './sensors.js';

export interface FleetOptions {
  mqttUrl: string;
  store: CredentialsStore;
  /** Topic root, `cantine` unless the service sets MQTT_TOPIC_ROOT. */
  root?: string;
  /** Only these device ids (load --devices N); all connectable devices when absent. */
  only?: (record: DeviceRecord) => boolean;
  onState?: DeviceSetup['onState'];
  /** Devices connected at once, so a large fleet does not flood the broker's accept queue. */
  concurrency?: number;
  /** --stock: foreign firmwares as shipped (dialects/stock.ts). */
  stock?: boolean;
}

export interface FleetProblem {
  deviceId: string;
  problem: string;
}

export class Fleet {
  readonly readers: SimReader[] = [];
  readonly deskSensors: DeskSensor[] = [];
  readonly doorContacts: DoorContact[] = [];
  readonly problems: FleetProblem[] = [];
  private readonly closers: Array<() => Promise<void>> = [];
  private readonly heartbeats: Array<() => Promise<void>> = [];

  private constructor(private readonly options: FleetOptions) {}

  static async open(options: FleetOptions): Promise<Fleet> {
    const fleet = new Fleet(options);
    const starters = fleet.plan();
    const concurrency = options.concurrency ?? 50;
    for (let index = 0; index < starters.length; index += concurrency) {
      await Promise.all(starters.slice(index, index + concurrency).map((start) => start()));
    }
    return fleet;
  }

  get connectedDevices(): number {
    return this.closers.length;
  }

  readerAt(door: string): SimReader | undefined {
    return this.readers.find((reader) => reader.door === door && reader.connected) ?? this.readers.find((reader) => reader.door === door);
  }

  deskSensor(desk: string): DeskSensor | undefined {
    return this.deskSensors.find((sensor) => sensor.desk === desk);
  }

  doorContact(door: string): DoorContact | undefined {
    const ofDoor = this.doorContacts.filter((contact) => contact.door === door);
    return ofDoor.find((contact) => !this.readers.some((reader) => reader.id === contact.id)) ?? ofDoor[0];
  }

  /** What the native readers refused so far (docs/reader-firmware.md), for the run's summary. */
  refusedDecisions(): RefusedDecisions {
    const total: RefusedDecisions = { stale: 0, forged: 0, replayed: 0 };
    for (const reader of this.readers) {
      if (!(reader instanceof NativeReader)) continue;
      for (const reason of ['stale', 'forged', 'replayed'] as const) total[reason] += reader.guard.refused[reason];
    }
    return total;
  }

  /** Every device's periodic report (native status, Zigbee2MQTT state, esp-rfid heartbeat). */
  async heartbeat(): Promise<number> {
    await Promise.all(this.heartbeats.map((beat) => beat().catch(() => undefined)));
    return this.heartbeats.length;
  }

  /** Publishes offline status / availability, saves the seq counters, disconnects. */
  async close(): Promise<void> {
    await Promise.all(this.closers.map((close) => close().catch(() => undefined)));
    this.options.store.save();
  }

  private setup(record: DeviceRecord): DeviceSetup {
    const { store, mqttUrl, onState, stock } = this.options;
    const target: NativeTarget = { site: store.data.site, root: this.options.root ?? 'cantine' };
    return { mqttUrl, target, record, persist: () => store.save(), onState, stock };
  }

  /** One starter per connection to open; Zigbee2MQTT sensors ride on their bridge's. */
  private plan(): Array<() => Promise<void>> {
    const records = this.options.store.data.devices.filter((record) => this.options.only?.(record) ?? true);
    const bridges = new Map<string, Z2mBridge>();
    const starters: Array<() => Promise<void>> = [];
    for (const record of this.options.store.data.devices.filter((r) => r.kind === 'bridge' && r.password !== undefined)) {
      bridges.set(record.id, new Z2mBridge(this.setup(record)));
    }
    for (const record of records) {
      if (record.kind === 'bridge') continue;
      if (record.protocol === 'zigbee2mqtt') this.attachToBridge(record, bridges);
      else if (record.password === undefined) this.problems.push({ deviceId: record.id, problem: 'no MQTT secret in the credentials file' });
      else starters.push(() => this.start(record));
    }
    for (const bridge of bridges.values()) {
      if (bridge.sensors.length > 0) starters.push(() => this.track(bridge.id, () => bridge.start(), () => bridge.close()));
    }
    return starters;
  }

  private attachToBridge(record: DeviceRecord, bridges: Map<string, Z2mBridge>): void {
    const bridge = record.bridge === undefined ? undefined : bridges.get(record.bridge);
    if (bridge === undefined) {
      this.problems.push({ deviceId: record.id, problem: `its bridge "${record.bridge ?? '?'}" has no MQTT secret in the credentials file` });
      return;
    }
    const sensor = new Z2mSensor(record, bridge, this.options.store.data.seed);
    bridge.sensors.push(sensor);
    this.addSensor(record, sensor);
    this.heartbeats.push(() => sensor.heartbeat());
  }

  private addSensor(record: DeviceRecord, sensor: DeskSensor & DoorContact): void {
    if (record.kind === 'desk-sensor') this.deskSensors.push(sensor);
    else this.doorContacts.push(sensor);
  }

  private async start(record: DeviceRecord): Promise<void> {
    const setup = this.setup(record);
    const seed = this.options.store.data.seed;
    if (record.kind === 'reader' && record.protocol === 'native') {
      const reader = new NativeReader(setup);
      const rssi = createRandom(`${seed}:rssi:${record.id}`).int(-70, -40);
      await this.track(record.id, () => reader.start(nativeHealth(setup, rssi)), () => reader.close(), () => this.readers.push(reader));
    } else if (record.kind === 'reader') {
      const reader = new FirmwareReader(setup);
      await this.track(record.id, () => reader.start(), () => reader.close(), () => this.addFirmwareReader(reader));
    } else {
      const sensor = new NativeSensor(setup, seed);
      await this.track(record.id, () => sensor.start(), () => sensor.close(), () => this.addSensor(record, sensor));
      this.heartbeats.push(() => sensor.heartbeat());
    }
  }

  private addFirmwareReader(reader: FirmwareReader): void {
    this.readers.push(reader);
    this.heartbeats.push(async () => {
      for (const publication of reader.heartbeat()) await reader.raw?.publish(publication);
    });
    // An esp-rfid reader reports its own door's contact; a separate door sensor, if any, wins.
    if (reader.protocol === 'esp-rfid') this.doorContacts.push({ id: reader.id, door: reader.door, setOpen: (open) => reader.setDoorOpen(open) });
  }

  private async track(id: string, start: () => Promise<unknown>, close: () => Promise<void>, added?: () => void): Promise<void> {
    try {
      await start();
      this.closers.push(close);
      added?.();
    } catch (error) {
      this.problems.push({ deviceId: id, problem: error instanceof Error ? error.message : String(error) });
    }
  }
}
