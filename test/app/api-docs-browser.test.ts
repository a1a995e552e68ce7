// "Try it out" in /api/docs, clicked in Chromium as a person would: sign in, paste the token into
// "Authorize", create a member and sell them a day pass, with nothing typed but the bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath, chromiumPresent, MANAGER } from '../dashboard/helpers.js';
import { startTestCantine, type TestCantine } from '../support/app.js';

describe.runIf(chromiumPresent('API docs browser'))('/api/docs in Chromium', () => {
  let cantine: TestCantine;
  let browser: Browser;
  beforeAll(async () => {
    cantine = await startTestCantine();
    browser = await chromium.launch({ executablePath: chromiumPath });
  });
  afterAll(async () => {
    await browser?.close();
    await cantine?.dispose();
  });

  // One operation's "Try it out": its path parameter (if any) and body, then what came back.
  const tryOut = async (page: Page, id: string, body: unknown, pathValue?: string) => {
    const root = `[id$="-${id}"]`;
    await page.click(`${root} .opblock-summary`);
    await page.click(`${root} .try-out__btn`);
    if (pathValue) await page.fill(`${root} .parameters input[type=text]`, pathValue);
    await page.fill(`${root} textarea.body-param__text`, JSON.stringify(body));
    await page.click(`${root} .execute`);
    await page.waitForSelector(`${root} .live-responses-table .response-col_status`);
    const status = Number((await page.textContent(`${root} .live-responses-table .response .response-col_status`))!.trim());
    const answer = JSON.parse((await page.textContent(`${root} .live-responses-table .response-col_description pre.microlight`)) ?? 'null');
    return { status, answer };
  };

  it('signs in, authorizes and sells a day pass from the page', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
    await page.goto(`${cantine.baseUrl}/api/docs`);
    const login = await tryOut(page, 'AuthController_login', MANAGER);
    expect(login.status).toBe(200);

    await page.click('.auth-wrapper .authorize');
    await page.fill('.modal-ux input[type=text]', login.answer.token);
    await page.click('.modal-ux .auth-btn-wrapper button.authorize');
    await page.click('.modal-ux .btn-done');

    const member = await tryOut(page, 'MembersController_create', { name: 'Anne Le Goff', email: 'anne@example.org', adherent: true });
    expect(member.status).toBe(201);
    const pass = await tryOut(page, 'MembersController_addPass', { type: 'day' }, member.answer.id);
    expect(pass).toMatchObject({ status: 201, answer: { id: expect.any(String) } });
    expect(errors).toEqual([]);
  });
});
