// The members list answers what its rows show (issue 12, item 7): each member's pass in force,
// what is left of it, and whether a badge of theirs opened a door today, paged like before and
// without a database query per member.
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, setClock, type Answered } from './helpers.js';

type Item = { id: string; name: string; currentPass: { type: string; remaining: number | null } | null; presentToday: boolean };

describe('GET /api/members: the pass in force and presence today', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    // Friday 27 February, then "today" is Monday 2 March 2026 (Quimper, UTC+1).
    setClock(cantine, at('08:00', '2026-02-27'));
    ids['Anne'] = await manager.member('Anne Carnet', '04A224B2C31F80', [{ type: 'carnet', credits: 10 }]);
    ids['Bob'] = await manager.member('Bob Abonné', '04A224B2C31F81', [{ type: 'subscription', validFrom: '2026-02-01', validUntil: '2026-03-31' }]);
    ids['Carla'] = await manager.member('Carla Ancienne', null, [{ type: 'subscription', validFrom: '2025-01-01', validUntil: '2025-12-31' }]);
    ids['Dora'] = await manager.member('Dora Sans Passe', null);
    ids['Erwan'] = await manager.member('Erwan Vendredi', '04A224B2C31F82', [{ type: 'day' }, { type: 'carnet', credits: 5 }]);
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F82', at: at('10:00', '2026-02-27') })).toMatchObject({ granted: true });
    setClock(cantine, at('11:00'));
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: at('09:30') })).toMatchObject({ granted: true });
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F81', at: at('10:15') })).toMatchObject({ granted: true });
    await cantine.app.get(AuditLog).flush();
  });
  afterAll(() => cantine.dispose());

  const byName = (items: Item[]) => Object.fromEntries(items.map((item) => [item.name.split(' ')[0], item]));

  it('gives each member the pass in force, what is left, and whether they came in today', async () => {
    const response = await manager.get('/api/members');
    expect(response.status).toBe(200);
    const rows = byName(response.body as Item[]);
    expect(rows['Anne']).toMatchObject({ currentPass: { type: 'carnet', remaining: 9 }, presentToday: true });
    // Opening days left from today to 31 March: the 22 weekdays of March from the 2nd.
    expect(rows['Bob']).toMatchObject({ currentPass: { type: 'subscription', remaining: 22 }, presentToday: true });
    expect(rows['Carla']).toMatchObject({ currentPass: null, presentToday: false });
    expect(rows['Dora']).toMatchObject({ currentPass: null, presentToday: false });
    // Came on Friday: not today. Their day pass was taken then, so the carnet is the pass in force.
    expect(rows['Erwan']).toMatchObject({ currentPass: { type: 'carnet', remaining: 5 }, presentToday: false });
  });

  it('pages as before: ?limit&offset, the total in X-Total-Count, each page with its rows', async () => {
    const all = (await manager.get('/api/members')).body as Item[];
    const first = await manager.get('/api/members?limit=2&offset=0');
    const rest = await manager.get('/api/members?limit=10&offset=2');
    expect(first.headers.get('x-total-count')).toBe(String(all.length));
    expect([...(first.body as Item[]), ...(rest.body as Item[])]).toEqual(all);
  });

  it('asks the database as often for the whole list as for one member (no query per member)', async () => {
    const db = cantine.app.get(DataSource);
    const runners = vi.spyOn(db, 'createQueryRunner');
    const queries = vi.spyOn(db, 'query');
    const calls = async (path: string) => {
      runners.mockClear();
      queries.mockClear();
      const response = await manager.get(path);
      expect(response.status).toBe(200);
      return { rows: (response.body as Item[]).length, calls: runners.mock.calls.length + queries.mock.calls.length };
    };
    try {
      const one = await calls('/api/members?limit=1');
      const all = await calls('/api/members');
      expect(all.rows).toBeGreaterThanOrEqual(5);
      expect(one.calls).toBeGreaterThan(0); // the spies do see the list's query
      expect(all.calls).toBe(one.calls);
    } finally {
      runners.mockRestore();
      queries.mockRestore();
    }
  });
});
