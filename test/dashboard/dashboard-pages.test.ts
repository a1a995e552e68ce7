// The built dashboard in headless Chromium: login, the live section following the sockets, the
// analytics charts drawn from seeded history, devices, English, a tablet, an expired session.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isOpeningDay, localTime, zonedInstant } from '#domain';
import type { Site } from '../../apps/api/src/sites/site.types.js';
import { SitesService } from '../../apps/api/src/sites/sites.service.js';
import { api, badgeIn, captureAnswers, setClock, type Answered } from '../access/helpers.js';
import { getSeats, presence, sensorStatus } from '../occupancy/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, provisioned } from '../support/devices.js';
import { buildDashboardIfStale, chromiumPresent, expectChartWithData, launchChromium, logIn, MANAGER, newPage, screenshot, seedHistory } from './helpers.js';

const hasChromium = chromiumPresent('dashboard pages');

describe.skipIf(!hasChromium)('the dashboard pages', () => {
  let cantine: TestCantine;
  let browser: Browser;
  let answers: Answered[];
  const problems: string[] = [];

  beforeAll(async () => {
    buildDashboardIfStale();
    cantine = await startTestCantine();
    answers = captureAnswers(cantine);
    const manager = await api(cantine);
    for (let n = 1; n <= 20; n++) sensorStatus(cantine, `desk-${String(n).padStart(2, '0')}`, true);
    for (const n of [1, 2, 5, 8, 9, 13]) presence(cantine, `desk-${String(n).padStart(2, '0')}`, true);
    // The reports are drawn at a fixed open hour: the forecast has hours left whenever the suite runs.
    const reportsAt = lastOpenMorning(cantine.app.get(SitesService).get('quimper'), new Date());
    setClock(cantine, reportsAt);
    await seedHistory(cantine, 21, reportsAt.getTime());
    // A desk sensor with a low battery, and a reader that never connected.
    const secret = await provisioned(cantine.baseUrl, manager.headers, { id: 'sensor-desk-24', kind: 'desk-sensor', desk: 'desk-24' });
    const sensor = await connectDevice(cantine.mqttPort, 'sensor-desk-24', secret);
    await sensor.publishAsync('cantine/quimper/devices/sensor-desk-24/status', JSON.stringify({ online: true, fw: '1.4.2', battery: 12, rssi: -61 }), { qos: 1, retain: true });
    await sensor.endAsync();
    await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    await manager.member('Anne Le Goff', '04A224B2C31F80', [{ type: 'staff' }]);
    badgeIn(cantine, answers, { uid: '04A224B2C31F80', at: new Date() });
    badgeIn(cantine, answers, { uid: 'DEADBEEF', at: new Date() });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  it('refuses a wrong password, then logs in (in French) to the live section with the API’s counts', async () => {
    const page = await newPage(browser, problems);
    await page.goto(`${cantine.baseUrl}/dashboard/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.locator('input[name=email]').fill(MANAGER.email);
    await page.locator('input[name=password]').fill('wrong password');
    await page.locator('form.login-form button[type=submit]').click();
    await expect.poll(() => page.locator('.login-status').textContent()).toBe('E-mail ou mot de passe incorrect.');
    await screenshot(page, 'login');
    await page.locator('input[name=password]').fill(MANAGER.password);
    await page.locator('form.login-form button[type=submit]').click();
    await page.locator('#live-counts .kpi').first().waitFor();
    const seats = await getSeats(cantine);
    expect(await page.locator('[data-kpi=free] .kpi-value').textContent()).toBe(String(seats.free));
    expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('En direct');
    expect(await page.evaluate("sessionStorage.getItem('cantine.token')")).toMatch(/\S{20,}/);
    await page.close();
  });

  it('follows seats and shows denials and alarms as they happen', async () => {
    const page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.locator('#live-feed [data-kind=badge]').first().waitFor();
    const before = Number(await page.locator('[data-kpi=free] .kpi-value').textContent());
    presence(cantine, 'desk-03', true);
    await expect.poll(() => page.locator('[data-kpi=free] .kpi-value').textContent()).toBe(String(before - 1));
    await expect.poll(() => page.locator('#live-desks [data-desk=desk-03]').getAttribute('class')).toBe('desk occupied');
    badgeIn(cantine, answers, { uid: 'CAFEBABE', reader: 'reader-open-space', door: 'open-space', at: new Date() });
    await expect.poll(() => page.locator('#live-feed li').first().textContent()).toContain('Badge inconnu');
    expect(await page.locator('#live-feed li').first().textContent()).toContain("Porte de l'open space");
    await screenshot(page, 'live');
    await page.close();
  });

  it("draws today's chart against the typical day, and the forecast", async () => {
    const page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.locator('nav a[data-section=today]').click();
    await expectChartWithData(page, 'today');
    await expectChartWithData(page, 'forecast');
    await screenshot(page, 'today');
    await page.close();
  });

  it('draws the history: heatmap, utilisation, peaks, stays and denials', async () => {
    const page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.locator('nav a[data-section=history]').click();
    for (const chart of ['heatmap', 'utilisation', 'peaks', 'denials']) await expectChartWithData(page, chart);
    expect(Number(await page.locator('[data-stays]').getAttribute('data-stays'))).toBeGreaterThan(10);
    expect(await page.locator('[data-chart=denials] svg').textContent()).toContain('Badge inconnu');
    await screenshot(page, 'history');
    await page.close();
  });

  it('lists devices with online state, a low battery flagged, and last seen', async () => {
    const page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.locator('nav a[data-section=devices]').click();
    const sensor = page.locator('[data-device=sensor-desk-24]');
    await sensor.waitFor();
    expect(await sensor.locator('[data-low]').textContent()).toBe('12 % (faible)');
    expect(await sensor.textContent()).toContain('1.4.2');
    expect(await page.locator('[data-device=reader-entrance]').textContent()).toContain('jamais');
    await screenshot(page, 'devices');
    await page.close();
  });

  it('reads in English with ?lang=en, on a tablet in portrait', async () => {
    const page = await newPage(browser, problems, { width: 768, height: 1024 });
    await logIn(page, cantine.baseUrl, '?lang=en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('nav a[data-section=members]').textContent()).toBe('Members');
    expect(await page.locator('[data-kpi=free] .kpi-label').textContent()).toBe('Free');
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
    expect(width).toBeLessThanOrEqual(768);
    await screenshot(page, 'tablet-live');
    await page.locator('nav a[data-section=history]').click();
    await expectChartWithData(page, 'heatmap');
    await screenshot(page, 'tablet-history');
    await page.close();
  });

  it('goes back to the login form with a message when the token has expired, and logs out', async () => {
    const page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.evaluate("sessionStorage.setItem('cantine.token', 'expired.token.value')");
    await page.locator('nav a[data-section=members]').click();
    await expect.poll(() => page.locator('.login-status').textContent()).toBe('Votre session a expiré : reconnectez-vous.');
    await logIn(page, cantine.baseUrl);
    await page.locator('#logout').click();
    await page.locator('form.login-form').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('cantine.token')")).toBeNull();
    await page.close();
  });

  it('logs no console error', () => {
    expect(problems).toEqual([]);
  });
});

/** 10:30 on the latest opening day already past (Quimper opens 09:00–17:00 on opening days). */
function lastOpenMorning(site: Site, now: Date): Date {
  for (let date = localTime(now, site.timezone).date; ; date = addDays(date, -1)) {
    const at = zonedInstant(date, 10 * 60 + 30, site.timezone);
    if (at <= now && isOpeningDay(date, localTime(at, site.timezone).weekday, site)) return at;
  }
}
