import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PassUseEntity } from '../members/member.entity.js';
import { SettingEntity } from '../infra/database/setting.entity.js';
import { AccessEventEntity } from './access-event.entity.js';
import type { AccessEntry, AccessEventKind } from './access.types.js';

export interface AccessEventFilter {
  site?: string;
  from?: Date;
  to?: Date;
  kinds?: AccessEventKind[];
  granted?: boolean;
  door?: string;
  reader?: string;
  member?: string;
  /** Only events before this one (newest-first order: time, then id). */
  before?: { at: Date; id: string };
  limit: number;
}

// 500 rows × 16 columns stays far below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

@Injectable()
export class AccessEventsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Writes entries and the days they took in one transaction. Both inserts ignore rows already
   * there (same entry id; same pass, date and half), so a batch replayed after a crash or a
   * timed-out write is counted once.
   */
  async write(entries: readonly AccessEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += CHUNK) await insertChunk(tx, entries.slice(i, i + CHUNK));
    });
  }

  /** Newest first. */
  async list(filter: AccessEventFilter): Promise<AccessEntry[]> {
    const query = this.db.getRepository(AccessEventEntity).createQueryBuilder('e');
    if (filter.site) query.andWhere('e.site_id = :site', { site: filter.site });
    if (filter.from) query.andWhere('e.at >= :from', { from: filter.from.toISOString() });
    if (filter.to) query.andWhere('e.at < :to', { to: filter.to.toISOString() });
    if (filter.kinds) query.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
    // IS TRUE / IS FALSE: better-sqlite3 cannot bind a boolean, and PostgreSQL will not compare one to 1.
    if (filter.granted !== undefined) query.andWhere(filter.granted ? 'e.granted IS TRUE' : 'e.granted IS FALSE');
    if (filter.door) query.andWhere('e.door_id = :door', { door: filter.door });
    if (filter.reader) query.andWhere('e.reader_id = :reader', { reader: filter.reader });
    if (filter.member) query.andWhere('e.member_id = :member', { member: filter.member });
    if (filter.before) query.andWhere('(e.at < :beforeAt OR (e.at = :beforeAt AND e.id < :beforeId))', { beforeAt: filter.before.at.toISOString(), beforeId: filter.before.id });
    const rows = await query.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').take(filter.limit).getMany();
    return rows.map(toEntry);
  }

  async count(): Promise<number> {
    return this.db.getRepository(AccessEventEntity).count();
  }

  /** Removes entries older than `cutoff`; returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .getRepository(AccessEventEntity)
      .createQueryBuilder()
      .delete()
      .where('at < :cutoff', { cutoff: cutoff.toISOString() })
      .execute();
    return result.affected ?? 0;
  }

  /** Sites in lockdown, kept across restarts in the settings table (`lockdown:<site>`). */
  async lockedSites(): Promise<string[]> {
    const rows = await this.db.getRepository(SettingEntity).find();
    return rows.filter((row) => row.key.startsWith('lockdown:') && row.value === 'on').map((row) => row.key.slice('lockdown:'.length));
  }

  async setLockdown(site: string, enabled: boolean): Promise<void> {
    await this.db.getRepository(SettingEntity).upsert({ key: `lockdown:${site}`, value: enabled ? 'on' : 'off' }, ['key']);
  }
}

async function insertChunk(tx: EntityManager, entries: readonly AccessEntry[]): Promise<void> {
  await tx.createQueryBuilder().insert().into(AccessEventEntity).values(entries.map(toRow)).orIgnore().execute();
  const uses = entries.flatMap((e) =>
    e.take ? [{ passId: e.take.passId, date: e.take.date, period: e.take.period ?? '', takenAt: new Date(e.at) }] : [],
  );
  if (uses.length > 0) await tx.createQueryBuilder().insert().into(PassUseEntity).values(uses).orIgnore().execute();
}

function toRow(entry: AccessEntry): AccessEventEntity {
  return {
    id: entry.id,
    kind: entry.kind,
    siteId: entry.site,
    doorId: entry.door ?? null,
    readerId: entry.reader ?? null,
    uid: entry.uid ?? null,
    memberId: entry.memberId ?? null,
    memberName: entry.memberName ?? null,
    granted: entry.granted ?? null,
    reason: entry.reason,
    detail: entry.detail ?? null,
    passId: entry.passId ?? null,
    managerId: entry.managerId ?? null,
    at: new Date(entry.at),
    deviceTime: entry.deviceTime ? new Date(entry.deviceTime) : null,
    latencyMs: entry.latencyMs ?? null,
  };
}

function toEntry(row: AccessEventEntity): AccessEntry {
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));
  return {
    id: row.id,
    kind: row.kind as AccessEventKind,
    site: row.siteId,
    ...optional('door', row.doorId),
    ...optional('reader', row.readerId),
    ...optional('uid', row.uid),
    ...optional('memberId', row.memberId),
    ...optional('memberName', row.memberName),
    ...optional('granted', row.granted),
    reason: row.reason,
    ...optional('detail', row.detail),
    ...optional('passId', row.passId),
    ...optional('managerId', row.managerId),
    at: row.at.toISOString(),
    ...optional('deviceTime', row.deviceTime?.toISOString() ?? null),
    ...optional('latencyMs', row.latencyMs),
  };
}
