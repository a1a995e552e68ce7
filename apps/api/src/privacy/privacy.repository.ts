import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ErasureBody, MemberExportBody } from '#protocol';
import { AccessEventEntity } from '../access/access-event.entity.js';
import { BadgeEntity, MemberChangeEntity, MemberEntity, PassChangeEntity, PassEntity, PassUseEntity } from '../members/member.entity.js';

/** The export's shape is libs/protocol's (GET /api/members/{id}/export); the time is the service's. */
export type MemberData = Omit<MemberExportBody, 'exportedAt'>;
export type Erasure = ErasureBody;
type MemberFields = MemberData['edits'][number]['before'];

/** What the service holds about one member, and how it forgets them (GDPR articles 15, 17, 20). */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly db: DataSource) {}

  async export(memberId: string): Promise<MemberData | null> {
    const member = await this.db.getRepository(MemberEntity).findOneBy({ id: memberId });
    if (!member) return null;
    const [badges, passes, events, edits] = await Promise.all([
      this.db.getRepository(BadgeEntity).find({ where: { memberId }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(PassEntity).find({ where: { memberId }, order: { createdAt: 'ASC' } }),
      this.db.getRepository(AccessEventEntity).find({ where: { memberId }, order: { at: 'ASC' } }),
      this.db.getRepository(MemberChangeEntity).find({ where: { memberId }, order: { at: 'ASC' } }),
    ]);
    const uses = passes.length ? await this.db.getRepository(PassUseEntity).find({ where: passes.map((p) => ({ passId: p.id })) }) : [];
    return {
      member: {
        id: member.id,
        name: member.name,
        email: member.email,
        adherent: member.adherent,
        active: member.active,
        createdAt: member.createdAt.toISOString(),
      },
      badges: badges.map((b) => ({
        uid: b.uid,
        status: b.status,
        createdAt: b.createdAt.toISOString(),
        revokedAt: b.revokedAt?.toISOString() ?? null,
      })),
      passes: passes.map((p) => ({
        id: p.id, type: p.type, validFrom: p.validFrom, validUntil: p.validUntil, credits: p.credits, title: p.title,
        usedOn: uses.filter((u) => u.passId === p.id).map((u) => (u.period ? `${u.date} ${u.period}` : u.date)).sort(),
      })),
      accessEvents: events.map((e) => ({
        time: e.at.toISOString(),
        site: e.siteId,
        door: e.doorId,
        reader: e.readerId,
        granted: e.granted,
        reason: e.reason,
      })),
      edits: edits.map((e) => ({
        at: e.at.toISOString(),
        before: JSON.parse(e.before) as MemberFields,
        after: JSON.parse(e.after) as MemberFields,
      })),
    };
  }

  /**
   * Erases a member's identity in one transaction: name and email replaced, badges deleted, the
   * access log's entries for them unlinked (no id, name or UID left). Passes and the days they
   * took stay, attached to the anonymous record, because the association must keep its accounts;
   * their edit history (old names and e-mails) goes, and cancellation reasons (free text) are blanked.
   */
  async erase(memberId: string): Promise<Erasure | null> {
    const erasure = await this.db.transaction(async (tx) => {
      const members = tx.getRepository(MemberEntity);
      if (!(await members.findOneBy({ id: memberId }))) return null;
      await members.update({ id: memberId }, { name: 'Membre effacé', email: `erased-${memberId}@invalid`, active: false });
      const badges = await tx.getRepository(BadgeEntity).delete({ memberId });
      const events = await tx.getRepository(AccessEventEntity).update({ memberId }, { memberId: null, memberName: null, uid: null });
      await tx.getRepository(MemberChangeEntity).delete({ memberId });
      const passes = await tx.getRepository(PassEntity).find({ where: { memberId }, select: { id: true } });
      for (const { id } of passes) {
        await tx.getRepository(PassEntity).update({ id }, { cancelReason: null });
        await tx.getRepository(PassChangeEntity).update({ passId: id }, { reason: null });
      }
      return { badges: badges.affected ?? 0, accessEvents: events.affected ?? 0 };
    });
    if (erasure) await this.scrub();
    return erasure;
  }

  /**
   * SQLite: the write-ahead log still holds the pages as they were before the erasure; a TRUNCATE
   * checkpoint copies the new pages into the database (where secure_delete zeroed the old content)
   * and empties the log. Retried while a reader holds the log. PostgreSQL keeps dead rows until
   * VACUUM (docs/operations.md, "Erasure on PostgreSQL").
   */
  private async scrub(): Promise<void> {
    if (this.db.options.type !== 'better-sqlite3') return;
    for (let attempt = 0; attempt < 20; attempt++) {
      const [result] = (await this.db.query('PRAGMA wal_checkpoint(TRUNCATE)')) as Array<{ busy: number }>;
      if (!result?.busy) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
