import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPassDefaults } from '#domain';
import { testDatabases, type TestDatabase } from '../../../../test/support/databases.js';
import { AccessEventsRepository } from '../access/access-events.repository.js';
import { loadConfig } from '../infra/config/app-config.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import { MemberDirectory } from './member-directory.js';
import { MembersRepository } from './members.repository.js';
import { TakenDaysSync } from './taken-days-sync.js';

const anne = { id: '00000000-0000-4000-8000-000000000011', name: 'Anne', email: 'anne@example.org', adherent: true, active: true, createdAt: new Date('2026-03-01T08:00:00.000Z') };
const dayPass = withPassDefaults({ id: '00000000-0000-4000-8000-0000000000a1', memberId: anne.id, type: 'day', validFrom: '2026-03-02', usedOn: [] });
const cluster = { DATABASE_URL: 'postgres://x@h/db', MQTT_URL: 'mqtt://h:1883', CANTINE_SECRET_KEY: 'a'.repeat(44), CANTINE_CLUSTER: '1', CANTINE_INSTANCE_ID: 'b' };

/** A day another instance took: its audit entry and pass_use row, as its audit log writes them. */
const takenElsewhere = (date: string, at: Date) => ({
  id: `00000000-0000-4000-8000-${date.replace(/-/g, '').padStart(12, '0')}`,
  kind: 'badge' as const,
  site: 's1',
  granted: true,
  reason: 'day',
  passId: dayPass.id,
  take: { passId: dayPass.id, date },
  at: at.toISOString(),
});

describe.each(await testDatabases())('days taken by another instance, on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let repository: MembersRepository;
  let audit: AccessEventsRepository;

  beforeAll(async () => {
    database = makeDatabase();
    const db = await database.open();
    repository = new MembersRepository(db);
    audit = new AccessEventsRepository(db);
    await repository.createMember(anne);
    await repository.createPass(dayPass, anne.createdAt);
  });
  afterAll(() => database.dispose());

  it('reach this instance when a site is taken over, once each', async () => {
    const directory = new MemberDirectory();
    directory.load(await repository.snapshot());
    const ownership = new SiteOwnership(loadConfig(cluster));
    const sync = new TakenDaysSync(ownership, repository, directory);
    sync.onModuleInit();
    try {
      expect(directory.pass(dayPass.id)!.usedOn).toEqual([]);
      await audit.write([takenElsewhere('2026-03-02', new Date())]);
      await ownership.take('s1', 1, Number.POSITIVE_INFINITY);
      expect(directory.pass(dayPass.id)!.usedOn).toEqual([{ date: '2026-03-02' }]);
      expect(await sync.sync()).toBe(0);
    } finally {
      sync.onModuleDestroy();
    }
  });

  it('does nothing in the one-process default, which took every day itself', async () => {
    const directory = new MemberDirectory();
    directory.load(await repository.snapshot());
    const ownership = new SiteOwnership(loadConfig({}));
    new TakenDaysSync(ownership, repository, directory).onModuleInit();
    await ownership.take('s1', 1, Number.POSITIVE_INFINITY);
    expect(directory.pass(dayPass.id)!.usedOn).toEqual([{ date: '2026-03-02' }]);
    await audit.write([takenElsewhere('2026-03-03', new Date())]);
    await ownership.take('s1', 2, Number.POSITIVE_INFINITY);
    expect(directory.pass(dayPass.id)!.usedOn).toEqual([{ date: '2026-03-02' }]);
  });
});
