// The decision path's in-memory view of members, badges and passes: loaded once at start and
// updated by every API change right after its write commits, so a badge-in never waits on the
// database. Node runs one callback at a time, so a decision sees a change wholly or not at all.
import { Injectable } from '@nestjs/common';
import type { Badge, Pass, PassTake } from '#domain';
import type { BadgeRecord, MemberRecord, MemberRecords, MembersSnapshot } from './member.types.js';

/** `edit`: the API changed a member, badge or pass; `take`: a badge-in took a day from a pass. */
export type DirectoryChange = 'edit' | 'take';
/** `local`: made by this instance; `peer`: another instance's change, reloaded from the database. */
export type ChangeOrigin = 'local' | 'peer';
type ChangeListener = (memberId: string | null, cause: DirectoryChange, origin: ChangeOrigin) => void;

/** What a badge-in needs to be decided: its badge, member and passes (absent when unknown). */
export interface BadgeHolder {
  badge: Badge | null;
  member: MemberRecord | null;
  passes: readonly Pass[];
}

@Injectable()
export class MemberDirectory {
  private members = new Map<string, MemberRecord>();
  /** The active badge holding a UID, else the last one that did (so it answers `badge-revoked`). */
  private badges = new Map<string, BadgeRecord>();
  private badgesByMember = new Map<string, BadgeRecord[]>();
  private passes = new Map<string, Pass>();
  private passesByMember = new Map<string, Pass[]>();
  private readonly listeners: ChangeListener[] = [];

  /**
   * Told after every change, with the member it concerns (null: everything was reloaded). Called
   * on the decision path (a day taken): a listener only notes the change, never works inline.
   */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  private changed(memberId: string | null, cause: DirectoryChange = 'edit', origin: ChangeOrigin = 'local'): void {
    for (const listener of this.listeners) listener(memberId, cause, origin);
  }

  load(snapshot: MembersSnapshot): void {
    this.members = new Map(snapshot.members.map((m) => [m.id, m]));
    this.badges = new Map();
    this.badgesByMember = new Map();
    for (const badge of snapshot.badges) this.putBadge(badge);
    this.passes = new Map();
    this.passesByMember = new Map();
    for (const pass of snapshot.passes) this.putPass(pass);
    this.changed(null);
  }

  holderOf(uid: string): BadgeHolder {
    const badge = this.badges.get(uid) ?? null;
    const member = badge ? (this.members.get(badge.memberId) ?? null) : null;
    return { badge, member, passes: member ? this.passesOf(member.id) : [] };
  }

  member(id: string): MemberRecord | undefined {
    return this.members.get(id);
  }

  allMembers(): MemberRecord[] {
    return [...this.members.values()];
  }

  badgesOf(memberId: string): readonly BadgeRecord[] {
    return this.badgesByMember.get(memberId) ?? [];
  }

  /** Every pass of every member (the wall groups event passes into public events). */
  allPasses(): IterableIterator<Pass> {
    return this.passes.values();
  }

  passesOf(memberId: string): readonly Pass[] {
    return this.passesByMember.get(memberId) ?? [];
  }

  /** The active badge holding `uid`, if any. */
  activeBadge(uid: string): BadgeRecord | undefined {
    const badge = this.badges.get(uid);
    return badge?.status === 'active' ? badge : undefined;
  }

  putMember(member: MemberRecord): void {
    this.members.set(member.id, member);
    this.changed(member.id);
  }

  putBadge(badge: BadgeRecord): void {
    this.indexBadge(badge);
    this.changed(badge.memberId);
  }

  private indexBadge(badge: BadgeRecord): void {
    const current = this.badges.get(badge.uid);
    if (!current || current.status !== 'active' || badge.status === 'active') this.badges.set(badge.uid, badge);
    const list = this.badgesByMember.get(badge.memberId) ?? [];
    list.push(badge);
    this.badgesByMember.set(badge.memberId, list);
  }

  revokeBadge(uid: string, at: Date): void {
    const badge = this.activeBadge(uid);
    if (!badge) return;
    badge.status = 'revoked';
    badge.revokedAt = at;
    this.changed(badge.memberId);
  }

  /** After an erasure: the member's badges are gone (their UIDs unknown from now on), the record anonymous. */
  forgetMember(memberId: string): void {
    for (const badge of this.badgesByMember.get(memberId) ?? []) {
      if (this.badges.get(badge.uid)?.memberId === memberId) this.badges.delete(badge.uid);
    }
    this.badgesByMember.delete(memberId);
    const member = this.members.get(memberId);
    if (member) this.members.set(memberId, { ...member, name: 'Membre effacé', email: `erased-${memberId}@invalid`, active: false });
    this.changed(memberId);
  }

  /**
   * Replaces a member, its badges and passes with the database's (another instance changed them).
   * Days taken here whose write is still in flight are kept: a day taken is never given back.
   */
  replaceMember(records: MemberRecords, cause: DirectoryChange): void {
    const id = records.member.id;
    for (const badge of this.badgesByMember.get(id) ?? []) {
      if (this.badges.get(badge.uid)?.memberId === id) this.badges.delete(badge.uid);
    }
    this.badgesByMember.delete(id);
    for (const badge of records.badges) this.indexBadge(badge);
    const held = new Map((this.passesByMember.get(id) ?? []).map((pass) => [pass.id, pass]));
    const passes = records.passes.map((pass) => withUsesOf(pass, held.get(pass.id)));
    for (const pass of held.values()) this.passes.delete(pass.id);
    for (const pass of passes) this.passes.set(pass.id, pass);
    this.passesByMember.set(id, passes);
    this.members.set(id, records.member);
    this.changed(id, cause, 'peer');
  }

  pass(id: string): Pass | undefined {
    return this.passes.get(id);
  }

  /**
   * After a change committed: `update` gets the pass as it is now (days may have been taken while
   * the write was in flight) and returns its next version, which replaces it everywhere.
   */
  replacePass(id: string, update: (current: Pass) => Pass): Pass | undefined {
    const current = this.passes.get(id);
    if (!current) return undefined;
    const next = update(current);
    this.passes.set(id, next);
    const list = this.passesByMember.get(next.memberId) ?? [];
    this.passesByMember.set(next.memberId, list.map((p) => (p.id === id ? next : p)));
    this.changed(next.memberId);
    return next;
  }

  putPass(pass: Pass): void {
    this.passes.set(pass.id, pass);
    const list = this.passesByMember.get(pass.memberId) ?? [];
    list.push(pass);
    this.passesByMember.set(pass.memberId, list);
    this.changed(pass.memberId);
  }

  /**
   * Records a day taken from a pass; false when it was already there (a replay, a duplicate).
   * The pass's `usedOn` is replaced, not pushed to, so a summary already handed out stays as it was.
   */
  applyTake(take: PassTake): boolean {
    const pass = this.passes.get(take.passId);
    if (!pass) return false;
    if (pass.usedOn.some((u) => u.date === take.date && u.period === take.period)) return false;
    pass.usedOn = [...pass.usedOn, take.period ? { date: take.date, period: take.period } : { date: take.date }];
    this.changed(pass.memberId, 'take');
    return true;
  }
}

/** The database's pass, with the days this instance took and the database does not hold yet. */
function withUsesOf(pass: Pass, held: Pass | undefined): Pass {
  const key = (use: Pass['usedOn'][number]) => `${use.date}/${use.period ?? ''}`;
  const known = new Set(pass.usedOn.map(key));
  const pending = (held?.usedOn ?? []).filter((use) => !known.has(key(use)));
  return pending.length ? { ...pass, usedOn: [...pass.usedOn, ...pending] } : pass;
}
