import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoText } from '../infra/database/iso-text.js';
import type { DeviceKind, DeviceProtocol } from './device.types.js';

@Entity('device')
export class DeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: DeviceKind;
  @Column({ name: 'site_id', type: 'varchar', length: 64 }) siteId!: string;
  @Column({ type: 'varchar', length: 16 }) protocol!: DeviceProtocol;
  @Column({ name: 'door_id', type: 'varchar', length: 64, nullable: true }) doorId!: string | null;
  @Column({ name: 'desk_id', type: 'varchar', length: 64, nullable: true }) deskId!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) topic!: string | null;
  @Column({ name: 'bridge_id', type: 'varchar', length: 64, nullable: true }) bridgeId!: string | null;
  @Column({ name: 'uid_format', type: 'varchar', length: 8, nullable: true }) uidFormat!: string | null;
  @Column({ type: 'integer', nullable: true }) relay!: number | null;
  /** What the manager calls it ("lecteur entrée côté rue"); optional, free text. */
  @Column({ type: 'varchar', length: 100, nullable: true }) name!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) sensor!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) hostname!: string | null;
  @Column({ name: 'door_name', type: 'varchar', length: 64, nullable: true }) doorName!: string | null;
  @Column({ name: 'secret_hash', type: 'varchar', length: 200, nullable: true }) secretHash!: string | null;
  @Column({ name: 'mosquitto_hash', type: 'varchar', length: 200, nullable: true }) mosquittoHash!: string | null;
  /** base64 of the HKDF key decisions are signed with (docs/security.md); null for older devices. */
  @Column({ name: 'decision_key', type: 'varchar', length: 128, nullable: true }) decisionKey!: string | null;
  @Column({ name: 'created_at', ...isoText }) createdAt!: Date;
  @Column({ type: 'boolean' }) online!: boolean;
  @Column({ name: 'last_seen', ...isoText, nullable: true }) lastSeen!: Date | null;
  @Column({ type: 'integer', nullable: true }) battery!: number | null;
  @Column({ type: 'integer', nullable: true }) rssi!: number | null;
  @Column({ type: 'integer', nullable: true }) linkquality!: number | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) fw!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
}

/** The tables the devices feature owns, parents first (copy-database inserts in this order). */
export const deviceEntities = [DeviceEntity];
