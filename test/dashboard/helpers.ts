// Shared by the dashboard suites: the built page in headless Chromium, a logged-in page, and a
// few weeks of history seeded into the time-series store and the audit log.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { accessDecisionPoint, deskOccupancyPoint, zoneOccupancyPoint } from '../../apps/api/src/analytics/series-schema.js';
import { TimeSeriesStore, type TimePoint } from '../../apps/api/src/infra/timeseries/index.js';
import { requireServices } from '../support/services.js';
import type { TestCantine } from '../support/app.js';

export const chromiumPath = '/usr/bin/chromium';
export const MANAGER = { email: 'manager@example.org', password: 'correct horse battery' };

/** Whether the browser suites can run; without Chromium they skip, saying why (CI fails instead). */
export function chromiumPresent(suite: string): boolean {
  if (fs.existsSync(chromiumPath)) return true;
  if (requireServices) throw new Error(`${chromiumPath} is absent, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] ${suite} suite skipped: ${chromiumPath} is absent (apt-get install -y chromium).`);
  return false;
}

function sourcesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(
    (entry) => (entry.isDirectory() ? sourcesOf(path.join(dir, entry.name)) : [path.join(dir, entry.name)]),
  );
}

/** Builds the pages (npm run build:web) when a source of the dashboard is newer than its build. */
export function buildDashboardIfStale(): void {
  const built = 'dist/web/dashboard/index.html';
  const sources = ['apps/dashboard/index.html', 'apps/dashboard/vite.config.ts', 'libs/protocol/src/wall-events.ts', 'libs/domain/src/access/tariffs.ts', ...sourcesOf('apps/dashboard/src')];
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (sources.some((source) => fs.statSync(source).mtimeMs > builtAt)) execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A page that records console errors, page errors and failed requests into `problems`. */
export async function newPage(browser: Browser, problems: string[], viewport = { width: 1366, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport, acceptDownloads: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  // A step that never comes fails naming its locator, before the test's own 30 s end it without a word.
  page.setDefaultTimeout(20_000);
  page.on('console', (message) => {
    // Chromium logs every failed request; the expired-session test causes its 401s on purpose.
    if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  page.on('response', (response) => {
    // 401s are part of the expired-session test; anything else failing is a problem.
    if (response.status() >= 400 && response.status() !== 401) problems.push(`${response.status()} ${response.url()}`);
  });
  return page;
}

/** Opens the dashboard and logs in through the form; resolves once the live section shows. */
export async function logIn(page: Page, baseUrl: string, query = '', account = MANAGER): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/${query}`);
  await page.locator('input[name=email]').fill(account.email);
  await page.locator('input[name=password]').fill(account.password);
  await page.locator('form.login-form button[type=submit]').click();
  await page.locator('#live-counts .kpi').first().waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/dashboard-${name}.png`, fullPage: true });
}

/** Waits until the chart is drawn and checks it shows data (its points and its SVG shapes). */
export async function expectChartWithData(page: Page, name: string): Promise<void> {
  const chart = page.locator(`[data-chart="${name}"]`);
  await chart.and(page.locator('[data-drawn="true"]')).waitFor({ timeout: 10_000 });
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
  expect(await chart.locator('svg path').count()).toBeGreaterThan(5);
}

const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Three weeks of history, today included up to `now`: zone snapshots every quarter hour of the
 * day (08:00–16:00 UTC, the site's opening hours give or take DST), ten desks taken each
 * morning, and badge decisions with a few denials.
 */
export async function seedHistory(cantine: TestCantine, days = 21, now = Date.now()): Promise<void> {
  const points: TimePoint[] = [];
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  for (let day = days; day >= 0; day--) {
    const start = midnight - day * DAY_MS;
    for (let t = start + 8 * 3_600_000; t < start + 16 * 3_600_000 && t < now; t += QUARTER_MS) {
      const hour = (t - start) / 3_600_000;
      const occupied = Math.round(14 - Math.abs(hour - 12) * 2.5 + (day % 3));
      const at = new Date(t);
      points.push(zoneOccupancyPoint({ site: 'quimper', zone: 'open-space', occupied, free: 24 - occupied, offline: 0, headcount: occupied + 2, at }));
      points.push(zoneOccupancyPoint({ site: 'quimper', zone: 'hall', occupied: 0, free: 0, offline: 0, headcount: 2, at }));
    }
    for (let n = 1; n <= 10; n++) {
      const desk = `desk-${String(n).padStart(2, '0')}`;
      const taken = start + 8 * 3_600_000 + n * 10 * 60_000;
      const freed = start + 11 * 3_600_000 + n * 15 * 60_000;
      if (freed > now) continue;
      points.push(deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk, occupied: true, at: new Date(taken) }));
      points.push(deskOccupancyPoint({ site: 'quimper', zone: 'open-space', desk, occupied: false, at: new Date(freed) }));
    }
    const decision = (granted: boolean, reason: string, minute: number) =>
      points.push(accessDecisionPoint({ site: 'quimper', door: 'entrance', granted, reason, at: new Date(start + 8 * 3_600_000 + minute * 60_000) }));
    for (let k = 0; k < 8; k++) decision(true, 'subscription', k);
    decision(false, 'unknown-badge', 20);
    if (day % 2 === 0) decision(false, 'outside-hours', 21);
    if (day % 5 === 0) decision(false, 'pass-exhausted', 22);
  }
  await cantine.app.get(TimeSeriesStore).write(points.filter((point) => point.time.getTime() <= now));
}
