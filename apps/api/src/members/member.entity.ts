import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoText } from '../infra/database/iso-text.js';

@Entity('member')
export class MemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 320 }) email!: string;
  @Column({ type: 'boolean' }) adherent!: boolean;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ name: 'created_at', ...isoText }) createdAt!: Date;
  /** Shared its e-mail with an older member when e-mails became unique (migration 1765140000000). */
  @Column({ name: 'email_duplicate', type: 'boolean', default: false }) emailDuplicate!: boolean;
}

/** One edit of a member, for the audit: the fields changed, before and after (JSON). */
@Entity('member_change')
export class MemberChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'member_id', type: 'varchar', length: 36 }) memberId!: string;
  @Column({ ...isoText }) at!: Date;
  @Column({ name: 'account_id', type: 'varchar', length: 36, nullable: true }) accountId!: string | null;
  @Column({ type: 'text' }) before!: string;
  @Column({ type: 'text' }) after!: string;
}

@Entity('badge')
export class BadgeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  /** Canonical hex (libs/protocol `normalizeUid`). */
  @Column({ type: 'varchar', length: 20 }) uid!: string;
  @Column({ name: 'member_id', type: 'varchar', length: 36 }) memberId!: string;
  @Column({ type: 'varchar', length: 16 }) status!: 'active' | 'revoked' | 'lost';
  @Column({ name: 'created_at', ...isoText }) createdAt!: Date;
  @Column({ name: 'revoked_at', ...isoText, nullable: true }) revokedAt!: Date | null;
}

@Entity('pass')
export class PassEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ name: 'member_id', type: 'varchar', length: 36 }) memberId!: string;
  @Column({ type: 'varchar', length: 16 }) type!: string;
  /** A local date, or for an event an ISO time with its offset, as the manager gave it. */
  @Column({ name: 'valid_from', type: 'varchar', length: 32, nullable: true }) validFrom!: string | null;
  @Column({ name: 'valid_until', type: 'varchar', length: 32, nullable: true }) validUntil!: string | null;
  @Column({ type: 'integer', nullable: true }) credits!: number | null;
  /** JSON array of zone ids: read and written whole, never queried. */
  @Column({ type: 'text' }) zones!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) title!: string | null;
  @Column({ name: 'sold_on', type: 'varchar', length: 10, nullable: true }) soldOn!: string | null;
  @Column({ name: 'created_at', ...isoText }) createdAt!: Date;
  /** Fixed at sale, integer cents (a subscription's monthly price). */
  @Column({ name: 'price_cents', type: 'integer', nullable: true }) priceCents!: number | null;
  @Column({ name: 'end_mode', type: 'varchar', length: 16, nullable: true }) endMode!: string | null;
  @Column({ name: 'cancelled_on', type: 'varchar', length: 10, nullable: true }) cancelledOn!: string | null;
  @Column({ type: 'boolean', nullable: true }) refund!: boolean | null;
  @Column({ name: 'refund_cents', type: 'integer', nullable: true }) refundCents!: number | null;
  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true }) cancelReason!: string | null;
}

/** One correction, end or cancellation of a pass (`seq` counts them per pass): audit and billing. */
@Entity('pass_change')
export class PassChangeEntity {
  @PrimaryColumn({ name: 'pass_id', type: 'varchar', length: 36 }) passId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  /** The site's local date of the change: the month its effect is billed in. */
  @Column({ name: 'on_date', type: 'varchar', length: 10 }) on!: string;
  @Column({ ...isoText }) at!: Date;
  @Column({ name: 'account_id', type: 'varchar', length: 36, nullable: true }) accountId!: string | null;
  /** PassTerms as JSON. */
  @Column({ type: 'text' }) before!: string;
  @Column({ type: 'text' }) after!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason!: string | null;
}

/** One day (or half, `period`) taken from a pass; the primary key forbids taking it twice. */
@Entity('pass_use')
export class PassUseEntity {
  @PrimaryColumn({ name: 'pass_id', type: 'varchar', length: 36 }) passId!: string;
  @PrimaryColumn({ name: 'use_date', type: 'varchar', length: 10 }) date!: string;
  /** `morning`, `afternoon`, or '' for a whole day. */
  @PrimaryColumn({ type: 'varchar', length: 10 }) period!: string;
  @Column({ name: 'taken_at', ...isoText }) takenAt!: Date;
}

/** The tables the members feature owns, parents first (copy-database inserts in this order). */
export const memberEntities = [MemberEntity, BadgeEntity, PassEntity, PassUseEntity, MemberChangeEntity, PassChangeEntity];
