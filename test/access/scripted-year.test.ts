// Issue 12's scripted year in Quimper, through the HTTP API with the service's clock injected:
// members join, buy, end and cancel passes, a badge is lost, a member is erased, the tariffs
// change in July (a restart with a new tariffs.json). Every statement equals the one computed by
// hand below, and every month, fetched the day after it closed, is identical at the year's end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresAdminUrl } from '../support/databases.js';
import { serviceAvailable } from '../support/services.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, badgeIn, captureAnswers, setClock, type Answered } from './helpers.js';

const TARIFFS_JANUARY = { subscriptionEnd: 'prorated' };
// From July: a day 10 €, a 10-day carnet 85 €, a month 160 € (adherents).
const TARIFFS_JULY = {
  subscriptionEnd: 'prorated',
  adherent: { day: 1000, halfDay: 550 },
  carnets: [{ credits: 10, price: 8500, nonAdherentPrice: 11500 }],
  subscriptionMonthly: { adherent: 16000, nonAdherent: 20000 },
};

/** Hand-computed totals, in cents, per member and month (months absent: 0). */
const EXPECTED: Record<string, Record<string, number>> = {
  // Subscription from 5 January, 150 €/month; ended on 20 April: period 5 April–4 May is 30
  // days, 16 used (5–20 April): 15000 × 16 / 30 = 8000.
  anne: { '2026-01': 15000, '2026-02': 15000, '2026-03': 15000, '2026-04': 8000 },
  // Non-adherent. Carnet sold 10 February 110 €; 3 days taken; cancelled with refund on 16 March:
  // 7/10 of 110 € = 77 € back. A day pass sold 3 March, 12 €, used on 17 March.
  bruno: { '2026-02': 11000, '2026-03': 1200 - 7700 },
  // Subscription 1 February–31 July, sold 2 February. Erased on 12 May: May 1–31 is 31 days,
  // 12 used: 15000 × 12 / 31 = 5806.45 → 5806. Nothing after.
  chloe: { '2026-02': 15000, '2026-03': 15000, '2026-04': 15000, '2026-05': 5806 },
  // 10 June: a day pass 9 € and an event ticket at 25 €. 6 July, new tariffs: a day 10 €, a carnet 85 €.
  dora: { '2026-06': 900 + 2500, '2026-07': 1000 + 8500 },
  // Subscription from 1 June at 150 €, kept at 150 € after the July tariffs. On 10 August it is
  // ended on 20 July (July closed): July stays 150 €; August gives back 150 − 15000 × 20 / 31
  // (= 96.77 €) = 53.23 €.
  erwan: { '2026-06': 15000, '2026-07': 15000, '2026-08': -5323 },
  // Subscription from 1 September at the July price, 160 €. Badge lost on 15 October, the only
  // one: the pass ends that day. October is 31 days, 15 used: 16000 × 15 / 31 = 7741.9 → 7742.
  fanch: { '2026-09': 16000, '2026-10': 7742 },
};
/** A member is in a month's statements from the month they joined. */
const JOINED: Record<string, string> = { anne: '2026-01', bruno: '2026-02', chloe: '2026-02', dora: '2026-06', erwan: '2026-06', fanch: '2026-09' };
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

const engines: Array<[string, (() => Promise<{ env: Record<string, string>; drop(): Promise<void> }>)]> = [
  ['sqlite', async () => ({ env: {}, drop: async () => undefined })],
];
if (await serviceAvailable('PostgreSQL', 'TEST_DATABASE_URL', postgresAdminUrl, 5432)) {
  engines.push(['postgres', async () => {
    const db = await createPostgresDatabase();
    return { env: { DATABASE_URL: db.url }, drop: db.drop };
  }]);
}

