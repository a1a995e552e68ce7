import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Pass, PassType, PassUse } from '#domain';
import { BadgeEntity, MemberEntity, PassEntity, PassUseEntity } from './member.entity.js';
import type { BadgeRecord, MemberRecord, MembersSnapshot } from './member.types.js';

export type AddBadgeResult = 'added' | 'uid-taken';

@Injectable()
export class MembersRepository {
  constructor(private readonly db: DataSource) {}

  async createMember(member: MemberRecord): Promise<void> {
    await this.db.getRepository(MemberEntity).insert(member);
  }

  /** The partial unique index decides, so two managers adding the same UID at once get one 409. */
  async addBadge(badge: BadgeRecord): Promise<AddBadgeResult> {
    try {
      await this.db.getRepository(BadgeEntity).insert({ id: randomUUID(), ...badge, revokedAt: badge.revokedAt ?? null });
      return 'added';
    } catch (error) {
      if (isUniqueViolation(error)) return 'uid-taken';
      throw error;
    }
  }

  /** Revokes the active badge holding `uid`; false when none does. */
  async revokeBadge(uid: string, at: Date): Promise<boolean> {
    const result = await this.db.getRepository(BadgeEntity).update({ uid, status: 'active' }, { status: 'revoked', revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  async createPass(pass: Pass, createdAt: Date): Promise<void> {
    await this.db.getRepository(PassEntity).insert({
      id: pass.id,
      memberId: pass.memberId,
      type: pass.type,
      validFrom: pass.validFrom ?? null,
      validUntil: pass.validUntil ?? null,
      credits: pass.credits ?? null,
      zones: JSON.stringify(pass.zones),
      title: pass.title ?? null,
      soldOn: pass.soldOn ?? null,
      createdAt,
    });
  }

  /** Every member, badge and pass with its uses: the decision path's in-memory view starts from it. */
  async snapshot(): Promise<MembersSnapshot> {
    const [members, badges, passes, uses] = await Promise.all([
      this.db.getRepository(MemberEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(BadgeEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(PassEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(PassUseEntity).find(),
    ]);
    const usesByPass = new Map<string, PassUse[]>();
    for (const use of uses) {
      const list = usesByPass.get(use.passId) ?? [];
      list.push(use.period ? { date: use.date, period: use.period as 'morning' | 'afternoon' } : { date: use.date });
      usesByPass.set(use.passId, list);
    }
    return {
      members: members.map(toMember),
      badges: badges.map(toBadge),
      passes: passes.map((row) => toPass(row, usesByPass.get(row.id) ?? [])),
    };
  }
}

function toMember(row: MemberEntity): MemberRecord {
  return { id: row.id, name: row.name, email: row.email, adherent: row.adherent, active: row.active, createdAt: row.createdAt };
}

function toBadge(row: BadgeEntity): BadgeRecord {
  return { uid: row.uid, memberId: row.memberId, status: row.status, createdAt: row.createdAt, ...(row.revokedAt ? { revokedAt: row.revokedAt } : {}) };
}

function toPass(row: PassEntity, usedOn: PassUse[]): Pass {
  return {
    id: row.id,
    memberId: row.memberId,
    type: row.type as PassType,
    ...(row.validFrom !== null ? { validFrom: row.validFrom } : {}),
    ...(row.validUntil !== null ? { validUntil: row.validUntil } : {}),
    ...(row.credits !== null ? { credits: row.credits } : {}),
    zones: JSON.parse(row.zones) as string[],
    ...(row.title !== null ? { title: row.title } : {}),
    ...(row.soldOn !== null ? { soldOn: row.soldOn } : {}),
    usedOn,
  };
}

/** SQLite `SQLITE_CONSTRAINT_UNIQUE`, PostgreSQL `23505`. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
