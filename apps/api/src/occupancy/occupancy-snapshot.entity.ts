import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoText } from '../infra/database/iso-text.js';

/** The occupancy of one site as last saved, so that a restart does not flash every desk to free. */
@Entity('occupancy_snapshot')
export class OccupancySnapshotEntity {
  @PrimaryColumn({ name: 'site_id', type: 'varchar', length: 64 }) siteId!: string;
  /** libs/domain `OccupancySnapshot` as JSON: read and written whole, never queried. */
  @Column({ type: 'text' }) state!: string;
  @Column({ name: 'saved_at', ...isoText }) savedAt!: Date;
  /** The last close of day applied, so that a closing missed while stopped is applied at start. */
  @Column({ name: 'closed_at', ...isoText, nullable: true }) closedAt!: Date | null;
}

/** The tables the occupancy feature owns, parents first (copy-database inserts in this order). */
export const occupancyEntities = [OccupancySnapshotEntity];
