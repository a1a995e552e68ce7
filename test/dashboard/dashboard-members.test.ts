// The dashboard's manager actions in headless Chromium: create a member, sell a pass at its
// tariff price, enrol a badge by presenting it at an armed reader, revoke it, and download the
// journal's and the statements' CSV.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../apps/api/src/access/audit-log.js';
import { api, badgeIn, captureAnswers, type Answered } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { provisioned } from '../support/devices.js';
import { buildDashboardIfStale, chromiumPresent, launchChromium, logIn, newPage, screenshot } from './helpers.js';

const hasChromium = chromiumPresent('dashboard members');

describe.skipIf(!hasChromium)('the dashboard: members, enrolment, journal and statements', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let browser: Browser;
  let page: Page;
  let answers: Answered[];
  const problems: string[] = [];

  beforeAll(async () => {
    buildDashboardIfStale();
    cantine = await startTestCantine();
    manager = await api(cantine);
    answers = captureAnswers(cantine);
    await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-desk', kind: 'reader', door: 'open-space' });
    await manager.member('Yann Holder', '0A0B0C0D', [{ type: 'staff' }]);
    browser = await launchChromium();
    page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  it('creates a member and sells a carnet at its tariff price', async () => {
    await page.locator('nav a[data-section=members]').click();
    await page.locator('#member-create input[name=name]').fill('Anne Le Goff');
    await page.locator('#member-create input[name=email]').fill('anne@example.org');
    await page.locator('#member-create button[type=submit]').click();
    await page.locator('.member-name', { hasText: 'Anne Le Goff' }).waitFor();
    expect(await page.locator('#member-list [data-member]').count()).toBe(2);

    await expect.poll(() => page.locator('#pass-price').textContent()).toBe('9,00\u00a0€');
    await page.locator('#pass-sell select[name=type]').selectOption('carnet');
    await expect.poll(() => page.locator('#pass-price').textContent()).toBe('80,00\u00a0€');
    await page.locator('#pass-sell button[type=submit]').click();
    await page.locator('[data-pass][data-type=carnet]').waitFor();
    expect(await page.locator('[data-pass][data-type=carnet] td.num').textContent()).toBe('10');
  });

  it('enrols a badge presented at the reader armed from the page', async () => {
    await page.locator('select[name=reader]').selectOption('reader-desk');
    await page.locator('#enrol').click();
    await expect.poll(() => page.locator('#enrolment-status').textContent()).toMatch(/Présentez le badge sur « reader-desk »… \(\d+ s\)/);
    await screenshot(page, 'enrolment-waiting');
    const answer = badgeIn(cantine, answers, { uid: '04A224B2C31F80', reader: 'reader-desk', door: 'open-space', at: new Date() });
    expect(answer).toEqual({ granted: false, reason: 'no-valid-pass', message: 'Badge enregistré' });
    await page.locator('[data-badge="04A224B2C31F80"]').waitFor();
    expect(await page.locator('#badge-flash').textContent()).toBe('Badge 04A224B2C31F80 enregistré.');
    expect(await page.locator('[data-badge="04A224B2C31F80"]').textContent()).toContain('actif');
    await screenshot(page, 'members');
    // The badge now opens with the carnet.
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: new Date('2026-03-02T10:00:00+01:00') })).toMatchObject({ granted: true, reason: 'carnet' });
  });

  it('says so when the badge presented already belongs to someone', async () => {
    await page.locator('select[name=reader]').selectOption('reader-entrance');
    await page.locator('#enrol').click();
    await page.locator('#enrolment-status', { hasText: 'Présentez le badge' }).waitFor();
    badgeIn(cantine, answers, { uid: '0A0B0C0D', reader: 'reader-entrance', door: 'entrance', at: new Date() });
    await expect.poll(() => page.locator('#enrolment-status').textContent()).toBe('Ce badge appartient déjà à un autre adhérent.');
  });

  it('revokes a badge', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-badge="04A224B2C31F80"] button').click();
    await expect.poll(() => page.locator('[data-badge="04A224B2C31F80"]').textContent()).toContain('désactivé');
    expect(badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: new Date() })).toMatchObject({ granted: false, reason: 'badge-revoked' });
  });

  it('filters the journal and downloads it as CSV', async () => {
    await cantine.app.get(AuditLog).flush();
    await page.locator('nav a[data-section=journal]').click();
    // By default the last seven days: the refusal of now, not the grant of 2 March 2026.
    await page.locator('#journal [data-event]').first().waitFor();
    expect(await page.locator('#journal [data-event]').count()).toBe(1);
    await page.locator('#journal-filters input[name=from]').fill('2020-01-01');
    await page.locator('#journal-filters input[name=to]').fill('2099-12-31');
    await page.locator('#journal-filters button[type=submit]').click();
    await expect.poll(() => page.locator('#journal [data-event]').count()).toBe(2);
    await page.locator('#journal-filters select[name=granted]').selectOption('false');
    await page.locator('#journal-filters button[type=submit]').click();
    await expect.poll(() => page.locator('#journal [data-event]').count()).toBe(1);
    expect(await page.locator('#journal [data-event]').textContent()).toContain('Badge désactivé');
    await screenshot(page, 'journal');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#journal-csv').click()]);
    expect(download.suggestedFilename()).toBe('cantine-journal-quimper-2020-01-01-2099-12-31.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('heure_utc;heure_locale;type;site;porte;lecteur;uid;membre_id;membre;autorise;motif;motif_texte;detail');
    expect(lines[1]).toContain(';badge;quimper;entrance;reader-entrance;04A224B2C31F80;');
    expect(lines[1]).toContain(';Anne Le Goff;non;badge-revoked;Badge désactivé;');
    expect(lines).toHaveLength(3); // header, one entry, the final CRLF
  });

  it('shows the statements of the month and downloads their CSV from the API', async () => {
    await page.locator('nav a[data-section=statements]').click();
    await page.locator('#statements table').waitFor();
    expect(await page.locator('#statements-total').textContent()).toBe('80,00\u00a0€');
    await screenshot(page, 'statements');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#statements-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^cantine-releves-\d{4}-\d{2}\.csv$/);
    const header = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header).toBe('mois;membre_id;membre;adherent;journees;demi_journees;credits_carnet_utilises;carnets_vendus;mois_abonnement;montant_eur');
  });

  it('logs no console error', () => {
    expect(problems).toEqual([]);
  });
});
