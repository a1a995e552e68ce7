import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { DeskSensorType } from '#domain';
import { DeskEntity, DoorEntity, SiteEntity, ZoneEntity } from './site.entity.js';
import type { Site } from './site.types.js';

@Injectable()
export class SitesRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores a site as its file describes it: rows are updated in place, rows gone from the file removed. */
  async save(site: Site): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { id, name, timezone, floorPlan, zones, doors, desks, ...rules } = site;
      await tx.getRepository(SiteEntity).save({ id, name, timezone, rules, floorPlan, updatedAt: new Date() });
      await replaceRows(
        tx,
        ZoneEntity,
        id,
        zones.map((z, position) => ({ siteId: id, id: z.id, name: z.name, position, area: z.area ?? null })),
      );
      await replaceRows(
        tx,
        DoorEntity,
        id,
        doors.map((d, position) => ({
          siteId: id,
          id: d.id,
          name: d.name,
          zoneId: d.zone,
          unlockMs: d.unlockMs,
          position,
          exit: doorExit(d),
        })),
      );
      await replaceRows(
        tx,
        DeskEntity,
        id,
        desks.map((d, position) => ({
          siteId: id,
          id: d.id,
          label: d.label,
          zoneId: d.zone,
          x: d.x,
          y: d.y,
          position,
          sensor: d.sensor ?? null,
        })),
      );
    });
  }

  /**
   * Removes the site; its zones, doors, desks and occupancy snapshot go with it (ON DELETE CASCADE,
   * as do its devices: SitesService refuses first while any is there). False when it was unknown.
   */
  async remove(siteId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await tx.getRepository(SiteEntity).existsBy({ id: siteId }))) return false;
      await tx.getRepository(SiteEntity).delete({ id: siteId });
      return true;
    });
  }

  async find(siteId: string): Promise<Site | null> {
    const row = await this.db.getRepository(SiteEntity).findOneBy({ id: siteId });
    return row ? this.assemble(row) : null;
  }

  async list(): Promise<Site[]> {
    const rows = await this.db.getRepository(SiteEntity).find({ order: { id: 'ASC' } });
    return Promise.all(rows.map((row) => this.assemble(row)));
  }

  private async assemble(row: SiteEntity): Promise<Site> {
    const where = { siteId: row.id };
    const [zones, doors, desks] = await Promise.all([
      this.db.getRepository(ZoneEntity).find({ where, order: { position: 'ASC' } }),
      this.db.getRepository(DoorEntity).find({ where, order: { position: 'ASC' } }),
      this.db.getRepository(DeskEntity).find({ where, order: { position: 'ASC' } }),
    ]);
    return {
      id: row.id,
      name: row.name,
      timezone: row.timezone,
      ...(row.rules as Omit<Site, 'id' | 'name' | 'timezone' | 'floorPlan' | 'zones' | 'doors' | 'desks'>),
      floorPlan: row.floorPlan as Site['floorPlan'],
      zones: zones.map((z) => ({ id: z.id, name: z.name, ...(z.area ? { area: z.area as NonNullable<Site['zones'][number]['area']> } : {}) })),
      doors: doors.map((d) => ({ id: d.id, name: d.name, zone: d.zoneId, unlockMs: d.unlockMs, ...((d.exit ?? {}) as DoorExit) })),
      desks: desks.map((d) => ({
        id: d.id,
        label: d.label,
        zone: d.zoneId,
        x: d.x,
        y: d.y,
        ...(d.sensor ? { sensor: d.sensor as DeskSensorType } : {}),
      })),
    };
  }
}

type SiteChild = typeof ZoneEntity | typeof DoorEntity | typeof DeskEntity;

/**
 * Rows per statement: a desk has ten columns, and SQLite takes at most 32,766 bound values per
 * statement (a site of 10,000 desks failed to start with "too many SQL variables").
 */
const CHUNK = 1000;

async function replaceRows<T extends SiteChild>(tx: EntityManager, entity: T, siteId: string, rows: InstanceType<T>[]) {
  const repository = tx.getRepository<{ siteId: string; id: string }>(entity);
  const kept = new Set(rows.map((row) => row.id));
  const stored = await repository.find({ select: { id: true }, where: { siteId } });
  const gone = stored.map((row) => row.id).filter((id) => !kept.has(id));
  for (let start = 0; start < gone.length; start += CHUNK) await repository.delete({ siteId, id: In(gone.slice(start, start + CHUNK)) });
  for (let start = 0; start < rows.length; start += CHUNK) await repository.upsert(rows.slice(start, start + CHUNK), ['siteId', 'id']);
}

type DoorExit = Pick<Site['doors'][number], 'exitReaders' | 'exitOnly'>;

/** Null for an entry-only door, so a file without exits stores what it stored before. */
function doorExit({ exitReaders, exitOnly }: Site['doors'][number]): DoorExit | null {
  const exit: DoorExit = { ...(exitReaders?.length ? { exitReaders } : {}), ...(exitOnly ? { exitOnly } : {}) };
  return Object.keys(exit).length ? exit : null;
}
