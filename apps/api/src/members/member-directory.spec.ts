// The decision path's in-memory view, alone: no database, no Nest. Every decision reads it, and
// `applyTake` is what keeps a day from being taken twice (issue #14: its guard had no test).
import { describe, expect, it } from 'vitest';
import type { Pass } from '#domain';
import { MemberDirectory, type DirectoryChange } from './member-directory.js';
import type { BadgeRecord, MemberRecord } from './member.types.js';

const created = new Date('2026-01-05T09:00:00Z');
const member = (id: string, name = `Membre ${id}`): MemberRecord => ({
  id,
  name,
  email: `${id}@example.org`,
  adherent: true,
  active: true,
  createdAt: created,
});
const badge = (uid: string, memberId: string, status: BadgeRecord['status'] = 'active'): BadgeRecord => ({ uid, memberId, status, createdAt: created });
const pass = (id: string, memberId: string, usedOn: Pass['usedOn'] = []): Pass => ({ id, memberId, type: 'day', zones: ['open-space'], usedOn });

/** A directory holding Anne (badge AA, pass p1) and Bruno (badge BB, no pass), with its change log. */
function directory() {
  const dir = new MemberDirectory();
  dir.load({
    members: [member('anne', 'Anne Le Goff'), member('bruno')],
    badges: [badge('AA', 'anne'), badge('BB', 'bruno')],
    passes: [pass('p1', 'anne')],
  });
  const changes: Array<[string | null, DirectoryChange]> = [];
  dir.onChange((memberId, cause) => changes.push([memberId, cause]));
  return { dir, changes };
}

describe('MemberDirectory: load and look-ups', () => {
  it('tells every listener that everything was reloaded', () => {
    const dir = new MemberDirectory();
    const first: Array<[string | null, DirectoryChange]> = [];
    const second: Array<[string | null, DirectoryChange]> = [];
    dir.onChange((id, cause) => first.push([id, cause]));
    dir.onChange((id, cause) => second.push([id, cause]));
    dir.load({ members: [], badges: [], passes: [] });
    expect(first).toEqual([[null, 'edit']]);
    expect(second).toEqual([[null, 'edit']]);
  });

  it('finds the badge, member and passes of a known UID', () => {
    const { dir } = directory();
    const holder = dir.holderOf('AA');
    expect(holder.badge).toMatchObject({ uid: 'AA', memberId: 'anne' });
    expect(holder.member?.name).toBe('Anne Le Goff');
    expect(holder.passes.map((p) => p.id)).toEqual(['p1']);
  });

  it('knows nothing of an unknown UID', () => {
    expect(directory().dir.holderOf('ZZ')).toEqual({ badge: null, member: null, passes: [] });
  });

  it('gives a badge whose member is missing no member and no pass', () => {
    const dir = new MemberDirectory();
    dir.load({ members: [], badges: [badge('AA', 'ghost')], passes: [pass('p1', 'ghost')] });
    expect(dir.holderOf('AA')).toEqual({ badge: expect.objectContaining({ uid: 'AA' }), member: null, passes: [] });
  });

  it('replaces, not merges, what an earlier load held', () => {
    const { dir } = directory();
    dir.load({ members: [member('carla')], badges: [badge('CC', 'carla')], passes: [pass('p9', 'carla')] });
    expect(dir.member('anne')).toBeUndefined();
    expect(dir.holderOf('AA').badge).toBeNull();
    expect(dir.badgesOf('anne')).toEqual([]);
    expect(dir.pass('p1')).toBeUndefined();
    expect(dir.passesOf('anne')).toEqual([]);
    expect(dir.allMembers().map((m) => m.id)).toEqual(['carla']);
    expect([...dir.allPasses()].map((p) => p.id)).toEqual(['p9']);
  });

  it('lists members, badges and passes', () => {
    const { dir } = directory();
    expect(dir.allMembers().map((m) => m.id)).toEqual(['anne', 'bruno']);
    expect(dir.badgesOf('anne').map((b) => b.uid)).toEqual(['AA']);
    expect(dir.badgesOf('nobody')).toEqual([]);
    expect([...dir.allPasses()].map((p) => p.id)).toEqual(['p1']);
    expect(dir.passesOf('bruno')).toEqual([]);
    expect(dir.member('bruno')?.email).toBe('bruno@example.org');
  });

  it('answers activeBadge only for an active badge', () => {
    const dir = new MemberDirectory();
    dir.load({ members: [member('anne')], badges: [badge('AA', 'anne'), badge('LL', 'anne', 'lost')], passes: [] });
    expect(dir.activeBadge('AA')?.uid).toBe('AA');
    expect(dir.activeBadge('LL')).toBeUndefined();
    expect(dir.activeBadge('ZZ')).toBeUndefined();
  });
});

