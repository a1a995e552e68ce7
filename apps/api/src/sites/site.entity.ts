import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoText } from '../infra/database/iso-text.js';

@Entity('site')
export class SiteEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) timezone!: string;
  /** Opening hours, closures and entry rules: read whole, never queried field by field. */
  @Column({ type: 'simple-json' }) rules!: unknown;
  @Column({ name: 'floor_plan', type: 'simple-json' }) floorPlan!: unknown;
  @Column({ name: 'updated_at', ...isoText }) updatedAt!: Date;
}

@Entity('zone')
export class ZoneEntity {
  @PrimaryColumn({ name: 'site_id', type: 'varchar', length: 64 }) siteId!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'integer' }) position!: number;
  /** Where the zone is drawn on the floor plan, when the site file says. */
  @Column({ type: 'simple-json', nullable: true }) area!: unknown;
}

@Entity('door')
export class DoorEntity {
  @PrimaryColumn({ name: 'site_id', type: 'varchar', length: 64 }) siteId!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'zone_id', type: 'varchar', length: 64 }) zoneId!: string;
  @Column({ name: 'unlock_ms', type: 'integer' }) unlockMs!: number;
  @Column({ type: 'integer' }) position!: number;
  /** `{ exitReaders?, exitOnly? }` from the site file, or null for an entry-only door. */
  @Column({ type: 'simple-json', nullable: true }) exit!: unknown;
}

@Entity('desk')
export class DeskEntity {
  @PrimaryColumn({ name: 'site_id', type: 'varchar', length: 64 }) siteId!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 64 }) label!: string;
  @Column({ name: 'zone_id', type: 'varchar', length: 64 }) zoneId!: string;
  @Column({ type: 'real' }) x!: number;
  @Column({ type: 'real' }) y!: number;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 16, nullable: true }) sensor!: string | null;
}

/** The tables the sites feature owns, parents first (copy-database inserts in this order). */
export const siteEntities = [SiteEntity, ZoneEntity, DoorEntity, DeskEntity];
