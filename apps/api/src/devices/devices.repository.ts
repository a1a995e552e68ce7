import { Injectable, Optional } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import type { DeskSensorType } from '#domain';
import type { UidFormat } from '#protocol';
import { isSealed, SecretKeys } from '../infra/database/secret-keys.js';
import { DeviceEntity } from './device.entity.js';
import type { Device, DeviceSecretHashes, DeviceState } from './device.types.js';

/** A device as stored: what was provisioned, its secret's hashes (none for Zigbee2MQTT sensors), its state. */
export interface StoredDevice {
  device: Device;
  hashes: DeviceSecretHashes | null;
  /** Signs the reader's decisions and allow-lists; null for devices provisioned before keys existed. */
  decisionKey: Buffer | null;
  state: DeviceState;
}

/** Foreign topics are claimed one provisioning at a time across a cluster (broker-acl-table.ts holds 0x42a0c1). */
const FOREIGN_TOPICS_LOCK = 0x42a0c2;

/** A device row as the driver returns it: instants still as isoText stores them. */
type RawDevice = Omit<DeviceEntity, 'createdAt' | 'lastSeen'> & { createdAt: string; lastSeen: string | null };

@Injectable()
export class DevicesRepository {
  /** Without `keys` (tools and tests reading rows), sealed decision keys read as null. */
  constructor(
    private readonly db: DataSource,
    @Optional() private readonly keys?: SecretKeys,
  ) {}

  private get devices() {
    return this.db.getRepository(DeviceEntity);
  }

  /**
   * Every device, read as plain rows: TypeORM's entity hydration of 10,000 rows was ~0.4 s of the
   * profiled start (bench/, scenario R), for columns that need nothing but their two instants parsed.
   */
  async list(): Promise<StoredDevice[]> {
    const columns = this.db.getMetadata(DeviceEntity).columns.map((column) => `"${column.databaseName}" AS "${column.propertyName}"`);
    const rows: RawDevice[] = await this.db.query(`SELECT ${columns.join(', ')} FROM "device" ORDER BY "site_id", "id"`);
    return rows.map((row) => {
      const entity = { ...row, createdAt: new Date(row.createdAt), lastSeen: row.lastSeen ? new Date(row.lastSeen) : null };
      return toStored(entity, this.keys);
    });
  }

  /** One device as stored now, or null when there is none (another instance's change, read back). */
  async find(id: string): Promise<StoredDevice | null> {
    const row = await this.devices.findOneBy({ id });
    return row ? toStored(row, this.keys) : null;
  }

  /** Encrypts decision keys stored in clear by earlier versions; returns how many. */
  async sealClearKeys(): Promise<number> {
    if (!this.keys) return 0;
    // Only native readers have keys: no need to read all of every device row a second time at start.
    const keyed = await this.devices.find({ select: { id: true, decisionKey: true }, where: { decisionKey: Not(IsNull()) } });
    const rows = keyed.filter((row) => row.decisionKey && !isSealed(row.decisionKey));
    for (const row of rows) await this.devices.update({ id: row.id }, { decisionKey: this.keys.seal(Buffer.from(row.decisionKey!, 'base64')) });
    return rows.length;
  }

  /**
   * Cluster mode (PostgreSQL): runs `work` holding a lock that every instance's provisioning of a
   * foreign device takes, handed the foreign devices stored now, which this instance may not have
   * heard of yet. Transaction-scoped, so released at its end whatever happens: a topic checked
   * against them stays free until `work` has inserted its device.
   */
  async withForeignDevices<T>(work: (stored: Device[]) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [FOREIGN_TOPICS_LOCK]);
      const rows = await tx.getRepository(DeviceEntity).find({ where: { protocol: Not('native') } });
      return work(rows.map((row) => toStored(row, this.keys).device));
    });
  }

  /** Inserts a new device; false when the id is taken (checked by the database, so races lose cleanly). */
  async insert(device: Device, hashes: DeviceSecretHashes | null, decisionKey: Buffer | null = null): Promise<boolean> {
    await this.devices.createQueryBuilder().insert().values(toRow(device, hashes, this.sealed(decisionKey))).orIgnore().execute();
    return this.exists(device.id, device.createdAt);
  }

  /** Deletes a device's row; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const result = await this.devices.delete({ id });
    return (result.affected ?? 1) > 0;
  }

  /** A move or a rename (PATCH /api/devices/{id}): the credentials stay. */
  async updatePlacement(device: Device): Promise<void> {
    await this.devices.update({ id: device.id }, { doorId: device.door ?? null, deskId: device.desk ?? null, name: device.name ?? null });
  }

  /** The hashes and key stored now, to put back if a rotation fails half-way. */
  async secretOf(id: string): Promise<{ hashes: DeviceSecretHashes | null; decisionKey: Buffer | null }> {
    const row = await this.devices.findOneBy({ id });
    const stored = row ? toStored(row, this.keys) : null;
    return { hashes: stored?.hashes ?? null, decisionKey: stored?.decisionKey ?? null };
  }

  /** A rotation: the new secret's hashes and, for a native reader, the key derived from it. */
  async replaceSecret(id: string, hashes: DeviceSecretHashes, decisionKey: Buffer | null): Promise<void> {
    await this.devices.update(
      { id },
      { secretHash: hashes.secretHash, mosquittoHash: hashes.mosquittoHash, decisionKey: this.sealed(decisionKey) },
    );
  }

  /** An old scrypt hash replaced by its HMAC, unless a rotation changed the row meanwhile. */
  async upgradeSecretHash(id: string, from: string, to: string): Promise<void> {
    await this.devices.update({ id, secretHash: from }, { secretHash: to });
  }

  /**
   * Writes the last known state of many devices in one transaction (the monitor batches them).
   * One prepared statement, not TypeORM's update: building that query cost more than running it,
   * ~0.2 ms a device, 2 s of a 10,000-device reconnect storm (bench/, scenario R).
   */
  async saveStates(states: ReadonlyArray<[string, DeviceState]>): Promise<void> {
    if (states.length === 0) return;
    const sql = this.db.options.type === 'postgres' ? SAVE_STATE_PG : SAVE_STATE_SQLITE;
    await this.db.transaction(async (tx) => {
      for (const [id, state] of states) {
        const c = stateColumns(state);
        await tx.query(sql, [c.online, c.lastSeen?.toISOString() ?? null, c.battery, c.rssi, c.linkquality, c.fw, c.ip, id]);
      }
    });
  }

  // Decision keys are stored encrypted with a key from outside the database (docs/security.md).
  private sealed(decisionKey: Buffer | null): string | null {
    if (!decisionKey) return null;
    return this.keys ? this.keys.seal(decisionKey) : decisionKey.toString('base64');
  }

  private async exists(id: string, createdAt: Date): Promise<boolean> {
    const row = await this.devices.findOneBy({ id });
    return row !== null && row.createdAt.getTime() === createdAt.getTime();
  }
}