describe('MemberDirectory: edits', () => {
  it('puts a member and tells whom it concerns', () => {
    const { dir, changes } = directory();
    dir.putMember({ ...member('anne'), name: 'Anne Kervella' });
    expect(dir.member('anne')?.name).toBe('Anne Kervella');
    expect(changes).toEqual([['anne', 'edit']]);
  });

  it('keeps the active badge on a UID when a revoked one for it arrives', () => {
    const { dir, changes } = directory();
    dir.putBadge(badge('AA', 'bruno', 'revoked'));
    expect(dir.holderOf('AA').badge).toMatchObject({ memberId: 'anne', status: 'active' });
    expect(dir.badgesOf('bruno').map((b) => `${b.uid}:${b.status}`)).toEqual(['BB:active', 'AA:revoked']);
    expect(changes).toEqual([['bruno', 'edit']]);
  });

  it('lets an active badge take a UID whose badge was revoked', () => {
    const { dir } = directory();
    dir.revokeBadge('AA', created);
    dir.putBadge(badge('AA', 'bruno'));
    expect(dir.holderOf('AA').member?.id).toBe('bruno');
  });

  it('lets an active badge take over a UID from another active badge', () => {
    const { dir } = directory();
    dir.putBadge(badge('AA', 'bruno'));
    expect(dir.holderOf('AA').member?.id).toBe('bruno');
  });

  it('keeps the latest revoked badge of a UID no active badge holds (it answers badge-revoked)', () => {
    const dir = new MemberDirectory();
    dir.load({ members: [member('anne'), member('bruno')], badges: [badge('AA', 'anne', 'revoked')], passes: [] });
    dir.putBadge(badge('AA', 'bruno', 'lost'));
    expect(dir.holderOf('AA').badge).toMatchObject({ memberId: 'bruno', status: 'lost' });
  });

  it('revokes an active badge with its date, and tells', () => {
    const { dir, changes } = directory();
    const at = new Date('2026-03-02T10:00:00Z');
    dir.revokeBadge('AA', at);
    expect(dir.holderOf('AA').badge).toMatchObject({ status: 'revoked', revokedAt: at });
    expect(dir.activeBadge('AA')).toBeUndefined();
    expect(changes).toEqual([['anne', 'edit']]);
  });

  it('does nothing when revoking a UID no active badge holds', () => {
    const { dir, changes } = directory();
    dir.revokeBadge('ZZ', created);
    dir.revokeBadge('AA', created);
    dir.revokeBadge('AA', new Date('2027-01-01T00:00:00Z'));
    expect(dir.badgesOf('anne')[0]?.revokedAt).toEqual(created);
    expect(changes).toEqual([['anne', 'edit']]);
  });

  it('forgets an erased member: UIDs unknown, record anonymous and inactive', () => {
    const { dir, changes } = directory();
    dir.forgetMember('anne');
    expect(dir.holderOf('AA')).toEqual({ badge: null, member: null, passes: [] });
    expect(dir.badgesOf('anne')).toEqual([]);
    expect(dir.member('anne')).toEqual({ ...member('anne'), name: 'Membre effacé', email: 'erased-anne@invalid', active: false });
    expect(changes).toEqual([['anne', 'edit']]);
  });

  it('leaves a UID now held by another member when erasing its former holder', () => {
    const { dir } = directory();
    dir.revokeBadge('AA', created);
    dir.putBadge(badge('AA', 'bruno'));
    dir.forgetMember('anne');
    expect(dir.holderOf('AA').member?.id).toBe('bruno');
  });

  it('erases both former holders of a UID, whichever goes first', () => {
    const { dir } = directory();
    dir.revokeBadge('AA', created);
    dir.putBadge(badge('AA', 'bruno'));
    dir.forgetMember('bruno');
    dir.forgetMember('anne');
    expect(dir.holderOf('AA').badge).toBeNull();
    expect(dir.member('anne')?.active).toBe(false);
  });

  it('tells of an erasure even for a member it never held', () => {
    const { dir, changes } = directory();
    dir.forgetMember('nobody');
    expect(dir.member('nobody')).toBeUndefined();
    expect(changes).toEqual([['nobody', 'edit']]);
  });

  it('adds a pass to its member', () => {
    const { dir, changes } = directory();
    dir.putPass(pass('p2', 'anne'));
    expect(dir.passesOf('anne').map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(dir.pass('p2')?.memberId).toBe('anne');
    expect(changes).toEqual([['anne', 'edit']]);
  });

  it('replaces a pass from its current version, everywhere', () => {
    const { dir, changes } = directory();
    dir.putPass(pass('p2', 'anne'));
    dir.applyTake({ passId: 'p1', date: '2026-03-02' });
    changes.length = 0;
    const next = dir.replacePass('p1', (current) => ({ ...current, validUntil: '2026-03-31' }));
    expect(next).toMatchObject({ id: 'p1', validUntil: '2026-03-31', usedOn: [{ date: '2026-03-02' }] });
    expect(dir.pass('p1')).toBe(next);
    expect(dir.passesOf('anne')).toEqual([next, dir.pass('p2')]);
    expect(dir.holderOf('AA').passes[0]).toBe(next);
    expect(changes).toEqual([['anne', 'edit']]);
  });

  it('replaces nothing and tells nobody for an unknown pass', () => {
    const { dir, changes } = directory();
    let called = false;
    expect(dir.replacePass('nope', (p) => ((called = true), p))).toBeUndefined();
    expect(called).toBe(false);
    expect(changes).toEqual([]);
  });
});

describe('MemberDirectory: applyTake takes a day once', () => {
  it('records a day taken and tells it was a take', () => {
    const { dir, changes } = directory();
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-02' })).toBe(true);
    expect(dir.pass('p1')?.usedOn).toEqual([{ date: '2026-03-02' }]);
    expect(dir.holderOf('AA').passes[0]?.usedOn).toEqual([{ date: '2026-03-02' }]);
    expect(changes).toEqual([['anne', 'take']]);
  });

  it('refuses the same day twice (a replay, a duplicate), leaving the pass and listeners untouched', () => {
    const { dir, changes } = directory();
    dir.applyTake({ passId: 'p1', date: '2026-03-02' });
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-02' })).toBe(false);
    expect(dir.pass('p1')?.usedOn).toEqual([{ date: '2026-03-02' }]);
    expect(changes).toEqual([['anne', 'take']]);
  });

  it('refuses the same half-day twice but takes the other half of the day', () => {
    const { dir } = directory();
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-02', period: 'morning' })).toBe(true);
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-02', period: 'morning' })).toBe(false);
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-02', period: 'afternoon' })).toBe(true);
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-03', period: 'morning' })).toBe(true);
    expect(dir.pass('p1')?.usedOn).toEqual([
      { date: '2026-03-02', period: 'morning' },
      { date: '2026-03-02', period: 'afternoon' },
      { date: '2026-03-03', period: 'morning' },
    ]);
  });

  it('takes another day of the same pass', () => {
    const { dir } = directory();
    dir.applyTake({ passId: 'p1', date: '2026-03-02' });
    expect(dir.applyTake({ passId: 'p1', date: '2026-03-03' })).toBe(true);
    expect(dir.pass('p1')?.usedOn).toEqual([{ date: '2026-03-02' }, { date: '2026-03-03' }]);
  });

  it('refuses a take from an unknown pass and tells nobody', () => {
    const { dir, changes } = directory();
    expect(dir.applyTake({ passId: 'nope', date: '2026-03-02' })).toBe(false);
    expect(changes).toEqual([]);
  });

  it('replaces the use list, so a summary already handed out stays as it was', () => {
    const { dir } = directory();
    const before = dir.pass('p1')!.usedOn;
    dir.applyTake({ passId: 'p1', date: '2026-03-02' });
    expect(before).toEqual([]);
    expect(dir.pass('p1')!.usedOn).not.toBe(before);
  });
});

describe('MemberDirectory: a change made by another instance', () => {
  it('replaces the member, its badges and passes with the database\'s, told as a peer change', () => {
    const { dir } = directory();
    const told: Array<[string | null, DirectoryChange, string]> = [];
    dir.onChange((memberId, cause, origin) => told.push([memberId, cause, origin]));
    const revoked = { ...badge('AA', 'anne', 'revoked'), revokedAt: created };
    dir.replaceMember({ member: member('anne', 'Anne Kervella'), badges: [revoked, badge('AC', 'anne')], passes: [pass('p2', 'anne')] }, 'edit');
    expect(dir.activeBadge('AA')).toBeUndefined();
    expect(dir.holderOf('AA').badge?.status).toBe('revoked');
    expect(dir.activeBadge('AC')?.memberId).toBe('anne');
    expect(dir.member('anne')?.name).toBe('Anne Kervella');
    expect(dir.passesOf('anne').map((p) => p.id)).toEqual(['p2']);
    expect(dir.pass('p1')).toBeUndefined();
    expect(dir.activeBadge('BB')?.memberId).toBe('bruno');
    expect(told).toEqual([['anne', 'edit', 'peer']]);
  });

  it('keeps a day taken here whose write the database does not hold yet, and the uid another member now holds', () => {
    const { dir } = directory();
    dir.applyTake({ passId: 'p1', date: '2026-01-06' });
    dir.putBadge({ ...badge('XX', 'bruno') });
    dir.replaceMember({ member: member('anne'), badges: [badge('AA', 'anne'), { ...badge('XX', 'anne', 'revoked'), revokedAt: created }], passes: [pass('p1', 'anne', [{ date: '2026-01-05' }])] }, 'take');
    expect(dir.pass('p1')?.usedOn).toEqual([{ date: '2026-01-05' }, { date: '2026-01-06' }]);
    expect(dir.activeBadge('XX')?.memberId).toBe('bruno');
  });

  it('leaves a UID another member now holds when replacing its former holder', () => {
    const { dir } = directory();
    dir.revokeBadge('AA', created);
    dir.putBadge(badge('AA', 'bruno'));
    dir.replaceMember({ member: member('anne'), badges: [badge('AC', 'anne')], passes: [] }, 'edit');
    expect(dir.activeBadge('AA')?.memberId).toBe('bruno');
    expect(dir.badgesOf('anne').map((b) => b.uid)).toEqual(['AC']);
  });

  it('replaces a former holder of a UID that its latest holder already dropped', () => {
    const { dir } = directory();
    dir.revokeBadge('AA', created);
    dir.putBadge(badge('AA', 'bruno'));
    dir.replaceMember({ member: member('bruno'), badges: [], passes: [] }, 'edit');
    dir.replaceMember({ member: member('anne'), badges: [badge('AC', 'anne')], passes: [] }, 'edit');
    expect(dir.holderOf('AA').badge).toBeNull();
    expect(dir.activeBadge('AC')?.memberId).toBe('anne');
  });

  it('holds each badge once however often the member is replaced', () => {
    const { dir } = directory();
    for (let i = 0; i < 3; i++) dir.replaceMember({ member: member('anne'), badges: [badge('AA', 'anne')], passes: [pass('p1', 'anne')] }, 'edit');
    expect(dir.badgesOf('anne')).toHaveLength(1);
    expect(dir.passesOf('anne')).toHaveLength(1);
  });

  it('keeps a half-day taken here beside the other half the database holds, and nothing twice', () => {
    const { dir } = directory();
    dir.applyTake({ passId: 'p1', date: '2026-01-06', period: 'morning' });
    dir.applyTake({ passId: 'p1', date: '2026-01-07' });
    const fromDatabase = pass('p1', 'anne', [{ date: '2026-01-06', period: 'afternoon' }, { date: '2026-01-07' }]);
    dir.replaceMember({ member: member('anne'), badges: [], passes: [fromDatabase, pass('p3', 'anne', [{ date: '2026-01-02' }])] }, 'take');
    expect(dir.pass('p1')?.usedOn).toEqual([{ date: '2026-01-06', period: 'afternoon' }, { date: '2026-01-07' }, { date: '2026-01-06', period: 'morning' }]);
    expect(dir.pass('p3')?.usedOn).toStrictEqual([{ date: '2026-01-02' }]);
  });

  it('tells a change made here as local', () => {
    const { dir } = directory();
    const told: Array<[string | null, DirectoryChange, string]> = [];
    dir.onChange((memberId, cause, origin) => told.push([memberId, cause, origin]));
    dir.putMember(member('anne'));
    dir.applyTake({ passId: 'p1', date: '2026-01-06' });
    expect(told).toEqual([['anne', 'edit', 'local'], ['anne', 'take', 'local']]);
  });
});
