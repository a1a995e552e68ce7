// Tariffs and monthly statements: passes billed when sold, subscriptions per period.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TARIFFS } from '#domain';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, badgeIn, captureAnswers, setClock, type Answered } from './helpers.js';

describe('statements', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let answers: Answered[];
  let anne: string;
  let yann: string;

  beforeAll(async () => {
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    setClock(cantine, at('08:00', '2026-03-02'));
    anne = await manager.member('Anne Adherent', '04A224B2C31F80', [
      { type: 'day' },
      { type: 'half-day' },
      { type: 'subscription', validFrom: '2026-03-10', validUntil: '2026-04-09' },
    ]);
    setClock(cantine, at('08:01', '2026-03-02'));
    yann = await manager.member('Yann Visitor', '0A0B0C0D', [{ type: 'day' }, { type: 'carnet', credits: 10 }], false);
    const granted = (input: Parameters<typeof badgeIn>[2]) => expect(badgeIn(cantine, answers, input)).toMatchObject({ granted: true });
    granted({ uid: '04A224B2C31F80', at: at('09:30', '2026-03-02') });
    granted({ uid: '04A224B2C31F80', at: at('13:30', '2026-03-03') });
    granted({ uid: '04A224B2C31F80', at: at('09:30', '2026-03-11') });
    granted({ uid: '0A0B0C0D', at: at('10:00', '2026-03-05') });
  });
  afterAll(() => cantine.dispose());

  it('serves the default tariffs, publicly', async () => {
    const response = await fetch(`${cantine.baseUrl}/api/tariffs`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(DEFAULT_TARIFFS);
  });

  it("prices an adherent's month: a day and a half-day sold, a subscription month", async () => {
    const response = await manager.get(`/api/members/${anne}/statement?month=2026-03`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      month: '2026-03',
      memberName: 'Anne Adherent',
      daysUsed: 1,
      halfDaysUsed: 1,
      subscriptionMonthsSold: 1,
      lines: [
        { date: '2026-03-02', item: 'day', label: 'Journée', amountCents: 900 },
        { date: '2026-03-02', item: 'half-day', label: 'Demi-journée', amountCents: 500 },
        { date: '2026-03-10', item: 'subscription', amountCents: 15000 },
      ],
      totalCents: 16400,
    });
  });

  it("prices a non-adherent's day and carnet at the non-adherent prices, in the month they were sold", async () => {
    expect((await manager.get(`/api/members/${yann}/statement?month=2026-03`)).body).toMatchObject({ daysUsed: 1, daysSold: 1, carnetsSold: 1, totalCents: 1200 + 11000, closed: false });
    expect((await manager.get(`/api/members/${yann}/statement?month=2026-04`)).body).toMatchObject({ lines: [], totalCents: 0 });
  });

  it('exports every member as CSV for a French spreadsheet, as an attachment', async () => {
    const response = await fetch(`${cantine.baseUrl}/api/statements?month=2026-03&format=csv`, { headers: manager.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cantine-releves-2026-03.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('mois;membre_id;membre;adherent;journees;demi_journees;credits_carnet_utilises;carnets_vendus;mois_abonnement;montant_eur');
    expect(rows).toContain(`2026-03;${anne};Anne Adherent;oui;1;1;0;0;1;"164,00"`);
    expect(rows).toContain(`2026-03;${yann};Yann Visitor;non;1;0;0;1;0;"122,00"`);
  });

  it('also answers JSON, one statement per member', async () => {
    const statements = (await manager.get('/api/statements?month=2026-03')).body as Array<{ memberId: string; totalCents: number }>;
    expect(statements.map((s) => [s.memberId, s.totalCents])).toEqual([
      [anne, 16400],
      [yann, 12200],
    ]);
  });

  it('answers 400 naming month for a bad or missing month', async () => {
    for (const path of ['/api/statements?month=2026-13', '/api/statements', `/api/members/${anne}/statement?month=March`]) {
      const response = await manager.get(path);
      expect(response.status, path).toBe(400);
      expect((response.body as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('month');
    }
  });
});

describe('tariffs from config/tariffs.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-tariffs-'));
  let cantine: TestCantine;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'sites'));
    fs.copyFileSync('config/sites/quimper.json', path.join(dir, 'sites', 'quimper.json'));
    fs.writeFileSync(path.join(dir, 'tariffs.json'), JSON.stringify({ adherent: { day: 1000, halfDay: 600 } }));
    cantine = await startTestCantine({ SITES_DIR: path.join(dir, 'sites') });
  });
  afterAll(async () => {
    await cantine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('overrides what the file gives and keeps the defaults for the rest', async () => {
    const tariffs = await (await fetch(`${cantine.baseUrl}/api/tariffs`)).json();
    expect(tariffs).toEqual({ ...DEFAULT_TARIFFS, adherent: { day: 1000, halfDay: 600 } });
  });
});
