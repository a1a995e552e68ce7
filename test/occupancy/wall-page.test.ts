// The built wall page in headless Chromium: it shows the API's free count, follows a presence
// event within a second, reads at 1920×1080 and 1080×1920, and says so when the service is gone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { requireServices } from '../support/services.js';
import { getSeats, presence, sensorStatus } from './helpers.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromiumPath);
if (!hasChromium) {
  if (requireServices) throw new Error(`${chromiumPath} is absent, and CANTINE_REQUIRE_SERVICES=1 requires it`);
  console.warn(`[skip] wall page suite skipped: ${chromiumPath} is absent (apt-get install -y chromium).`);
}

/** Builds the pages when a source of the wall is newer than its build. */
function buildWallIfStale(): void {
  const built = 'dist/web/wall/index.html';
  const sources = ['apps/wall/index.html', 'apps/wall/vite.config.ts', 'libs/protocol/src/wall-events.ts', ...fs.readdirSync('apps/wall/src').map((f) => path.join('apps/wall/src', f))];
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (sources.some((source) => fs.statSync(source).mtimeMs > builtAt)) execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
}

describe.skipIf(!hasChromium)('the wall page', () => {
  let cantine: TestCantine;
  let stopped = false;
  let browser: Browser;
  const consoleErrors: string[] = [];

  async function openWall(viewport: { width: number; height: number }, query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${cantine.baseUrl}/wall/${query}`);
    await page.locator('[data-desk] .glyph').first().waitFor();
    return page;
  }

  beforeAll(async () => {
    buildWallIfStale();
    cantine = await startTestCantine();
    // A morning in progress: six desks taken, fourteen free, four sensors silent.
    for (let n = 1; n <= 20; n++) sensorStatus(cantine, `desk-${String(n).padStart(2, '0')}`, true);
    for (const n of [1, 2, 5, 8, 9, 13]) presence(cantine, `desk-${String(n).padStart(2, '0')}`, true);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    if (stopped) fs.rmSync(cantine.dataDir, { recursive: true, force: true });
    else await cantine?.dispose();
  });

  it('shows the free count of the API and every desk by state, in French, at 1920×1080', async () => {
    const page = await openWall({ width: 1920, height: 1080 });
    const seats = await getSeats(cantine);
    await expect.poll(() => page.locator('#free-count').textContent()).toBe(String(seats.free));
    expect(await page.locator('#free-label').textContent()).toBe('places libres');
    expect(await page.locator('[data-state="occupied"]').count()).toBe(seats.occupied);
    expect(await page.locator('[data-state="offline"]').count()).toBe(seats.offline);
    expect(await page.locator('#site-name').textContent()).toBe('Cantine numérique de Quimper');
    expect(await page.locator('#zones li[data-zone="open-space"] .zone-value').textContent()).toBe(`${seats.free} libres / 24`);
    expect(await page.locator('#events').isHidden()).toBe(true);
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/wall.png' });
    await page.close();
  });

  it('follows a presence event within a second', async () => {
    const page = await openWall({ width: 1920, height: 1080 });
    const before = Number(await page.locator('#free-count').textContent());
    const started = Date.now();
    presence(cantine, 'desk-03', true);
    await page.locator('[data-desk="desk-03"][data-state="occupied"]').waitFor({ timeout: 1000 });
    await expect.poll(() => page.locator('#free-count').textContent(), { timeout: 1000 }).toBe(String(before - 1));
    expect(Date.now() - started).toBeLessThan(1000);
    await page.close();
  });

  it('reads in portrait at 1080×1920, and in English with ?lang=en', async () => {
    const page = await openWall({ width: 1080, height: 1920 }, '?lang=en');
    await expect.poll(() => page.locator('#free-label').textContent()).toBe('free seats');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const plan = await page.locator('#plan').boundingBox();
    expect(plan!.width).toBeGreaterThan(900);
    await page.screenshot({ path: 'test-results/wall-portrait.png' });
    await page.close();
  });

  it('logs no console error while the service runs', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('shows the disconnected banner when the service stops, and recovers by itself when it is back', async () => {
    const page = await openWall({ width: 1920, height: 1080 });
    const port = new URL(cantine.baseUrl).port;
    stopped = true;
    await cantine.close();
    const banner = page.locator('#banner');
    await banner.waitFor({ state: 'visible', timeout: 5000 });
    expect(await banner.textContent()).toBe('Déconnecté — reconnexion…');
    await page.screenshot({ path: 'test-results/wall-disconnected.png' });

    const back = await startTestCantine({ PORT: port, DATA_DIR: cantine.dataDir });
    try {
      presence(back, 'desk-04', true);
      await banner.waitFor({ state: 'hidden', timeout: 10_000 });
      const seats = await getSeats(back);
      await expect.poll(() => page.locator('#free-count').textContent()).toBe(String(seats.free));
      expect(await page.locator('[data-desk="desk-04"]').getAttribute('data-state')).toBe('occupied');
    } finally {
      await back.close();
      await page.close();
    }
  });
});
