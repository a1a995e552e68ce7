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
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
