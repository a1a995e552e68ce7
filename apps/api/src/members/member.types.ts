// Members as the service keeps them: the domain's Member, Badge and Pass plus what only the
// manager needs (email, dates). Rules read the domain types; the API shows these.
import type { Badge, Member, Pass, PassChange } from '#domain';

export interface MemberRecord extends Member {
  email: string;
  createdAt: Date;
  /** Shared its e-mail with an older member when e-mails became unique: to be given its own. */
  emailDuplicate?: boolean;
}

/** What an edit may change in a member. */
export type MemberFields = Partial<Pick<MemberRecord, 'name' | 'email' | 'adherent'>>;

/** One edit of a member: the fields it changed, before and after. */
export interface MemberChangeRecord {
  at: Date;
  accountId: string | null;
  before: MemberFields;
  after: MemberFields;
}

/** One recorded change of a pass, with who made it and when (the domain's PassChange plus the audit). */
export interface PassChangeRecord extends PassChange {
  passId: string;
  seq: number;
  at: Date;
  accountId: string | null;
  reason?: string;
}

export interface BadgeRecord extends Badge {
  createdAt: Date;
  revokedAt?: Date;
}

/** Everything the decision path needs, as loaded at start. */
export interface MembersSnapshot {
  members: MemberRecord[];
  badges: BadgeRecord[];
  /** With their `usedOn` filled. */
  passes: Pass[];
}

/** One member as the database holds it, to replace this instance's copy (another instance changed it). */
export interface MemberRecords {
  member: MemberRecord;
  badges: BadgeRecord[];
  passes: Pass[];
}
