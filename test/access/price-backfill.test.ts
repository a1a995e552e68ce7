// Upgrading: passes sold before prices were kept on them (price_cents NULL) take the tariffs in
// force at the first start after the upgrade, once; a later tariffs change no longer moves them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { api, at, setClock } from './helpers.js';

describe('prices of passes sold before they were kept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cantine-backfill-'));
  const sitesDir = path.join(dir, 'sites');
  let cantine: TestCantine;
  let member: string;
  const start = async (dayCents: number) => {
    fs.writeFileSync(path.join(dir, 'tariffs.json'), JSON.stringify({ adherent: { day: dayCents, halfDay: 500 } }));
    cantine = await startTestCantine({ DATA_DIR: path.join(dir, 'data'), SITES_DIR: sitesDir });
    setClock(cantine, at('08:00', '2026-03-02'));
  };
  const march = async () => ((await (await api(cantine)).get(`/api/members/${member}/statement?month=2026-03`)).body as { totalCents: number }).totalCents;

  beforeAll(async () => {
    fs.mkdirSync(sitesDir);
    fs.copyFileSync('config/sites/quimper.json', path.join(sitesDir, 'quimper.json'));
    await start(900);
    member = await (await api(cantine)).member('Anne Legacy', null, [{ type: 'day' }]);
    // As an older version left it: no price on the pass.
    await cantine.app.get(DataSource).query(`UPDATE "pass" SET "price_cents" = NULL`);
    await cantine.dispose();
  });
  afterAll(async () => {
    await cantine?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fills the price from the tariffs at the first start, then keeps it through a tariffs change', async () => {
    await start(1000);
    expect(await march()).toBe(1000);
    await cantine.dispose();
    await start(1100);
    expect(await march()).toBe(1000);
  });
});
