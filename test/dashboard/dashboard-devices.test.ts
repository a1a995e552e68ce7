// The dashboard's device management in headless Chromium, as a manager: provision a Tasmota
// reader (secret shown once, a Backlog line to paste), connect with it, rename and move it,
// rotate its secret (the old one refused), delete it; as staff: the list without any action.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../access/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';
import { connectDevice, listDevices, provisioned } from '../support/devices.js';
import { buildDashboardIfStale, chromiumPresent, launchChromium, logIn, newPage, screenshot } from './helpers.js';

const hasChromium = chromiumPresent('dashboard devices');
const STAFF = { email: 'staff@example.org', password: 'staff password long enough' };

describe.skipIf(!hasChromium)('the dashboard: devices', () => {
  let cantine: TestCantine;
  let manager: Awaited<ReturnType<typeof api>>;
  let browser: Browser;
  let page: Page;
  let entranceSecret: string;
  const problems: string[] = [];

  beforeAll(async () => {
    buildDashboardIfStale();
    cantine = await startTestCantine();
    manager = await api(cantine);
    expect((await manager.post('/api/accounts', { ...STAFF, role: 'staff' })).status).toBe(201);
    entranceSecret = await provisioned(cantine.baseUrl, manager.headers, { id: 'reader-entrance', kind: 'reader', door: 'entrance' });
    browser = await launchChromium();
    page = await newPage(browser, problems);
    await logIn(page, cantine.baseUrl);
    await page.locator('nav a[data-section=devices]').click();
    await page.locator('[data-device=reader-entrance]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  const secretShown = async () => (await page.locator('#secret-password').textContent())!;

  it('provisions a Tasmota reader: its secret once, a Backlog line that works on the broker', async () => {
    const form = page.locator('#device-create');
    await form.locator('input[name=id]').fill('reader-tasmota');
    await form.locator('select[name=kind]').selectOption('reader');
    await form.locator('select[name=protocol]').selectOption('tasmota');
    expect(await form.locator('select[name=desk]').isVisible()).toBe(false);
    await form.locator('select[name=door]').selectOption('open-space');
    await form.locator('input[name=topic]').fill('porte_open');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-secret-for=reader-tasmota]').waitFor();
    const password = await secretShown();
    expect(password).toMatch(/^\S{16,}$/);
    expect(await page.locator('#secret-username').textContent()).toBe('reader-tasmota');
    const config = await page.locator('#firmware-config').inputValue();
    expect(config).toBe(
      `Backlog MqttHost 127.0.0.1; MqttPort 1883; MqttUser reader-tasmota; MqttPassword ${password}; Topic porte_open; FullTopic %prefix%/%topic%/; SensorRetain 0; PowerOnState 0; SetOption90 1; PulseTime1 50`,
    );
    await page.locator('#device-secret input[name=broker]').fill(`127.0.0.1:${cantine.mqttPort}`);
    expect(await page.locator('#firmware-config').inputValue()).toContain(`MqttPort ${cantine.mqttPort};`);
    await page.locator('[data-device=reader-tasmota]').waitFor();
    await screenshot(page, 'device-provisioned');
    const device = (await listDevices(cantine.baseUrl, manager.headers)).find((d) => d.id === 'reader-tasmota');
    expect(device).toMatchObject({ kind: 'reader', protocol: 'tasmota', door: 'open-space', topic: 'porte_open' });
    const client = await connectDevice(cantine.mqttPort, 'reader-tasmota', password, { clientId: 'DVES_ABCDEF' });
    await client.endAsync();
  });

  it('gives a Zigbee2MQTT bridge its configuration.yaml, and a sensor its friendly name under that bridge', async () => {
    const form = page.locator('#device-create');
    await form.locator('input[name=id]').fill('bridge-1');
    await form.locator('select[name=kind]').selectOption('bridge');
    await form.locator('input[name=topic]').fill('zigbee2mqtt');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-secret-for=bridge-1]').waitFor();
    const config = await page.locator('#firmware-config').inputValue();
    expect(config).toContain('base_topic: zigbee2mqtt');
    expect(config).toContain(`password: ${await secretShown()}`);
    await page.locator('[data-device=bridge-1]').waitFor();
    await form.locator('input[name=id]').fill('desk-3-sensor');
    await form.locator('select[name=kind]').selectOption('desk-sensor');
    await form.locator('select[name=protocol]').selectOption('zigbee2mqtt');
    await form.locator('select[name=desk]').selectOption('desk-03');
    await form.locator('select[name=bridge]').selectOption('bridge-1');
    await form.locator('input[name=topic]').fill('bureau 3');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-secret-for=desk-3-sensor]').waitFor();
    expect(await page.locator('#firmware-config').inputValue()).toContain("friendly_name: 'bureau 3'");
    expect(await page.locator('[data-secret-for=desk-3-sensor]').textContent()).toContain("Ce capteur n'a pas de mot de passe");
  });

  it('shows the API refusal of a taken id in French', async () => {
    const form = page.locator('#device-create');
    await form.locator('input[name=id]').fill('reader-entrance');
    await form.locator('select[name=kind]').selectOption('reader');
    await form.locator('select[name=protocol]').selectOption('native');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('.note.error').textContent()).toMatch(/^Conflit/);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('409')));
  });

  it('renames and moves a reader, keeping its credentials', async () => {
    await page.locator('[data-device=reader-tasmota] [data-action=edit]').click();
    const form = page.locator('#device-edit');
    await form.locator('input[name=name]').fill('Lecteur open space');
    await form.locator('select[name=door]').selectOption('event-room');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('#device-status').textContent()).toBe('Équipement reader-tasmota modifié.');
    await expect.poll(() => page.locator('[data-device=reader-tasmota]').textContent()).toContain('Lecteur open space');
    const device = (await listDevices(cantine.baseUrl, manager.headers)).find((d) => d.id === 'reader-tasmota');
    expect(device).toMatchObject({ name: 'Lecteur open space', door: 'event-room' });
  });

  it('rotates the secret after a confirmation: the new one shown once works, the old one is refused', async () => {
    const before = (await listDevices(cantine.baseUrl, manager.headers)).length;
    // First the manager changes their mind: nothing happens.
    page.once('dialog', (dialog) => void dialog.dismiss());
    const sent = page.waitForRequest((request) => request.url().endsWith('/rotate'), { timeout: 1000 }).then(() => true, () => false);
    await page.locator('[data-device=reader-entrance] [data-action=rotate]').click();
    expect(await sent).toBe(false);
    expect(await page.locator('[data-secret-for=reader-entrance]').count()).toBe(0);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-device=reader-entrance] [data-action=rotate]').click();
    await page.locator('[data-secret-for=reader-entrance]').waitFor();
    const fresh = await secretShown();
    expect(fresh).not.toBe(entranceSecret);
    const client = await connectDevice(cantine.mqttPort, 'reader-entrance', fresh);
    await client.endAsync();
    await expect(connectDevice(cantine.mqttPort, 'reader-entrance', entranceSecret)).rejects.toThrow();
    expect((await listDevices(cantine.baseUrl, manager.headers)).length).toBe(before);
  });

  it('deletes a device after a confirmation; its secret stops working', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-device=reader-tasmota] [data-action=rotate]').click();
    await page.locator('[data-secret-for=reader-tasmota]').waitFor();
    const secret = await secretShown();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-device=reader-tasmota] [data-action=delete]').click();
    await expect.poll(() => page.locator('[data-device=reader-tasmota]').count()).toBe(0);
    expect(await page.locator('#device-status').textContent()).toBe('Équipement reader-tasmota supprimé.');
    expect((await listDevices(cantine.baseUrl, manager.headers)).map((d) => d.id)).not.toContain('reader-tasmota');
    await expect(connectDevice(cantine.mqttPort, 'reader-tasmota', secret, { clientId: 'DVES_ABCDEF' })).rejects.toThrow();
  });

  it('shows staff the devices without any action', async () => {
    const staffPage = await newPage(browser, problems);
    await logIn(staffPage, cantine.baseUrl, '', STAFF);
    await staffPage.locator('nav a[data-section=devices]').click();
    await staffPage.locator('[data-device=reader-entrance]').waitFor();
    expect(await staffPage.locator('#device-create').count()).toBe(0);
    expect(await staffPage.locator('[data-action]').count()).toBe(0);
    await staffPage.close();
  });

  it('logs no console error', () => {
    expect(problems).toEqual([]);
  });
});