describe.each(engines)('a scripted year in Quimper on %s', (_engine, makeDatabase) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-year-'));
  const dataDir = path.join(dir, 'data');
  const sitesDir = path.join(dir, 'sites');
  let database: Awaited<ReturnType<typeof makeDatabase>>;
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  const ids: Record<string, string> = {};
  const passes: Record<string, string> = {};
  /** Every month's statements fetched on the first day after it closed. */
  const atClosing = new Map<string, unknown>();

  const start = async () => {
    cantine = await startTestCantine({ DATA_DIR: dataDir, SITES_DIR: sitesDir, ...database.env });
    manager = await api(cantine);
    answers = captureAnswers(cantine);
  };
  /** 08:00 in Quimper that day (both offsets are fine: only the date is recorded). */
  const on = (date: string) => setClock(cantine, new Date(`${date}T08:00:00+01:00`));
  const ok = async (pending: Promise<{ status: number; text: string; body?: unknown }>, status = 201) => {
    const response = await pending;
    expect(response.status, response.text).toBe(status);
    return response.body as { id: string };
  };
  const join = async (key: string, date: string, uid: string, adherent = true) => {
    on(date);
    ids[key] = (await ok(manager.post('/api/members', { name: `Membre ${key}`, email: `${key}@example.org`, adherent }))).id;
    await ok(manager.post(`/api/members/${ids[key]}/badges`, { uid }));
  };
  const sell = async (key: string, pass: string, date: string, body: object) => {
    on(date);
    passes[pass] = (await ok(manager.post(`/api/members/${ids[key]}/passes`, body))).id;
  };
  const closeMonth = async (month: string, firstDayAfter: string) => {
    on(firstDayAfter);
    atClosing.set(month, (await manager.get(`/api/statements?month=${month}`)).body);
  };
  const badge = (uid: string, iso: string) => badgeIn(cantine, answers, { uid, at: new Date(iso) });

  beforeAll(async () => {
    database = await makeDatabase();
    fs.mkdirSync(sitesDir);
    fs.copyFileSync('config/sites/quimper.json', path.join(sitesDir, 'quimper.json'));
    fs.writeFileSync(path.join(dir, 'tariffs.json'), JSON.stringify(TARIFFS_JANUARY));
    await start();

    await join('anne', '2026-01-05', '04A224B2C31F80');
    await sell('anne', 'anne-sub', '2026-01-05', { type: 'subscription', validFrom: '2026-01-05' });
    await closeMonth('2026-01', '2026-02-01');

    await join('chloe', '2026-02-02', '04C1C2C3C4C5C6');
    await sell('chloe', 'chloe-sub', '2026-02-02', { type: 'subscription', validFrom: '2026-02-01', validUntil: '2026-07-31' });
    await join('bruno', '2026-02-10', '0B0B0B0B', false);
    await sell('bruno', 'bruno-carnet', '2026-02-10', { type: 'carnet', credits: 10 });
    expect(badge('0B0B0B0B', '2026-02-11T09:30:00+01:00')).toMatchObject({ granted: true, reason: 'carnet' });
    expect(badge('0B0B0B0B', '2026-02-12T09:30:00+01:00')).toMatchObject({ granted: true, reason: 'carnet' });
    await closeMonth('2026-02', '2026-03-01');

    expect(badge('0B0B0B0B', '2026-03-02T09:30:00+01:00')).toMatchObject({ granted: true, reason: 'carnet' });
    await sell('bruno', 'bruno-day', '2026-03-03', { type: 'day' });
    on('2026-03-16');
    await ok(manager.post(`/api/passes/${passes['bruno-carnet']}/cancel`, { reason: 'déménage à Brest', refund: true }), 200);
    expect(badge('0B0B0B0B', '2026-03-17T09:30:00+01:00')).toMatchObject({ granted: true, reason: 'day' });
    await closeMonth('2026-03', '2026-04-01');

    on('2026-04-20');
    await ok(manager.post(`/api/passes/${passes['anne-sub']}/end`, { on: '2026-04-20' }), 200);
    expect(badge('04A224B2C31F80', '2026-04-20T10:00:00+02:00')).toMatchObject({ granted: true });
    expect(badge('04A224B2C31F80', '2026-04-21T10:00:00+02:00')).toMatchObject({ granted: false, reason: 'no-valid-pass' });
    await closeMonth('2026-04', '2026-05-01');

    on('2026-05-12');
    await ok(manager.delete(`/api/members/${ids['chloe']}`), 200);
    await closeMonth('2026-05', '2026-06-01');

    await join('dora', '2026-06-01', '0D0D0D0D');
    await sell('dora', 'dora-day', '2026-06-10', { type: 'day' });
    await sell('dora', 'dora-event', '2026-06-10', { type: 'event', validFrom: '2026-06-19T18:00:00+02:00', validUntil: '2026-06-19T22:00:00+02:00', title: 'Apéro code', price: 2500 });
    await join('erwan', '2026-06-01', '0E0E0E0E');
    await sell('erwan', 'erwan-sub', '2026-06-01', { type: 'subscription', validFrom: '2026-06-01' });
    await closeMonth('2026-06', '2026-07-01');

    // The association raises its prices: a new tariffs.json, read at the next start.
    await cantine.dispose();
    fs.writeFileSync(path.join(dir, 'tariffs.json'), JSON.stringify(TARIFFS_JULY));
    await start();
    await sell('dora', 'dora-day-2', '2026-07-06', { type: 'day' });
    await sell('dora', 'dora-carnet', '2026-07-06', { type: 'carnet', credits: 10 });
    await closeMonth('2026-07', '2026-08-01');

    on('2026-08-10');
    await ok(manager.post(`/api/passes/${passes['erwan-sub']}/end`, { on: '2026-07-20' }), 200);
    await closeMonth('2026-08', '2026-09-01');

    await join('fanch', '2026-09-01', '0F0F0F0F');
    await sell('fanch', 'fanch-sub', '2026-09-01', { type: 'subscription', validFrom: '2026-09-01' });
    await closeMonth('2026-09', '2026-10-01');
    on('2026-10-15');
    await ok(manager.post('/api/badges/0F0F0F0F/revoke'), 200);
    for (const [month, after] of [['2026-10', '2026-11-01'], ['2026-11', '2026-12-01'], ['2026-12', '2027-01-01']] as const) await closeMonth(month, after);
  }, 120_000);
  afterAll(async () => {
    await cantine?.dispose();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(MONTHS)('%s: every member\'s statement equals the hand-computed one', async (month) => {
    const statements = (await manager.get(`/api/statements?month=${month}`)).body as Array<{ memberId: string; totalCents: number; closed: boolean }>;
    const totals = Object.fromEntries(Object.entries(ids).map(([key, id]) => [key, statements.find((s) => s.memberId === id)?.totalCents ?? 'absent']));
    const expected = Object.fromEntries(Object.keys(ids).map((key) => [key, JOINED[key]! > month ? 'absent' : (EXPECTED[key]?.[month] ?? 0)]));
    expect(totals).toEqual(expected);
    expect(statements.every((s) => s.closed)).toBe(true);
  });

  // Only an erased member's name changes: it is gone from every month (GDPR), amounts stay.
  const anonymous = (statements: unknown) =>
    (statements as Array<{ memberId: string; memberName: string }>).map((s) => ({ ...s, memberName: s.memberId === ids['chloe'] ? 'Membre effacé' : s.memberName }));

  it.each(MONTHS)('%s: identical to what it was the day after it closed', async (month) => {
    const now = (await manager.get(`/api/statements?month=${month}`)).body as unknown[];
    expect(now.length).toBeGreaterThan(0);
    expect(now).toEqual(anonymous(atClosing.get(month)));
  });

  it('shows what happened, line by line, in the month it happened', async () => {
    const lines = async (key: string, month: string) =>
      ((await manager.get(`/api/members/${ids[key]}/statement?month=${month}`)).body as { lines: Array<{ date: string; label: string; amountCents: number }> }).lines.map((l) => [l.date, l.label, l.amountCents]);
    expect(await lines('bruno', '2026-03')).toEqual([['2026-03-03', 'Journée', 1200], ['2026-03-16', 'Remboursement', -7700]]);
    expect(await lines('anne', '2026-04')).toEqual([['2026-04-05', 'Abonnement (16/30 jours)', 8000]]);
    expect(await lines('erwan', '2026-08')).toEqual([['2026-08-10', 'Fin du pass', -5323]]);
    expect(await lines('dora', '2026-06')).toEqual([['2026-06-10', 'Journée', 900], ['2026-06-10', 'Événement', 2500]]);
    const erased = (await manager.get(`/api/members/${ids['chloe']}/statement?month=2026-05`)).body as { memberName: string };
    expect(erased.memberName).toBe('Membre effacé');
  });

  it('keeps the audit trail of each change: who, when, before and after', async () => {
    const history = (await manager.get(`/api/members/${ids['erwan']}/history`)).body as { passes: Array<Record<string, unknown>> };
    expect(history.passes).toEqual([
      expect.objectContaining({ passId: passes['erwan-sub'], kind: 'end', on: '2026-08-10', accountId: expect.any(String), before: { validFrom: '2026-06-01' }, after: { validFrom: '2026-06-01', validUntil: '2026-07-20' } }),
    ]);
    const fanch = (await manager.get(`/api/members/${ids['fanch']}/history`)).body as { passes: Array<Record<string, unknown>> };
    expect(fanch.passes).toEqual([expect.objectContaining({ kind: 'end', on: '2026-10-15', after: { validFrom: '2026-09-01', validUntil: '2026-10-15' } })]);
  });
});
