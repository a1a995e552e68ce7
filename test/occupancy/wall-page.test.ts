// The built wall page in headless Chromium: it shows the API's free count, follows a presence
// event within a second, reads at 1920×1080 and 1080×1920, and says so when the service is gone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, setClock } from '../access/helpers.js';
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

// Wednesday 4 March 2026, 10:00 in Quimper (UTC+1).
const WEDNESDAY_10H = new Date('2026-03-04T10:00:00+01:00');
const APERO = { type: 'event', title: "Pixel'péro", validFrom: '2026-03-04T18:00:00+01:00', validUntil: '2026-03-04T21:00:00+01:00' };

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
    // The service's clock, not the time the suite runs: a Wednesday morning, open (the wall's closed state has its own test).
    setClock(cantine, WEDNESDAY_10H);
    // A morning in progress: six desks taken, fourteen free, four sensors gone silent.
    for (let n = 1; n <= 24; n++) sensorStatus(cantine, `desk-${String(n).padStart(2, '0')}`, true);
    for (let n = 21; n <= 24; n++) sensorStatus(cantine, `desk-${n}`, false);
    const manager = await api(cantine);
    for (const name of ['Anne Kerhervé', 'Yann Le Goff']) await manager.member(name, null, [APERO]);
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
    expect(await page.locator('#hours').textContent()).toBe("Aujourd'hui 9 h – 17 h");
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/wall.png' });
    await page.close();
  });

  // How fast is measured by `npm run bench` (the wall's latency); here, that the socket pushes it:
  // seats reach the page only through the socket (its minute refresh fetches events and hours).
  it('follows a presence event without reloading', async () => {
    const page = await openWall({ width: 1920, height: 1080 });
    const before = Number(await page.locator('#free-count').textContent());
    presence(cantine, 'desk-03', true);
    await page.locator('[data-desk="desk-03"][data-state="occupied"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('#free-count').textContent(), { timeout: 10_000 }).toBe(String(before - 1));
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

  it("lists the next event with its time and room, and no attendee's name", async () => {
    const page = await openWall({ width: 1920, height: 1080 });
    const item = page.locator('#event-list li').first();
    await item.waitFor();
    expect(await page.locator('#event-list li').count()).toBe(1);
    expect(await item.locator('.event-title').textContent()).toBe("Pixel'péro");
    expect(await item.locator('.event-room').textContent()).toBe("Salle d'événements");
    expect(await item.locator('time').textContent()).toMatch(/18:00/);
    const body = (await page.locator('body').textContent()) ?? '';
    for (const name of ['Anne', 'Kerhervé', 'Yann', 'Goff']) expect(body).not.toContain(name);
    await page.close();
  });

  it.each([
    { orientation: 'landscape', viewport: { width: 1920, height: 1080 } },
    { orientation: 'portrait', viewport: { width: 1080, height: 1920 } },
  ])('says "Fermé — ouvre lundi à 9 h" on a Friday night, with no free count ($orientation)', async ({ orientation, viewport }) => {
    setClock(cantine, new Date('2026-03-06T22:30:00+01:00'));
    try {
      const page = await openWall(viewport);
      await expect.poll(() => page.locator('#free-count').textContent()).toBe('Fermé');
      expect(await page.locator('#free-label').textContent()).toBe('ouvre lundi à 9 h');
      expect(await page.locator('#hours').textContent()).toBe("Aujourd'hui 9 h – 17 h");
      expect(await page.locator('body').getAttribute('class')).toContain('closed');
      // The clock shows the service's time, not the screen's.
      expect(await page.locator('#time').textContent()).toBe('22:30');
      expect(await page.locator('#date').textContent()).toBe('vendredi 6 mars');
      const count = await page.locator('#free-count').boundingBox();
      // Readable from 5 m: the word is at least 10 % of the screen's short side.
      expect(count!.height).toBeGreaterThan(0.1 * Math.min(viewport.width, viewport.height));
      await page.screenshot({ path: `test-results/wall-closed-${orientation}.png` });
      await page.close();
    } finally {
      setClock(cantine, WEDNESDAY_10H);
    }
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
    setClock(back, WEDNESDAY_10H);
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