/** The columns of stateColumns(), in its order; `last_seen` as isoText stores it. */
const saveState = (p: (n: number) => string) =>
  `UPDATE "device" SET "online" = ${p(1)}, "last_seen" = ${p(2)}, "battery" = ${p(3)}, "rssi" = ${p(4)}, "linkquality" = ${p(5)}, "fw" = ${p(6)}, "ip" = ${p(7)} WHERE "id" = ${p(8)}`;
const SAVE_STATE_PG = saveState((n) => `$${n}`);
const SAVE_STATE_SQLITE = saveState(() => '?');

function toRow(device: Device, hashes: DeviceSecretHashes | null, decisionKey: string | null): DeviceEntity {
  return {
    id: device.id,
    kind: device.kind,
    siteId: device.site,
    protocol: device.protocol,
    doorId: device.door ?? null,
    deskId: device.desk ?? null,
    topic: device.topic ?? null,
    bridgeId: device.bridge ?? null,
    uidFormat: device.uidFormat ?? null,
    relay: device.relay ?? null,
    name: device.name ?? null,
    sensor: device.sensor ?? null,
    hostname: device.hostname ?? null,
    doorName: device.doorName ?? null,
    secretHash: hashes?.secretHash ?? null,
    mosquittoHash: hashes?.mosquittoHash ?? null,
    decisionKey,
    createdAt: device.createdAt,
    ...stateColumns({ online: false }),
  };
}

function stateColumns(state: DeviceState) {
  return {
    online: state.online,
    lastSeen: state.lastSeen ?? null,
    battery: state.battery === undefined ? null : Math.round(state.battery),
    rssi: state.rssi ?? null,
    linkquality: state.linkquality === undefined ? null : Math.round(state.linkquality),
    fw: state.fw ?? null,
    ip: state.ip ?? null,
  };
}

function toStored(row: DeviceEntity, keys?: SecretKeys): StoredDevice {
  const device: Device = {
    id: row.id,
    kind: row.kind,
    site: row.siteId,
    protocol: row.protocol,
    ...(row.doorId ? { door: row.doorId } : {}),
    ...(row.deskId ? { desk: row.deskId } : {}),
    ...(row.topic ? { topic: row.topic } : {}),
    ...(row.bridgeId ? { bridge: row.bridgeId } : {}),
    ...(row.uidFormat ? { uidFormat: row.uidFormat as UidFormat } : {}),
    ...(row.relay !== null && row.relay !== undefined ? { relay: row.relay } : {}),
    ...(row.name ? { name: row.name } : {}),
    ...(row.sensor ? { sensor: row.sensor as DeskSensorType } : {}),
    ...(row.hostname ? { hostname: row.hostname } : {}),
    ...(row.doorName ? { doorName: row.doorName } : {}),
    createdAt: row.createdAt,
  };
  const hashes = row.secretHash && row.mosquittoHash ? { secretHash: row.secretHash, mosquittoHash: row.mosquittoHash } : null;
  const state: DeviceState = {
    online: Boolean(row.online),
    ...(row.lastSeen ? { lastSeen: row.lastSeen } : {}),
    ...(row.battery !== null ? { battery: row.battery } : {}),
    ...(row.rssi !== null ? { rssi: row.rssi } : {}),
    ...(row.linkquality !== null ? { linkquality: row.linkquality } : {}),
    ...(row.fw ? { fw: row.fw } : {}),
    ...(row.ip ? { ip: row.ip } : {}),
  };
  return { device, hashes, decisionKey: readKey(row.decisionKey, keys), state };
}

function readKey(stored: string | null, keys?: SecretKeys): Buffer | null {
  if (!stored) return null;
  return isSealed(stored) ? (keys?.open(stored) ?? null) : Buffer.from(stored, 'base64');
}
