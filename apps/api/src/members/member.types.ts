// Members as the service keeps them: the domain's Member, Badge and Pass plus what only the
// manager needs (email, dates). Rules read the domain types; the API shows these.
import type { Badge, Member, Pass } from '#domain';

export interface MemberRecord extends Member {
  email: string;
  createdAt: Date;
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
