import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AccessEventEntity } from '../access/access-event.entity.js';
import type { HalfDayPeriod, Pass, PassChange, PassChangeKind, PassTake, PassTerms, PassType, PassUse, SubscriptionEndMode } from '#domain';
import { BadgeEntity, MemberChangeEntity, MemberEntity, PassChangeEntity, PassEntity, PassUseEntity } from './member.entity.js';
import type { BadgeRecord, MemberChangeRecord, MemberRecord, MemberRecords, MembersSnapshot, PassChangeRecord } from './member.types.js';

export type AddBadgeResult = 'added' | 'uid-taken';
/** `email-taken`: the unique index on lower(email) refused it (two edits racing). */
export type MemberWriteResult = 'written' | 'email-taken';

@Injectable()
export class MembersRepository {
  constructor(private readonly db: DataSource) {}

  async createMember(member: MemberRecord): Promise<MemberWriteResult> {
    return uniqueEmail(() => this.db.getRepository(MemberEntity).insert({ ...member, emailDuplicate: member.emailDuplicate ?? false }));
  }

  /** Writes the member as edited and its audit entry together. */
  async updateMember(member: MemberRecord, change: MemberChangeRecord): Promise<MemberWriteResult> {
    return uniqueEmail(() =>
      this.db.transaction(async (tx) => {
        const { name, email, adherent } = member;
        await tx.getRepository(MemberEntity).update(
          { id: member.id },
          { name, email, adherent, emailDuplicate: member.emailDuplicate ?? false },
        );
        await tx.getRepository(MemberChangeEntity).insert({
          id: randomUUID(), memberId: member.id, at: change.at, accountId: change.accountId,
          before: JSON.stringify(change.before), after: JSON.stringify(change.after),
        });
      }),
    );
  }

  /**
   * Members a badge let in since `since` (the members list's "présent aujourd'hui"): one indexed
   * query for the whole list, never one per member. Reads the audit log as written (its writer
   * flushes within seconds), like GET /api/access-events.
   */
  async badgedInSince(since: Date): Promise<Set<string>> {
    const rows = await this.db
      .getRepository(AccessEventEntity)
      .createQueryBuilder('e')
      .select('DISTINCT e.member_id', 'memberId')
      // IS TRUE: better-sqlite3 cannot bind a boolean (as in access-events.repository.ts).
      .where("e.kind = 'badge' AND e.granted IS TRUE AND e.at >= :since AND e.member_id IS NOT NULL", { since: since.toISOString() })
      .getRawMany<{ memberId: string }>();
    return new Set(rows.map((row) => row.memberId));
  }

