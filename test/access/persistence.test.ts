// What must survive: days taken across a restart, and audit entries through a database outage
// (the on-disk queue), including a restart while the database is still down.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessEventsRepository } from '../../apps/api/src/access/access-events.repository.js';
import { AccessSettings } from '../../apps/api/src/access/access-settings.js';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { json, startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers } from './helpers.js';
import { eventually } from '../support/eventually.js';

type Manager = Awaited<ReturnType<typeof api>>;
const passesOf = async (manager: Manager, id: string) => (await manager.get(`/api/members/${id}/passes`)).body as Array<{ remaining: number; usedOn: unknown[] }>;

describe.shuffle('persistence of days taken and of the audit log', () => {
  // Each test runs its own service on its own data folder: none depends on what another left.
  let dataDir: string;
  let queueFile: string;
  let env: Record<string, string>;
  let cantine: TestCantine;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-access-'));
    queueFile = path.join(dataDir, 'access-log-queue.jsonl');
    // The badge-ins are dated March 2026: keep them from the purge that runs at every start.
    env = { DATA_DIR: dataDir, ACCESS_LOG_RETENTION_DAYS: '3650' };
    cantine = await startTestCantine(env);
  });
  afterEach(async () => {
    await cantine.close().catch(() => undefined); // a test that failed mid-restart left it closed
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a day taken across a restart: the same day is not taken again', async () => {
    const manager = await api(cantine);
    const memberId = await manager.member('Anne Restart', '04A224B2C31F80', [{ type: 'carnet', credits: 3 }]);
    expect(badgeIn(cantine, captureAnswers(cantine), { uid: '04A224B2C31F80', at: at('09:30') })).toMatchObject({ granted: true, reason: 'carnet' });
    await cantine.close();
    cantine = await startTestCantine(env);
    const again = await api(cantine);
    expect((await passesOf(again, memberId))[0]).toMatchObject({ remaining: 2, usedOn: [{ date: '2026-03-02' }] });
    expect(badgeIn(cantine, captureAnswers(cantine), { uid: '04A224B2C31F80', door: 'open-space', at: at('15:00') })).toMatchObject({ granted: true });
    expect((await passesOf(again, memberId))[0]).toMatchObject({ remaining: 2 });
  });

  it('answers doors while the database is down, queues every entry on disk, and writes the exact count when it is back', async () => {
    const manager = await api(cantine);
    const memberId = await manager.member('Brieuc Outage', '04A224B2C31F80', [{ type: 'carnet', credits: 3 }]);
    const answers = captureAnswers(cantine);
    const audit = cantine.app.get(AuditLog);
    const events = cantine.app.get(AccessEventsRepository);
    cantine.app.get(AccessSettings).replayIntervalMs = 100;
    await audit.flush();
    const before = await events.count();
    const db = cantine.app.get(DataSource);
    await db.destroy();

    // Unknown badges each on their own reader, so none is rate-limited.
    for (let i = 0; i < 40; i++) {
      badgeIn(cantine, answers, i % 2 ? { uid: '04A224B2C31F80', at: at('10:00', '2026-03-03') } : { uid: 'DEADBEEF', reader: `reader-${i}`, at: at('10:00', '2026-03-03') });
    }
    expect(answers.slice(-40).filter((a) => a.answer.granted)).toHaveLength(20);
    await eventually(() => expect(audit.stats).toMatchObject({ pending: 0, queued: 40 }));
    expect(fs.readFileSync(queueFile, 'utf8').trim().split('\n')).toHaveLength(40);
    const health = await fetch(`${cantine.baseUrl}/health`);
    expect(health.status).toBe(503);
    expect((await json(health)).details).toMatchObject({ accessLogQueued: 40 });

    await db.initialize();
    await eventually(() => expect(audit.stats.queued).toBe(0));
    expect(await events.count()).toBe(before + 40);
    expect(fs.statSync(queueFile).size).toBe(0);
    // The day taken during the outage reached the database once.
    expect((await passesOf(manager, memberId))[0]).toMatchObject({ remaining: 2, usedOn: [{ date: '2026-03-03' }] });
  });

  it('takes no day twice when restarted during an outage: queued days count before the replay', async () => {
    const memberId = await (await api(cantine)).member('Katell Replay', '04A224B2C31F80', [{ type: 'carnet', credits: 1 }]);
    const audit = cantine.app.get(AuditLog);
    const events = cantine.app.get(AccessEventsRepository);
    const before = await events.count();
    cantine.app.get(AccessSettings).replayIntervalMs = 60_000;
    await cantine.app.get(DataSource).destroy();
    expect(badgeIn(cantine, captureAnswers(cantine), { uid: '04A224B2C31F80', at: at('10:00', '2026-03-04') })).toMatchObject({ granted: true });
    await eventually(() => expect(audit.stats.queued).toBe(1));
    await cantine.close();

    // Back with the database reachable: the queue is replayed at start.
    cantine = await startTestCantine(env);
    const manager = await api(cantine);
    expect(await cantine.app.get(AccessEventsRepository).count()).toBe(before + 1);
    expect(fs.statSync(queueFile).size).toBe(0);
    // The in-memory view was loaded before the replay, yet already holds the queued day.
    expect((await passesOf(manager, memberId))[0]).toMatchObject({ remaining: 0 });
    expect(badgeIn(cantine, captureAnswers(cantine), { uid: '04A224B2C31F80', at: at('16:00', '2026-03-04') })).toMatchObject({ granted: true });
    expect((await passesOf(manager, memberId))[0]).toMatchObject({ remaining: 0, usedOn: [{ date: '2026-03-04' }] });
  });
});
