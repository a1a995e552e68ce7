import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPassDefaults } from '#domain';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { MembersRepository } from '../members/members.repository.js';
import { AccessEventsRepository } from './access-events.repository.js';
import type { AccessEntry } from './access.types.js';

const member = { id: '00000000-0000-4000-8000-000000000001', name: 'Anne', email: 'anne@example.org', adherent: true, active: true, createdAt: new Date('2026-03-01T08:00:00Z') };
const dayPass = withPassDefaults({ id: '00000000-0000-4000-8000-0000000000d1', memberId: member.id, type: 'day' });

function entry(overrides: Partial<AccessEntry> = {}): AccessEntry {
  return { id: randomUUID(), kind: 'badge', site: 'quimper', door: 'entrance', reader: 'reader-1', uid: '04A224B2', granted: false, reason: 'unknown-badge', at: '2026-03-02T09:00:00.000Z', ...overrides };
}

describe.each(await testDatabases())('AccessEventsRepository on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let events: AccessEventsRepository;
  let members: MembersRepository;

  beforeAll(async () => {
    database = makeDatabase();
    const db = await database.open();
    events = new AccessEventsRepository(db);
    members = new MembersRepository(db);
    await members.createMember(member);
    await members.createPass(dayPass, new Date('2026-03-01T08:00:00Z'));
  });
  afterAll(() => database.dispose());

  it('writes a grant and the day it took together; a replayed batch adds nothing', async () => {
    const grant = entry({ granted: true, reason: 'day', memberId: member.id, memberName: 'Anne', passId: dayPass.id, take: { passId: dayPass.id, date: '2026-03-02' }, latencyMs: 0.25, deviceTime: '2026-03-02T08:59:59.000Z' });
    await events.write([grant]);
    await events.write([grant]);
    // Another badge-in taking the same day (another door, a duplicate) is one use still.
    await events.write([entry({ granted: true, reason: 'day', take: { passId: dayPass.id, date: '2026-03-02' } })]);
    expect(await events.count()).toBe(2);
    const { passes } = await members.snapshot();
    expect(passes[0]!.usedOn).toEqual([{ date: '2026-03-02' }]);
    const [stored] = await events.list({ member: member.id, limit: 10 });
    // The take lives in pass_use, not in the entry.
    const { take: _take, ...expected } = grant;
    expect(stored).toStrictEqual(expected);
  });

  it('keeps the two halves of a day apart', async () => {
    const half = withPassDefaults({ id: '00000000-0000-4000-8000-0000000000h1', memberId: member.id, type: 'half-day' });
    await members.createPass(half, new Date('2026-03-01T08:00:00Z'));
    await events.write([entry({ take: { passId: half.id, date: '2026-03-03', period: 'morning' } }), entry({ take: { passId: half.id, date: '2026-03-03', period: 'afternoon' } })]);
    const { passes } = await members.snapshot();
    expect(passes.find((p) => p.id === half.id)!.usedOn).toEqual([
      { date: '2026-03-03', period: 'morning' },
      { date: '2026-03-03', period: 'afternoon' },
    ]);
  });

  it('lists newest first, filtered by site, time, decision, door, member and kind, up to the limit', async () => {
    await events.write([
      entry({ at: '2026-03-05T09:00:00.000Z', site: 'brest' }),
      entry({ at: '2026-03-05T10:00:00.000Z', door: 'open-space', granted: true, reason: 'carnet' }),
      entry({ at: '2026-03-05T11:00:00.000Z', kind: 'alarm', reason: 'forced-open', granted: undefined, reader: undefined, uid: undefined }),
    ]);
    const all = await events.list({ limit: 100 });
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());
    expect((await events.list({ site: 'brest', limit: 100 })).map((e) => e.site)).toEqual(['brest']);
    const window = await events.list({ from: new Date('2026-03-05T09:30:00Z'), to: new Date('2026-03-05T10:30:00Z'), limit: 100 });
    expect(window.map((e) => e.reason)).toEqual(['carnet']);
    expect((await events.list({ granted: true, door: 'open-space', limit: 100 })).map((e) => e.reason)).toEqual(['carnet']);
    expect((await events.list({ granted: false, site: 'quimper', kinds: ['badge'], limit: 100 })).every((e) => e.granted === false)).toBe(true);
    const alarms = await events.list({ kinds: ['alarm'], limit: 100 });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).not.toHaveProperty('granted');
    expect(await events.list({ limit: 2 })).toHaveLength(2);
  });

  it('purges entries older than the cutoff only', async () => {
    const before = await events.count();
    const removed = await events.purgeBefore(new Date('2026-03-05T00:00:00Z'));
    // The two grants of 03-02 and the two half-days of 03-03; the three entries of 03-05 stay.
    expect(removed).toBe(4);
    expect(await events.count()).toBe(before - 4);
    expect(await events.count()).toBe(3);
  });

  it('remembers lockdowns by site', async () => {
    expect(await events.lockedSites()).toEqual([]);
    await events.setLockdown('quimper', true);
    await events.setLockdown('brest', true);
    await events.setLockdown('brest', false);
    expect(await events.lockedSites()).toEqual(['quimper']);
  });
});
