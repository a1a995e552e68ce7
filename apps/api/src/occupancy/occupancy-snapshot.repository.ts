import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { OccupancySnapshot } from '#domain';
import { OccupancySnapshotEntity } from './occupancy-snapshot.entity.js';

export interface SavedOccupancy {
  snapshot: OccupancySnapshot;
  savedAt: Date;
  closedAt: Date | null;
}

const instant = z.iso.datetime();
// The row is our own writing, but an older or damaged one must start the site afresh, not crash it.
const snapshotSchema = z.object({
  desks: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['free', 'occupied', 'offline']),
      since: instant,
      lastSeenAt: instant.optional(),
      lastPresentAt: instant.optional(),
      reportedOccupied: z.boolean(),
    }),
  ),
  zones: z.array(z.object({ id: z.string(), counted: z.number().int().min(0), entriesToday: z.number().int().min(0) })),
  members: z.array(z.object({ memberId: z.string(), zone: z.string(), at: instant })),
});

@Injectable()
export class OccupancySnapshotRepository {
  constructor(private readonly db: DataSource) {}

  /** The site's last saved occupancy; null when there is none or it cannot be read back. */
  async load(siteId: string): Promise<SavedOccupancy | null> {
    const row = await this.db.getRepository(OccupancySnapshotEntity).findOneBy({ siteId });
    if (!row) return null;
    const parsed = snapshotSchema.safeParse(safeJson(row.state));
    if (!parsed.success) return null;
    return { snapshot: parsed.data, savedAt: row.savedAt, closedAt: row.closedAt };
  }

  async save(siteId: string, saved: SavedOccupancy): Promise<void> {
    await this.db
      .getRepository(OccupancySnapshotEntity)
      .upsert({ siteId, state: JSON.stringify(saved.snapshot), savedAt: saved.savedAt, closedAt: saved.closedAt }, ['siteId']);
  }

  /** Cluster mode (PostgreSQL): false when refused because a newer owner holds the site. */
  async saveFenced(siteId: string, saved: SavedOccupancy, fence: number): Promise<boolean> {
    const row = [siteId, JSON.stringify(saved.snapshot), saved.savedAt.toISOString(), saved.closedAt?.toISOString() ?? null, fence];
    const rows: unknown[] = await this.db.query(FENCED_UPSERT, row);
    return rows.length > 0;
  }
}

/**
 * One statement, so no lock is held across a pause of this process: written only while the lease
 * still carries this fence, and never over a snapshot written under a newer one (docs/scaling.md).
 */
const FENCED_UPSERT = `INSERT INTO occupancy_snapshot (site_id, state, saved_at, closed_at, fence)
  SELECT $1::varchar, $2::text, $3::varchar, $4::varchar, $5::int
  WHERE EXISTS (SELECT 1 FROM site_lease WHERE site_id = $1::varchar AND fence = $5::int)
  ON CONFLICT (site_id) DO UPDATE SET state = EXCLUDED.state, saved_at = EXCLUDED.saved_at, closed_at = EXCLUDED.closed_at, fence = EXCLUDED.fence
  WHERE occupancy_snapshot.fence <= EXCLUDED.fence
  RETURNING site_id`;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
