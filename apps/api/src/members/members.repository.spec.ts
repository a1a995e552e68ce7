import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPassDefaults } from '#domain';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { MembersRepository } from './members.repository.js';

const anne = { id: '00000000-0000-4000-8000-000000000001', name: 'Anne Le Goff', email: 'anne@example.org', adherent: true, active: true, createdAt: new Date('2026-03-01T08:00:00.000Z') };
const yann = { ...anne, id: '00000000-0000-4000-8000-000000000002', name: 'Yann', email: 'yann@example.org', adherent: false };

describe.each(await testDatabases())('MembersRepository on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let members: MembersRepository;

  beforeAll(async () => {
    database = makeDatabase();
    members = new MembersRepository(await database.open());
    await members.createMember(anne);
    await members.createMember(yann);
  });
  afterAll(() => database.dispose());

  it('gives back the members as created', async () => {
    const { members: rows } = await members.snapshot();
    expect(rows).toEqual([anne, yann]);
  });

  it('lets one active badge hold a UID, a second is refused until the first is revoked', async () => {
    const at = new Date('2026-03-01T09:00:00.000Z');
    expect(await members.addBadge({ uid: '04A224B2C31F80', memberId: anne.id, status: 'active', createdAt: at })).toBe('added');
    expect(await members.addBadge({ uid: '04A224B2C31F80', memberId: yann.id, status: 'active', createdAt: at })).toBe('uid-taken');
    expect(await members.revokeBadge('04A224B2C31F80', at)).toBe(true);
    expect(await members.revokeBadge('04A224B2C31F80', at)).toBe(false);
    expect(await members.addBadge({ uid: '04A224B2C31F80', memberId: yann.id, status: 'active', createdAt: new Date(at.getTime() + 1000) })).toBe('added');
    const { badges } = await members.snapshot();
    expect(badges.map((b) => [b.memberId, b.status])).toEqual([
      [anne.id, 'revoked'],
      [yann.id, 'active'],
    ]);
    expect(badges[0]!.revokedAt).toEqual(at);
  });

  it('keeps a pass whole: dates, credits, zones, title and sale date, with no uses yet', async () => {
    const carnet = withPassDefaults({ id: '00000000-0000-4000-8000-0000000000c1', memberId: anne.id, type: 'carnet', credits: 10, soldOn: '2026-03-01' });
    const event = withPassDefaults({
      id: '00000000-0000-4000-8000-0000000000e1',
      memberId: yann.id,
      type: 'event',
      validFrom: '2026-03-14T18:00:00+01:00',
      validUntil: '2026-03-14T23:00:00+01:00',
      title: 'Soirée jeux',
      zones: ['hall', 'event-room'],
    });
    await members.createPass(carnet, new Date('2026-03-01T09:00:00.000Z'));
    await members.createPass(event, new Date('2026-03-01T09:01:00.000Z'));
    const { passes } = await members.snapshot();
    expect(passes).toEqual([carnet, event]);
    expect(passes[0]!.zones).toEqual(['hall', 'open-space', 'meeting-room']);
  });
});
