import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoText } from '../infra/database/iso-text.js';

/**
 * The audit log: badge decisions and the door's other events (alarms, remote unlocks, lockdowns,
 * rate limits). No foreign keys: an entry outlives the member, badge or door it names.
 */
@Entity('access_event')
export class AccessEventEntity {
  /** Made by the service, so a batch replayed from the on-disk queue is never written twice. */
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ name: 'site_id', type: 'varchar', length: 64 }) siteId!: string;
  @Column({ name: 'door_id', type: 'varchar', length: 64, nullable: true }) doorId!: string | null;
  @Column({ name: 'reader_id', type: 'varchar', length: 64, nullable: true }) readerId!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) uid!: string | null;
  @Column({ name: 'member_id', type: 'varchar', length: 36, nullable: true }) memberId!: string | null;
  @Column({ name: 'member_name', type: 'varchar', length: 200, nullable: true }) memberName!: string | null;
  @Column({ type: 'boolean', nullable: true }) granted!: boolean | null;
  @Column({ type: 'varchar', length: 32 }) reason!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) detail!: string | null;
  @Column({ name: 'pass_id', type: 'varchar', length: 36, nullable: true }) passId!: string | null;
  @Column({ name: 'manager_id', type: 'varchar', length: 36, nullable: true }) managerId!: string | null;
  /** Service time. */
  @Column({ ...isoText }) at!: Date;
  @Column({ name: 'device_time', ...isoText, nullable: true }) deviceTime!: Date | null;
  @Column({ name: 'latency_ms', type: 'real', nullable: true }) latencyMs!: number | null;
}

/** The tables the access feature owns, parents first (copy-database inserts in this order). */
export const accessEntities = [AccessEventEntity];
