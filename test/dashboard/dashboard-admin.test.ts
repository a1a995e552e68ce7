// The dashboard's doors and accounts in headless Chromium: a remote unlock and the lockdown, each
// after a confirmation; accounts created, disabled, re-enabled and given a new password (shown
// once); one's own password changed; a sign-out that revokes the token. As a manager and as staff.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api, badgeIn, captureAnswers, type Answered } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { buildDashboardIfStale, chromiumPresent, launchChromium, logIn, newPage, screenshot } from './helpers.js';

const hasChromium = chromiumPresent('dashboard admin');
const STAFF = { email: 'staff@example.org', password: 'staff password long enough' };

describe.skipIf(!hasChromium)('the dashboard: doors, lockdown and accounts', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let browser: Browser;
  let page: Page;
  let answers: Answered[];
  const problems: string[] = [];
  const signIn = (email: string, password: string) =>
    fetch(`${cantine.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }).then((r) => r.status);
  const unlocks = async () => ((await manager.get('/api/access-events?kind=unlock')).body as unknown[]).length;

  beforeAll(async () => {
    buildDashboardIfStale();
    cantine = await startTestCantine();
    manager = await api(cantine);
    expect((await manager.post('/api/accounts', { ...STAFF, role: 'staff' })).status).toBe(201);
    await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    answers = captureAnswers(cantine);
    await manager.member('Anne Le Goff', '04A224B2C31F80', [{ type: 'carnet', credits: 10 }]);
    browser = await launchChromium();
    page = await newPage(browser, problems, { width: 1366, height: 768 });
    await logIn(page, cantine.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  it('opens a door remotely only once confirmed', async () => {
    await page.locator('nav a[data-section=doors]').click();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.locator('[data-door=entrance] [data-action=unlock]').click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-door=entrance] [data-action=unlock]').click();
    await expect.poll(() => page.locator('#doors-status').textContent()).toBe('« Entrée » ouverte (1 lecteur).');
    await screenshot(page, 'doors');
    // Exactly one: the dismissed confirmation sent nothing.
    await cantine.app.get(AuditLog).flush();
    expect(await unlocks()).toBe(1);
  });

  it('switches the lockdown on and off after a confirmation', async () => {
    const lockdown = async () => ((await manager.get('/api/sites/quimper/lockdown')).body as { lockdown: boolean }).lockdown;
    await page.locator('[data-lockdown=false]').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#lockdown-toggle').click();
    await page.locator('[data-lockdown=true]').waitFor();
    expect(await lockdown()).toBe(true);
    // A badge refused by the lockdown reads as such in the journal, not as "Hors horaires".
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: new Date() })).toMatchObject({ granted: false, reason: 'outside-hours' });
    await cantine.app.get(AuditLog).flush();
    await page.locator('nav a[data-section=journal]').click();
    await expect.poll(() => page.locator('#journal [data-event]').first().textContent()).toContain('Refusé : confinement');
    await page.locator('nav a[data-section=doors]').click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#lockdown-toggle').click();
    await page.locator('[data-lockdown=false]').waitFor();
    expect(await lockdown()).toBe(false);
  });

  it('creates an account, disables it, gives it a new password shown once and enables it', async () => {
    await page.locator('nav a[data-section=accounts]').click();
    const form = page.locator('#account-create');
    await form.locator('input[name=email]').fill('lea@example.org');
    await form.locator('input[name=password]').fill('first password 123');
    await form.locator('button[type=submit]').click();
    const row = page.locator('[data-account="lea@example.org"]');
    await row.waitFor();
    expect(await signIn('lea@example.org', 'first password 123')).toBe(200);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-action=disable]').click();
    await expect.poll(() => row.textContent()).toContain('désactivé');
    expect(await signIn('lea@example.org', 'first password 123')).toBe(401);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-action=reset]').click();
    const password = (await page.locator('#reset-password').textContent())!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    await row.locator('[data-action=enable]').click();
    await expect.poll(() => row.textContent()).toContain('actif');
    expect(await signIn('lea@example.org', password)).toBe(200);
    await screenshot(page, 'accounts');
    expect(await page.locator('[data-account="manager@example.org"] [data-action]').count()).toBe(0);
  });

  it('shows staff the unlock but neither the lockdown switch nor the accounts; staff change their own password', async () => {
    const staffPage = await newPage(browser, problems);
    await logIn(staffPage, cantine.baseUrl, '', STAFF);
    await staffPage.locator('nav a[data-section=doors]').click();
    await staffPage.locator('[data-door=entrance] [data-action=unlock]').waitFor();
    await staffPage.locator('[data-lockdown]').waitFor();
    expect(await staffPage.locator('#lockdown-toggle').count()).toBe(0);
    await staffPage.locator('nav a[data-section=accounts]').click();
    await staffPage.locator('#password-change').waitFor();
    expect(await staffPage.locator('#account-list').count()).toBe(0);
    await staffPage.locator('#password-change input[name=current]').fill('not my password');
    await staffPage.locator('#password-change input[name=next]').fill('a brand new password');
    await staffPage.locator('#password-change button[type=submit]').click();
    await expect.poll(() => staffPage.locator('#password-change .note.error').textContent()).toBe('Saisie refusée — Mot de passe actuel : incorrect');
    await staffPage.locator('#password-change input[name=current]').fill(STAFF.password);
    await staffPage.locator('#password-change button[type=submit]').click();
    await expect.poll(() => staffPage.locator('.login-status').textContent()).toBe('Mot de passe changé : reconnectez-vous avec le nouveau.');
    expect(await signIn(STAFF.email, 'a brand new password')).toBe(200);
    await staffPage.close();
  });

  it('signs out by revoking the token at the API', async () => {
    const token = await page.evaluate("sessionStorage.getItem('cantine.token')");
    await page.locator('#logout').click();
    await page.locator('form.login-form').waitFor();
    const after = await fetch(`${cantine.baseUrl}/api/members`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('logs no console error but the refusal asked for', () => {
    expect(problems.filter((p) => !/\b400\b/.test(p))).toEqual([]);
  });
});
