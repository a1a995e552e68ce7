// The dashboard's corrections in headless Chromium: a manager edits a member (a taken e-mail
// refused in French), ends a subscription, corrects a carnet, cancels a pass with a refund, and
// reads a refused date in French; staff edit a name but see no pass action nor adherent box.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { buildDashboardIfStale, chromiumPresent, launchChromium, logIn, newPage } from './helpers.js';

const hasChromium = chromiumPresent('dashboard passes');
const STAFF = { email: 'staff@example.org', password: 'staff password long enough' };

describe.skipIf(!hasChromium)('the dashboard: member edits and the pass lifecycle', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let browser: Browser;
  let page: Page;
  let anne: string;
  const problems: string[] = [];
  const passes = async () => ((await manager.get(`/api/members/${anne}`)).body as { passes: Array<Record<string, unknown>> }).passes;
  const passOf = async (type: string) => (await passes()).find((p) => p['type'] === type)!;

  beforeAll(async () => {
    buildDashboardIfStale();
    cantine = await startTestCantine();
    manager = await api(cantine);
    expect((await manager.post('/api/accounts', { ...STAFF, role: 'staff' })).status).toBe(201);
    anne = await manager.member('Anne Le Goff', null, [
      { type: 'subscription', validFrom: '2026-01-01' },
      { type: 'carnet', credits: 10 },
      { type: 'day' },
    ]);
    await manager.post('/api/members', { name: 'Bob Autre', email: 'bob@example.org', adherent: true });
    browser = await launchChromium();
    page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.locator('nav a[data-section=members]').click();
    await page.locator(`[data-member="${anne}"] button`).click();
    await page.locator('.member-name', { hasText: 'Anne Le Goff' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  it('refuses an e-mail that belongs to another member, in French, then renames the member', async () => {
    await page.locator('details.member-edit summary').click();
    const form = page.locator('#member-edit');
    await form.locator('input[name=email]').fill('BOB@example.org');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.note.error').textContent()).toBe('Cette adresse e-mail appartient déjà à un autre adhérent.');
    await form.locator('input[name=email]').fill('anne@example.org');
    await form.locator('input[name=name]').fill('Anne Le Goff-Kerné');
    await form.locator('input[name=adherent]').uncheck();
    await form.locator('button[type=submit]').click();
    await page.locator('.member-name', { hasText: 'Anne Le Goff-Kerné' }).waitFor();
    expect((await manager.get(`/api/members/${anne}`)).body).toMatchObject({ name: 'Anne Le Goff-Kerné', email: 'anne@example.org', adherent: false });
  });

  it('ends a subscription at a date, and says in French why a date before its start is refused', async () => {
    const id = (await passOf('subscription'))['id'] as string;
    await page.locator(`[data-pass="${id}"] [data-action=end]`).click();
    const form = page.locator('#pass-end');
    await form.locator('input[name=on]').fill('2025-12-01');
    await form.locator('button[type=submit]').click();
    const refusal = await form.locator('.note.error').textContent();
    expect(refusal).toBe('Saisie refusée — Date de fin : avant le début du pass (2026-01-01)');
    await form.locator('input[name=on]').fill('2026-03-31');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('#badge-flash').textContent()).toBe('Pass terminé.');
    expect(await passOf('subscription')).toMatchObject({ validUntil: '2026-03-31' });
  });

  it('corrects the credits of a carnet', async () => {
    const id = (await passOf('carnet'))['id'] as string;
    await page.locator(`[data-pass="${id}"] [data-action=correct]`).click();
    await page.locator('#pass-correct input[name=credits]').fill('12');
    await page.locator('#pass-correct button[type=submit]').click();
    await expect.poll(() => page.locator('#badge-flash').textContent()).toBe('Pass corrigé.');
    expect(await passOf('carnet')).toMatchObject({ credits: 12 });
    expect(await page.locator(`[data-pass="${id}"] td.num`).textContent()).toBe('12');
  });

  it('cancels a day pass with a reason and a refund, after a confirmation', async () => {
    const id = (await passOf('day'))['id'] as string;
    await page.locator(`[data-pass="${id}"] [data-action=cancel]`).click();
    await page.locator('#pass-cancel input[name=reason]').fill('Venue annulée');
    await page.locator('#pass-cancel input[name=refund]').check();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#pass-cancel button[type=submit]').click();
    await expect.poll(() => page.locator(`[data-pass="${id}"]`).textContent()).toContain('annulé le');
    expect(await passOf('day')).toMatchObject({ refund: true });
    expect((await passOf('day'))['cancelledOn']).toBeTruthy();
    expect(await page.locator(`[data-pass="${id}"] [data-action]`).count()).toBe(0);
  });

  it('lets staff rename a member but shows them no pass action and no adherent box', async () => {
    const staffPage = await newPage(browser, problems);
    await logIn(staffPage, cantine.baseUrl, '', STAFF);
    await staffPage.locator('nav a[data-section=members]').click();
    await staffPage.locator(`[data-member="${anne}"] button`).click();
    await staffPage.locator('[data-pass]').first().waitFor();
    expect(await staffPage.locator('[data-pass] [data-action]').count()).toBe(0);
    await staffPage.locator('details.member-edit summary').click();
    expect(await staffPage.locator('#member-edit input[name=adherent]').count()).toBe(0);
    await staffPage.locator('#member-edit input[name=name]').fill('Anne Kerné');
    await staffPage.locator('#member-edit button[type=submit]').click();
    await staffPage.locator('.member-name', { hasText: 'Anne Kerné' }).waitFor();
    await staffPage.close();
  });

  it('logs no console error but the refusals asked for', () => {
    expect(problems.filter((p) => !/\b(400|409)\b/.test(p))).toEqual([]);
  });
});
