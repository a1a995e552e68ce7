// The members list in headless Chromium: each member's pass in force, what is left of it and
// whether they came in today; a refused sale said in French; the pages at 1,366 × 768 and on a
// phone, without sideways scrolling of the page itself.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api, badgeIn, captureAnswers, type Answered } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { buildDashboardIfStale, chromiumPresent, launchChromium, logIn, newPage, screenshot } from './helpers.js';

const hasChromium = chromiumPresent('dashboard roster');

describe.skipIf(!hasChromium)('the dashboard: the members list and small screens', () => {
  let cantine: TestCantine;
  let browser: Browser;
  let answers: Answered[];
  const ids: Record<string, string> = {};
  const problems: string[] = [];
  const row = (page: Page, name: string) => page.locator(`[data-member="${ids[name]}"]`);

  beforeAll(async () => {
    buildDashboardIfStale();
    cantine = await startTestCantine();
    answers = captureAnswers(cantine);
    const manager = await api(cantine);
    await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    // A staff pass opens at any hour, so "came in today" holds whatever the time of the run.
    ids['Yann'] = await manager.member('Yann Holder', '0A0B0C0D', [{ type: 'staff' }]);
    ids['Anne'] = await manager.member('Anne Le Goff', '04A224B2C31F80', [{ type: 'carnet', credits: 10 }]);
    ids['Bob'] = await manager.member('Bob Abonné', null, [{ type: 'subscription', validFrom: '2020-01-01', validUntil: '2099-12-31' }]);
    ids['Carla'] = await manager.member('Carla Ancienne', null, [{ type: 'subscription', validFrom: '2020-01-01', validUntil: '2021-06-30' }]);
    // An event long past counts nothing (remaining null): only its dates say it is over.
    ids['Dora'] = await manager.member('Dora Passée', null, [{ type: 'event', validFrom: '2021-05-01T18:00:00+02:00', validUntil: '2021-05-01T22:00:00+02:00', title: 'Soirée' }]);
    expect(badgeIn(cantine, answers, { uid: '0A0B0C0D', at: new Date() })).toMatchObject({ granted: true });
    await cantine.app.get(AuditLog).flush();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  it('lists each member with the pass in force, what is left and who came in today', async () => {
    const page = await newPage(browser, problems, { width: 1366, height: 768 });
    await logIn(page, cantine.baseUrl);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.locator('nav a[data-section=members]').click();
    await row(page, 'Anne').locator('[data-current]').waitFor();
    // The rows come from the list's own fields: no call per member.
    expect(asked.filter((path) => path.startsWith('/api/members/'))).toEqual([]);
    expect(asked.filter((path) => path === '/api/members')).toHaveLength(1);
    expect(await row(page, 'Anne').locator('[data-current]').textContent()).toBe('Carnet');
    expect(await row(page, 'Anne').locator('td.num').textContent()).toBe('10');
    expect(await row(page, 'Anne').locator('[data-present]').count()).toBe(0);
    expect(await row(page, 'Yann').locator('[data-current]').getAttribute('data-current')).toBe('staff');
    expect(await row(page, 'Yann').locator('[data-present]').textContent()).toBe("présent aujourd'hui");
    expect(await row(page, 'Bob').locator('[data-current]').textContent()).toBe("Abonnement jusqu'au 31 déc. 2099");
    expect(Number(await row(page, 'Bob').locator('td.num').textContent())).toBeGreaterThan(0);
    expect(await row(page, 'Carla').textContent()).toContain('aucun');
    expect(await row(page, 'Dora').textContent()).toContain('aucun');
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(1366);
    await row(page, 'Anne').locator('button').click();
    await page.locator('.member-name', { hasText: 'Anne Le Goff' }).waitFor();
    await screenshot(page, 'members-1366');
    await page.close();
  });

  it('says in French why a sale is refused (no raw "Invalid validUntil")', async () => {
    const page = await newPage(browser, problems, { width: 1366, height: 768 });
    await logIn(page, cantine.baseUrl);
    await page.locator('nav a[data-section=members]').click();
    await row(page, 'Anne').locator('button').click();
    await page.locator('#pass-sell select[name=type]').selectOption('subscription');
    await page.locator('#pass-sell input[name=validFrom]').fill('2026-03-10');
    await page.locator('#pass-sell input[name=validUntil]').fill('2026-03-01');
    await page.locator('#pass-sell button[type=submit]').click();
    await expect.poll(() => page.locator('#pass-sell .note.error').textContent()).toBe('Saisie refusée — Au : doit être le même jour que « Du » ou après');
    await page.close();
  });

  it('fits a phone: the sections and the member detail without sideways scrolling', async () => {
    const page = await newPage(browser, problems, { width: 390, height: 844 });
    await logIn(page, cantine.baseUrl);
    for (const section of ['members', 'devices', 'doors', 'accounts']) {
      await page.locator(`nav a[data-section=${section}]`).click();
      await page.locator('.card').first().waitFor();
      expect(Number(await page.evaluate('document.documentElement.scrollWidth')), section).toBeLessThanOrEqual(390);
    }
    await page.locator('nav a[data-section=members]').click();
    await row(page, 'Anne').locator('button').click();
    await page.locator('.member-name', { hasText: 'Anne Le Goff' }).waitFor();
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-member');
    await page.locator('nav a[data-section=doors]').click();
    await page.locator('[data-lockdown]').waitFor();
    await screenshot(page, 'phone-doors');
    await page.close();
  });

  it('logs no console error but the refusal asked for', () => {
    expect(problems.filter((p) => !/\b400\b/.test(p))).toEqual([]);
  });
});