  /** The member's edits and their passes' changes, oldest first (the audit trail). */
  async history(memberId: string, passIds: string[]): Promise<{ member: MemberChangeRecord[]; passes: PassChangeRecord[] }> {
    const edits = await this.db.getRepository(MemberChangeEntity).find({ where: { memberId }, order: { at: 'ASC', id: 'ASC' } });
    const changes = passIds.length ? await this.db.getRepository(PassChangeEntity).find({ where: passIds.map((passId) => ({ passId })), order: { at: 'ASC', passId: 'ASC', seq: 'ASC' } }) : [];
    return {
      member: edits.map((e) => ({ at: e.at, accountId: e.accountId, before: JSON.parse(e.before) as MemberChangeRecord['before'], after: JSON.parse(e.after) as MemberChangeRecord['after'] })),
      passes: changes.map(toPassChangeRecord),
    };
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
      priceCents: pass.priceCents ?? null,
      endMode: pass.endMode ?? null,
      cancelledOn: null,
      refund: null,
      refundCents: null,
      cancelReason: null,
    });
  }

  /** Records a change (its `seq`-th) and the pass's new terms in one transaction. */
  async recordPassChange(pass: Pass, change: PassChangeRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(PassChangeEntity).insert({
        passId: pass.id, seq: change.seq, kind: change.kind, on: change.on, at: change.at, accountId: change.accountId,
        before: JSON.stringify(change.before), after: JSON.stringify(change.after), reason: change.reason ?? null,
      });
      const terms = change.after;
      await tx.getRepository(PassEntity).update({ id: pass.id }, {
        validFrom: terms.validFrom ?? null, validUntil: terms.validUntil ?? null, credits: terms.credits ?? null,
        cancelledOn: terms.cancelledOn ?? null, refund: terms.refund ?? null, refundCents: terms.refundCents ?? null,
        ...(change.reason !== undefined ? { cancelReason: change.reason } : {}),
      });
    });
  }

  /** Passes sold before prices were kept get the price of the tariffs in force (once). */
  async fillPrice(passId: string, priceCents: number, endMode: SubscriptionEndMode | null): Promise<void> {
    await this.db.getRepository(PassEntity).update({ id: passId, priceCents: IsNull() }, { priceCents, endMode });
  }

  /** Days taken from passes since `since` (their decision time), whoever took them. */
  async takesSince(since: Date): Promise<PassTake[]> {
    const rows = await this.db
      .getRepository(PassUseEntity)
      .createQueryBuilder('u')
      .where('u.taken_at >= :since', { since: since.toISOString() })
      .getMany();
    return rows.map((row) => ({ passId: row.passId, date: row.date, ...(row.period ? { period: row.period as HalfDayPeriod } : {}) }));
  }

  /** Every member, badge and pass with its uses: the decision path's in-memory view starts from it. */
  async snapshot(): Promise<MembersSnapshot> {
    const [members, badges, passes, uses, changes] = await Promise.all([
      this.db.getRepository(MemberEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(BadgeEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(PassEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(PassUseEntity).find(),
      this.db.getRepository(PassChangeEntity).find({ order: { seq: 'ASC' } }),
    ]);
    return { members: members.map(toMember), badges: badges.map(toBadge), passes: withUses(passes, uses, changes) };
  }

  /** One member as the database holds it now (another instance changed it); null when unknown. */
  async memberRecords(memberId: string): Promise<MemberRecords | null> {
    const [member, badges, passes] = await Promise.all([
      this.db.getRepository(MemberEntity).findOneBy({ id: memberId }),
      this.db.getRepository(BadgeEntity).find({ where: { memberId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.db.getRepository(PassEntity).find({ where: { memberId }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    if (!member) return null;
    const passIds = passes.map((pass) => ({ passId: pass.id }));
    const [uses, changes] = passIds.length
      ? await Promise.all([
        this.db.getRepository(PassUseEntity).find({ where: passIds }),
        this.db.getRepository(PassChangeEntity).find({ where: passIds, order: { seq: 'ASC' } }),
      ])
      : [[], []];
    return { member: toMember(member), badges: badges.map(toBadge), passes: withUses(passes, uses, changes) };
  }
}

function withUses(passes: PassEntity[], uses: PassUseEntity[], changes: PassChangeEntity[]): Pass[] {
  const changesByPass = new Map<string, PassChange[]>();
  for (const row of changes) {
    const list = changesByPass.get(row.passId) ?? [];
    list.push({
      kind: row.kind as PassChangeKind,
      on: row.on,
      before: JSON.parse(row.before) as PassTerms,
      after: JSON.parse(row.after) as PassTerms,
    });
    changesByPass.set(row.passId, list);
  }
  const usesByPass = new Map<string, PassUse[]>();
  for (const use of uses) {
    const list = usesByPass.get(use.passId) ?? [];
    list.push(use.period ? { date: use.date, period: use.period as 'morning' | 'afternoon' } : { date: use.date });
    usesByPass.set(use.passId, list);
  }
  return passes.map((row) => toPass(row, usesByPass.get(row.id) ?? [], changesByPass.get(row.id)));
}

function toMember(row: MemberEntity): MemberRecord {
  const member: MemberRecord = {
    id: row.id,
    name: row.name,
    email: row.email,
    adherent: row.adherent,
    active: row.active,
    createdAt: row.createdAt,
  };
  if (row.emailDuplicate) member.emailDuplicate = true;
  return member;
}

function toPassChangeRecord(row: PassChangeEntity): PassChangeRecord {
  return {
    passId: row.passId, seq: row.seq, kind: row.kind as PassChangeKind, on: row.on, at: row.at, accountId: row.accountId,
    before: JSON.parse(row.before) as PassTerms, after: JSON.parse(row.after) as PassTerms, ...(row.reason !== null
      ? { reason: row.reason }
      : {}),
  };
}

async function uniqueEmail(write: () => Promise<unknown>): Promise<MemberWriteResult> {
  try {
    await write();
    return 'written';
  } catch (error) {
    if (isUniqueViolation(error)) return 'email-taken';
    throw error;
  }
}

function toBadge(row: BadgeEntity): BadgeRecord {
  return {
    uid: row.uid,
    memberId: row.memberId,
    status: row.status,
    createdAt: row.createdAt,
    ...(row.revokedAt ? { revokedAt: row.revokedAt } : {}),
  };
}

function toPass(row: PassEntity, usedOn: PassUse[], changes: PassChange[] | undefined): Pass {
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
    ...(row.priceCents !== null ? { priceCents: row.priceCents } : {}),
    ...(row.endMode !== null ? { endMode: row.endMode as SubscriptionEndMode } : {}),
    ...(row.cancelledOn !== null ? { cancelledOn: row.cancelledOn } : {}),
    ...(row.refund !== null ? { refund: row.refund } : {}),
    ...(row.refundCents !== null ? { refundCents: row.refundCents } : {}),
    ...(changes ? { changes } : {}),
    usedOn,
  };
}

/** SQLite `SQLITE_CONSTRAINT_UNIQUE`, PostgreSQL `23505`. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
